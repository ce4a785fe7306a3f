/**
 * A text written for the chats, printed on a page: the chats separate paragraphs with a blank line and
 * start list items with « • »; the page makes them paragraphs and lists, so a screen reader announces
 * them as such, and makes an address a link. The words stay exactly those the chat sends.
 */

type Block = { kind: 'p'; text: string } | { kind: 'ul'; items: string[] };

const bullet = /^•\s*/;

/** A chat text's paragraphs and lists, in order; a blank line before an item starts a new list. */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let afterBlankLine = true;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') {
      afterBlankLine = true;
      continue;
    }
    const last = blocks.at(-1);
    if (bullet.test(trimmed)) {
      const item = trimmed.replace(bullet, '');
      if (last?.kind === 'ul' && !afterBlankLine) last.items.push(item);
      else blocks.push({ kind: 'ul', items: [item] });
    } else blocks.push({ kind: 'p', text: trimmed });
    afterBlankLine = false;
  }
  return blocks;
}

/** The text with each web address as a link (the CNIL's complaint page, for one). */
export function Linked(props: { text: string }) {
  const parts = props.text.split(/(https:\/\/[^\s«»()]+[^\s«»().,;:])/);
  return <>{parts.map((part, index) => (index % 2 === 1 ? <a href={part}>{part}</a> : part))}</>;
}

/** A chat text as paragraphs and lists. */
export function ChatText(props: { text: string }) {
  return (
    <>
      {textBlocks(props.text).map((block) =>
        block.kind === 'p' ? (
          <p>
            <Linked text={block.text} />
          </p>
        ) : (
          <ul>
            {block.items.map((item) => (
              <li>
                <Linked text={item} />
              </li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

/** A chat text's first line, its title there, and the rest. */
export function splitTitle(text: string): { title: string; body: string } {
  const newline = text.indexOf('\n');
  return newline < 0
    ? { title: text, body: '' }
    : { title: text.slice(0, newline), body: text.slice(newline + 1) };
}
