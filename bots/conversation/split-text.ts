/**
 * Cuts a text into pieces a platform accepts (`limit` counted in UTF-16 units, as JavaScript does), at
 * the last paragraph break that fits, else the last line break, else the last space; a single unbroken
 * run longer than the limit is cut without splitting a character made of two UTF-16 units. Every
 * adapter splits its replies with it, each with its platform's limit.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = lastBreak(window, '\n\n') ?? lastBreak(window, '\n') ?? lastBreak(window, ' ');
    if (cut === undefined) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Where to cut before the last `separator` in the window, if that leaves something in front. */
function lastBreak(window: string, separator: string): number | undefined {
  const at = window.lastIndexOf(separator);
  return at > 0 ? at : undefined;
}
