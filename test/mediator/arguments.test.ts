import { describe, expect, it } from 'vitest';
import { findAction, mediatorActions } from '../../bots/mediator/actions/index.ts';
import { parseParisDateTime } from '../../bots/mediator/dates.ts';
import { checkArgs, describeArgs } from '../../bots/mediator/run-action.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { createTranslator } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { act, done, refused } from './support.ts';

const t = useTestCore();

function check(name: string, raw: Record<string, unknown>, locale: 'fr' | 'en' = 'fr') {
  const action = findAction(name);
  if (!action) throw new Error(`no action ${name}`);
  return checkArgs(action, raw, locale);
}

/** The refusal text of arguments that must not pass. */
function problem(name: string, raw: Record<string, unknown>, locale: 'fr' | 'en' = 'fr'): string {
  const result = check(name, raw, locale);
  if (result.ok) throw new Error(`${name} accepted ${JSON.stringify(raw)}`);
  expect(result.error).toMatchObject({ code: 'INVALID_INPUT', messageKey: 'mediator:invalid.argument' });
  return result.text;
}

describe('the catalogue of mediator actions', () => {
  const translator = createTranslator();

  it('has unique lowercase hyphenated names, found whatever their case', () => {
    const names = mediatorActions.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(findAction('OPEN-VOTE')?.name).toBe('open-vote');
    expect(findAction('nothing')).toBeUndefined();
  });

  it('covers every mediator action of product.md §6', () => {
    expect(mediatorActions.map((action) => action.name)).toEqual(
      expect.arrayContaining([
        'list',
        'show',
        'create-company',
        'create-mediation',
        'edit-mediation',
        'open-registration',
        'close-registration',
        'participants',
        'admit',
        'reject',
        'invite-company',
        'record-offer',
        'replace-offer',
        'open-vote',
        'extend-vote',
        'close-vote',
        'extend-mediation',
        'cancel',
        'close-failed',
        'close-succeeded',
        'open-adhesion',
        'close-adhesion',
        'payouts',
        'mark-payout-sent',
        'broadcast',
        'answer-contact',
        'statistics',
        'export-participants',
        'audit-log',
        'verify-audit',
        'annual-report',
      ]),
    );
  });

  it('gives every action a summary and every argument a description, in French and English', () => {
    const missing: string[] = [];
    for (const action of mediatorActions) {
      const keys = [action.summaryKey, ...describeArgs(action).map((arg) => arg.descriptionKey)];
      for (const key of keys) {
        for (const locale of ['fr', 'en'] as const) {
          if (!translator.hasText(locale, key)) missing.push(`${action.name}: ${key} (${locale})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('names positional arguments that exist, and asks confirmation for what cannot be undone', () => {
    for (const action of mediatorActions) {
      const names = describeArgs(action).map((arg) => arg.name);
      for (const name of action.positional) expect(names, action.name).toContain(name);
    }
    const irreversible = mediatorActions.filter((action) => action.irreversible).map((action) => action.name);
    expect(irreversible).toEqual(
      expect.arrayContaining([
        'reject',
        'cancel',
        'close-failed',
        'close-vote',
        'open-vote',
        'close-registration',
        'broadcast',
      ]),
    );
    expect(irreversible).not.toContain('list');
    expect(irreversible).not.toContain('admit');
  });

  it('describes arguments for help screens and forms: order, required, repeatable', () => {
    const create = describeArgs(findAction('create-mediation') as never);
    expect(create[0]).toMatchObject({ name: 'slug', option: 'slug', required: true, position: 0 });
    expect(create.find((arg) => arg.name === 'registrationClosesAt')).toMatchObject({
      option: 'registration-closes-at',
      required: false,
      position: null,
    });
    expect(create.find((arg) => arg.name === 'question')).toMatchObject({
      repeatable: true,
      required: false,
    });
  });
});

describe('argument validation', () => {
  it('names the argument and says what is expected, in the mediator’s language', () => {
    expect(problem('open-vote', { mediation: 'red-by-sfr' })).toBe(
      '«\u00a0closes-at\u00a0» ne convient pas\u00a0: il est obligatoire.',
    );
    expect(problem('open-vote', { mediation: 'red-by-sfr', closesAt: 'demain' })).toBe(
      '«\u00a0closes-at\u00a0» ne convient pas\u00a0: une date est attendue, comme 2026-03-20 (fin de journée) ou 2026-03-20T18:00 (heure de Paris).',
    );
    expect(problem('open-vote', { mediation: 'red-by-sfr', closesAt: 'tomorrow' }, 'en')).toBe(
      '“closes-at” is not right: a date is expected, like 2026-03-20 (end of day) or 2026-03-20T18:00 (Paris time).',
    );
    // An argument that is not positional is named as it is typed, with its dashes.
    expect(problem('create-mediation', { slug: 'x' })).toContain('«\u00a0--company\u00a0»');
    expect(problem('extend-vote', { mediation: 'x', hours: '100', reason: 'Panne' })).toContain(
      'un nombre entier entre 1 et 72 est attendu',
    );
    expect(problem('reject', { participant: 'abc', reason: 'Hors délai' })).toContain(
      'un identifiant est attendu, ou ses premiers caractères (6 au moins)',
    );
    expect(problem('reject', { participant: '00000000-0000-4000-8000-000000000000', reason: 'x' })).toContain(
      'il faut au moins 3 caractères',
    );
    expect(problem('broadcast', { mediation: 'x', message: 'y'.repeat(2001) })).toContain(
      '2\u202f000 caractères au plus',
    );
    expect(problem('participants', { mediation: 'x', status: 'tous' })).toContain(
      'choisissez parmi\u00a0: submitted, admitted, rejected, withdrawn, all',
    );
    expect(problem('create-company', { slug: 'Pas un slug!', name: 'X' })).toContain(
      'des minuscules, des chiffres et des tirets',
    );
    expect(problem('create-company', { slug: 'ok', name: 'X', email: 'non' })).toContain('adresse e-mail');
  });

  it('reads amounts, percentages, fractions, vote bases and questions as mediators write them', () => {
    const offer = { mediation: 'x', termsFr: 'Termes', termsEn: 'Terms' };
    expect(check('record-offer', { ...offer, fixed: '1 234,56 €' })).toMatchObject({
      ok: true,
      args: { fixed: 123_456 },
    });
    expect(check('record-offer', { ...offer, percent: '12,5 %', cap: 200 })).toMatchObject({
      ok: true,
      args: { percent: 1250, cap: 20_000 },
    });
    expect(problem('record-offer', { ...offer, fixed: '-5' })).toContain('ne peut pas être négatif');
    expect(problem('record-offer', { ...offer, fixed: '1.234' })).toContain('ambigu');
    expect(problem('record-offer', { ...offer, percent: '150' })).toContain('pourcentage');
    const texts = {
      slug: 's',
      company: 'c',
      titleFr: 'T',
      titleEn: 'T',
      summaryFr: 'S',
      summaryEn: 'S',
      goalFr: 'G',
      goalEn: 'G',
    };
    expect(
      check('create-mediation', { ...texts, threshold: '75 %', voteBase: 'Votes_Cast', quorum: '1/3' }),
    ).toMatchObject({
      ok: true,
      args: {
        threshold: { numerator: 75, denominator: 100 },
        voteBase: 'VOTES_CAST',
        quorum: { numerator: 1, denominator: 3 },
      },
    });
    expect(check('create-mediation', { ...texts, question: 'Client·e ? | Customer? | non' })).toMatchObject({
      ok: true,
      args: { question: [{ fr: 'Client·e ?', en: 'Customer?', requiredAnswer: false }] },
    });
    expect(problem('create-mediation', { ...texts, question: 'Client ? | oui' })).toContain(
      'Texte en français',
    );
    expect(problem('create-mediation', { ...texts, threshold: 'trois quarts' })).toContain(
      'une fraction comme 3/4',
    );
    expect(problem('create-mediation', { ...texts, voteBase: 'majorité' })).toContain('electorate');
  });

  it('reads dates in Paris time, a day alone meaning the end of that day', () => {
    expect(parseParisDateTime('2026-03-20')).toEqual(new Date('2026-03-20T22:59:00Z'));
    expect(parseParisDateTime('2026-03-20T18:00')).toEqual(new Date('2026-03-20T17:00:00Z'));
    expect(parseParisDateTime('2026-07-14 9:30')).toEqual(new Date('2026-07-14T07:30:00Z'));
    expect(parseParisDateTime('20/03/2026 à 18h00')).toEqual(new Date('2026-03-20T17:00:00Z'));
    expect(parseParisDateTime('2026-03-20T17:00:00Z')).toEqual(new Date('2026-03-20T17:00:00Z'));
    for (const wrong of ['2026-02-30', '2026-03-20T25:00', '20/03/26', 'demain', '']) {
      expect(parseParisDateTime(wrong), wrong).toBeUndefined();
    }
  });
});

describe('naming a mediation', () => {
  it('accepts its slug, in any case, or its id, and says clearly when there is none', async () => {
    await emptyAllTables(t.db);
    await seedDemoData(t.db, t.clock);
    const red = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'red-by-sfr' } });
    for (const ref of ['red-by-sfr', ' RED-by-SFR ', red.id, red.id.toUpperCase()]) {
      const shown = await done(t, 'show', { mediation: ref });
      expect((shown.data as { mediation: { id: string } }).mediation.id, ref).toBe(red.id);
    }
    const unknown = await refused(t, 'show', { mediation: 'red' });
    expect(unknown.error).toEqual({
      code: 'NOT_FOUND',
      messageKey: 'mediator:errors.mediationNotFound',
      params: { ref: 'red' },
    });
    expect(unknown.text).toBe(
      'Aucune médiation ne s’appelle «\u00a0red\u00a0». Tapez list pour voir les médiations et leurs identifiants.',
    );
    const unknownId = await act(t, 'show', { mediation: '00000000-0000-4000-8000-000000000000' });
    expect(unknownId.ok).toBe(false);
  });

  it('refuses a core rule with the core’s own explanation', async () => {
    const result = await refused(t, 'open-vote', { mediation: 'sfam', closesAt: '2026-03-10' });
    expect(result.error).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      messageKey: 'votes:errors.notInNegotiation',
    });
    expect(result.text).toContain('inscriptions ouvertes');
  });
});
