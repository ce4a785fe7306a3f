import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../core/i18n/index.ts';

const bots = fileURLToPath(new URL('../../bots/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Keys built at run time, with every value their variable part takes. */
const builtKeys = [
  ...[
    'reviewFiles',
    'voteCloses',
    'companyAnswer',
    'adhesionCloses',
    'registrationCloses',
    'mediationEnds',
  ].map((kind) => `mediator:due.${kind}`),
  ...['submitted', 'admitted', 'rejected', 'withdrawn', 'all'].flatMap((status) => [
    `mediator:participants.heading.${status}`,
    `mediator:participants.none.${status}`,
  ]),
  'mediator:closeVote.next.ACCEPTED',
  'mediator:closeVote.next.REJECTED',
  ...['registrationClosesAt', 'endsBy', 'companyAnswerDueAt', 'adhesionClosesAt'].map(
    (key) => `mediator:show.${key}`,
  ),
  ...['recordOffer', 'replaceOffer', 'cancel', 'closeFailed'].map((key) => `mediator:${key}.done`),
  ...['notANumber', 'negative', 'zero', 'tooManyDecimals', 'tooLarge', 'ambiguous'].map(
    (reason) => `mediator:invalid.amount.${reason}`,
  ),
  ...[
    'text',
    'ref',
    'payoutReason',
    'slug',
    'email',
    'date',
    'integer',
    'percent',
    'fraction',
    'voteBase',
    'question',
    'oneOf',
  ].map((key) => `mediator:invalid.${key}`),
  // An unknown mediation is « mediationNotFound » (a slug or an id): it has no refs.unknown text.
  ...['participant', 'payout', 'message'].map((kind) => `mediator:refs.unknown.${kind}`),
  ...['participant', 'payout', 'message', 'mediation'].map((kind) => `mediator:refs.ambiguous.${kind}`),
  'mediator:refs.messageKind.contactMessage',
  'mediator:refs.messageKind.payoutProblem',
];

describe('the texts of the mediator actions and the admin command line', () => {
  it('exist in French and in English', () => {
    const translator = createTranslator();
    const literal = sources(join(bots, 'mediator'))
      .concat(sources(join(bots, 'admin')))
      .flatMap((path) =>
        [...readFileSync(path, 'utf8').matchAll(/'(mediator:[A-Za-z.]+)'/g)].map((m) => m[1] as string),
      );
    expect(literal.length).toBeGreaterThan(50);
    const missing = [...new Set([...literal, ...builtKeys])].flatMap((key) =>
      (['fr', 'en'] as const)
        .filter((locale) => !translator.hasText(locale, key))
        .map((locale) => `${key} (${locale})`),
    );
    expect(missing).toEqual([]);
  });
});
