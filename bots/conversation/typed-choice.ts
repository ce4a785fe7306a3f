import type { Choice, Reply } from './types.ts';

/**
 * A choice typed in words instead of pressed: « oui », « Non. », « j'ai termine », « ACCEPTER » pick the
 * choice whose label they are, whatever the case, the accents, the apostrophe, the quotes or a final
 * full stop. The terminal has no buttons, and a person on any platform may simply write their answer.
 */
export function choiceTyped(text: string, choices: readonly Choice[]): Choice | undefined {
  const typed = comparable(text);
  if (typed === '') return undefined;
  const exact = choices.filter((choice) => comparable(choice.label) === typed);
  if (exact.length > 0) return exact.length === 1 ? exact[0] : undefined;
  // « oui » for « Oui, j’accepte », « rejoindre » for « Rejoindre cette médiation »: one word that starts
  // exactly one choice is that choice (a yes or no, or a verb: our labels start with what they do).
  if (!isOneWord(typed)) return undefined;
  const first = choices.filter((choice) => firstWord(comparable(choice.label)) === typed);
  return first.length === 1 ? first[0] : undefined;
}

/** « oui », « no », « rejoindre »: a single word (two letters at least, so « a » or « 1 » picks nothing). */
const isOneWord = (text: string) => /^[\p{L}'-]{2,}$/u.test(text);

/** Lower case, no accents, one kind of apostrophe, single spaces, no quotes or final punctuation. */
export function comparable(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'")
      // « I haven't written yet » for « I have not written yet »: English contracts what a label spells out.
      .replace(/n't\b/g, ' not')
      .replace(/[«»“”"]/g, ' ')
      .replace(/[\s\u00a0\u202f]+/g, ' ')
      .trim()
      .replace(/[\s.!?…,;:]+$/u, '')
      .trim()
  );
}

const firstWord = (text: string) => /^[^\s,.;:!?]+/.exec(text)?.[0] ?? '';

/** The choices a turn leaves waiting for an answer: those of replies that ask for one. */
export function choicesAwaitingAnswer(replies: readonly Reply[]): Choice[] {
  if (!replies.some((reply) => reply.expects === 'choice' || reply.expects === 'text')) return [];
  return replies.flatMap((reply) => (reply.choices ?? []).flat());
}
