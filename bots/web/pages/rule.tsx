import type { PublicRule } from '../../../core/public/mediations.ts';
import type { PageTexts } from '../texts.ts';

const percent = (fraction: { numerator: number; denominator: number }) =>
  Math.round((fraction.numerator * 10000) / fraction.denominator) / 100;

/** The vote rule in the words the chat uses (`votes:rule.<base>`), after « Règle : ». */
export function ruleSentence(texts: PageTexts, rule: PublicRule): string {
  return texts.t(`votes:rule.${rule.base}`, {
    thresholdPercent: percent(rule.threshold),
    quorumPercent: percent(rule.quorum),
  });
}
