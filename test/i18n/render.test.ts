import { describe, expect, it } from 'vitest';
import type { CoreError } from '../../core/domain/errors.ts';
import { createTranslator, renderError, renderNotification } from '../../core/i18n/index.ts';
import { readLocaleFiles } from '../../core/i18n/resources.ts';

const nbsp = '\u00a0';
const real = readLocaleFiles();
/** The real files plus one notification text, so these tests do not depend on another area's wording. */
const translator = createTranslator({
  files: {
    fr: {
      ...real.fr,
      test: {
        offer: `{{company}} propose {{amount}} avant le {{deadline}}${nbsp}: {{terms}} ({{round}}e tour)`,
      },
    },
    en: {
      ...real.en,
      test: { offer: '{{company}} offers {{amount}} before {{deadline}}: {{terms}} (round {{round}})' },
    },
  },
});

describe('a queued notification', () => {
  const payload = {
    textKey: 'test:offer',
    params: {
      company: 'KUVERA',
      amount: { money: 15000 },
      deadline: { date: '2026-04-10T16:00:00.000Z' },
      terms: { fr: 'remboursement intégral', en: 'full refund' },
      round: 2,
    },
    refs: { voteId: '6f1c…' },
  };

  it('is written in the recipient’s language, with amounts and Paris times formatted for it', () => {
    expect(renderNotification('fr', payload, translator)).toBe(
      `KUVERA propose 150,00${nbsp}€ avant le 10 avril 2026 à 18${nbsp}h${nbsp}: remboursement intégral (2e tour)`,
    );
    expect(renderNotification('en', payload, translator)).toBe(
      'KUVERA offers €150.00 before April 10, 2026 at 6:00 PM: full refund (round 2)',
    );
  });

  it('renders with the shared translator when none is given', () => {
    expect(renderNotification('en', { textKey: 'common:page', params: { page: 1, pages: 3 } })).toBe(
      'Page 1 of 3',
    );
  });
});

describe('a refusal', () => {
  const transition: CoreError = {
    code: 'ILLEGAL_TRANSITION',
    messageKey: 'errors:illegalTransition',
    params: { from: 'OPEN', to: 'VOTING' },
  };

  it('names the mediation steps in words, not codes', () => {
    expect(renderError('fr', transition)).toBe(
      `Ce n’est pas possible à cette étape${nbsp}: la médiation est «${nbsp}inscriptions ouvertes${nbsp}» ` +
        `et ne peut pas passer à «${nbsp}vote en cours${nbsp}».`,
    );
    expect(renderError('en', transition)).toContain(
      '“open for registration” and cannot move to “vote in progress”',
    );
  });

  it('names the field of a bad input in words, or generically when unknown', () => {
    const field = (name: string): CoreError => ({
      code: 'INVALID_INPUT',
      messageKey: 'errors:invalidInput',
      params: { field: name },
    });
    expect(renderError('fr', field('complaint.amountCents'))).toContain(`valide${nbsp}: le montant.`);
    expect(renderError('en', field('answers.3'))).toContain('not valid: one of the requested details.');
  });

  it('apologises and asks to try again when the fault is ours or the text is missing', () => {
    const internal = renderError('fr', { code: 'INTERNAL', messageKey: 'errors:internal' });
    expect(internal).toMatch(/^Désolé/);
    expect(internal).toContain('Réessayez');
    expect(renderError('fr', { code: 'RULE_VIOLATION', messageKey: 'votes:errors.noSuchText' })).toBe(
      internal,
    );
  });
});
