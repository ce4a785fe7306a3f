import type { Choice, Reply } from '../conversation/types.ts';

/**
 * The choices last printed in the terminal, numbered 1, 2, 3… across rows and across the replies of one
 * answer, so each number means one button. A notification printed later replaces them: the number a
 * person types answers what they just read.
 */
export interface ChoiceMenu {
  /** Forgets the previous choices: what is numbered next starts again at 1. */
  reset(expects?: Reply['expects']): void;
  /** Numbers these rows after those already shown since the last reset; returns the lines to print. */
  number(rows: readonly (readonly Choice[])[]): string[];
  /** The choice shown with this number, if any. */
  pick(number: number): Choice | undefined;
  /** The choices shown now, in their numbers' order: words typed may name one of them. */
  readonly choices: readonly Choice[];
  /** How many choices a number can pick from now. */
  readonly size: number;
  /** What the last answer waits for: while it is free text, a bare number is that text (an amount, a date). */
  readonly expects: Reply['expects'];
}

export function createChoiceMenu(): ChoiceMenu {
  let shown: Choice[] = [];
  let expects: Reply['expects'];
  return {
    reset(next) {
      shown = [];
      expects = next;
    },
    number(rows) {
      return rows.flat().map((choice) => {
        shown.push(choice);
        return `  ${shown.length}. ${choice.label}`;
      });
    },
    pick: (number) => (Number.isInteger(number) && number >= 1 ? shown[number - 1] : undefined),
    get choices() {
      return shown;
    },
    get size() {
      return shown.length;
    },
    get expects() {
      return expects;
    },
  };
}
