import { beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { createSite } from '../../bots/web/site.tsx';
import { DAY } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { createCore } from '../../core/core.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { formatDate, formatNumber, type Locale, t as text } from '../../core/i18n/index.ts';
import {
  addParticipant,
  createDraft,
  endVote,
  fixedOffer,
  mediator,
  nth,
  openMediation,
  startVote,
} from '../mediations/fixtures.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';

/** The story starts late in 2025, so that the site has a finished year and the current one. */
const t = useTestCore({ start: new Date('2025-11-03T09:00:00Z') });
const site = (core = t.core) => createSite({ core, logger: createLogger('silent') });
const page = async (path: string, core = t.core) => {
  const response = await site(core).request(path);
  return { status: response.status, html: await response.text() };
};

/** Words only a mediator wrote, to a person or about a mediation: no page may ever print them. */
const REFUSAL_WORDS = 'Zanzibarite : votre contrat est chez une autre enseigne';
const CANCELLING_WORDS = 'Quetzalcoatl a demandé l’annulation';
const PRIVATE_TITLE = 'Litige confidentiel Ornithorynque';

const escapeHtml = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** What a person reads on a page: its text without tags, entities decoded, spaces as the page has them. */
const readable = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The value a figures table gives for a row, by the row's heading. */
function figure(html: string, label: string): string | undefined {
  const heading = escapeHtml(label).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = new RegExp(`<th scope="row">${heading}</th><td class="number">([^<]*)</td>`);
  return row.exec(html)?.[1];
}

let acme: { companyId: string; publicSlug: string; lateSlug: string };

beforeAll(async () => {
  await emptyAllTables(t.db);
  // 2025: a confidential mediation of another company, cancelled with a mediator's own words.
  const hidden = await openMediation(t, {
    admitted: 2,
    overrides: {
      company: { slug: 'hidden-co', name: 'Hidden Company' },
      title: { fr: PRIVATE_TITLE, en: PRIVATE_TITLE },
    },
  });
  t.clock.set(new Date('2025-11-20T09:00:00Z'));
  unwrap(
    await t.core.cancelMediation(mediator, { mediationId: hidden.mediationId, reason: CANCELLING_WORDS }),
  );

  // 2026: a public mediation against Acme, with a refused file, an offer answered in time and accepted.
  t.clock.set(new Date('2026-03-02T09:00:00Z'));
  const first = await openMediation(t, {
    admitted: 3,
    submitted: 1,
    newsPublic: true,
    overrides: { slug: 'acme-fees', company: { slug: 'acme', name: 'Acme Télécom' } },
  });
  const refused = await addParticipant(t, first.mediationId, { status: 'REJECTED' });
  await t.db.prisma.participant.update({
    where: { id: refused.participantId },
    data: { rejectionReason: REFUSAL_WORDS },
  });
  await addParticipant(t, first.mediationId, { status: 'WITHDRAWN' });
  unwrap(await t.core.closeRegistration(mediator, { mediationId: first.mediationId }));
  unwrap(await t.core.inviteCompany(mediator, { mediationId: first.mediationId }));
  const { offerId } = unwrap(
    await t.core.recordOffer(mediator, { mediationId: first.mediationId, ...fixedOffer() } as never),
  );
  const voteId = await startVote(t, first.mediationId, offerId, first.members);
  t.clock.set(new Date('2026-03-10T09:00:00Z'));
  await endVote(t, first.mediationId, offerId, voteId, 'ACCEPTED');
  for (const [i, member] of first.members.entries()) {
    await t.db.prisma.payout.create({
      data: {
        offerId,
        participantId: member.participantId,
        amountCents: 5_000,
        status: i < 2 ? 'CONFIRMED' : 'SENT',
      },
    });
  }
  const { companyId } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: first.mediationId } });

  // A second public one of Acme's, answered after its deadline; and a confidential one, never counted.
  const late = await openMediation(t, {
    admitted: 1,
    newsPublic: true,
    overrides: { slug: 'acme-late', companyId, company: undefined },
  });
  unwrap(await t.core.closeRegistration(mediator, { mediationId: late.mediationId }));
  unwrap(await t.core.inviteCompany(mediator, { mediationId: late.mediationId }));
  await t.db.prisma.mediation.update({
    where: { id: late.mediationId },
    data: { companyAnswerDueAt: new Date(t.clock.now().getTime() - DAY) },
  });
  unwrap(await t.core.recordOffer(mediator, { mediationId: late.mediationId, ...fixedOffer() } as never));
  const secret = await openMediation(t, { admitted: 2, overrides: { companyId, company: undefined } });
  unwrap(await t.core.closeRegistration(mediator, { mediationId: secret.mediationId }));
  unwrap(await t.core.inviteCompany(mediator, { mediationId: secret.mediationId }));
  unwrap(await t.core.recordOffer(mediator, { mediationId: secret.mediationId, ...fixedOffer() } as never));
  // A draft of Acme's: nobody sees it, not even counted as a subject.
  await createDraft(t, { companyId, company: undefined });

  acme = { companyId, publicSlug: 'acme-fees', lateSlug: 'acme-late' };
});

describe('the annual report', () => {
  it('lists the years with activity, newest first, the current one marked as in progress', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const { status, html } = await page(`/${locale}/report`);
      expect(status).toBe(200);
      const y2026 = html.indexOf(`href="/${locale}/report/2026"`);
      const y2025 = html.indexOf(`href="/${locale}/report/2025"`);
      expect(y2026).toBeGreaterThan(0);
      expect(y2025).toBeGreaterThan(y2026);
      const inProgress = escapeHtml(text(locale, 'web:report.inProgress'));
      expect(html.split(inProgress)).toHaveLength(2);
      expect(html.indexOf(inProgress)).toBeLessThan(y2025);
    }
  });

  it('gives each figure of the year as the records count it, in French and in English', async () => {
    const report = await t.core.query.annualReport({ year: 2026 });
    const cases: [Locale, string][] = [
      ['fr', await (await site().request('/fr/report/2026')).text()],
      ['en', await (await site().request('/en/report/2026')).text()],
    ];
    for (const [locale, html] of cases) {
      const say = (key: string) => text(locale, `web:report.${key}`);
      const n = (value: number) => formatNumber(value, locale);
      expect(figure(html, say('disputes.mediations'))).toBe(n(report.disputes.mediations));
      expect(figure(html, say('disputes.files'))).toBe(n(report.disputes.files));
      expect(figure(html, say('disputes.withdrawals'))).toBe(n(report.withdrawals));
      expect(figure(html, say('refusals.files'))).toBe(n(report.refusals.files));
      expect(figure(html, say('refusals.share'))).toBe(
        text(locale, 'web:report.percent', { percent: report.refusals.percentOfFiles }),
      );
      expect(figure(html, say('solutions.votes'))).toBe(n(1));
      expect(figure(html, say('solutions.accepted'))).toBe(n(1));
      expect(figure(html, say('solutions.share'))).toBe(text(locale, 'web:report.percent', { percent: 100 }));
      const today = formatDate(t.clock.now(), locale);
      expect(readable(html)).toContain(text(locale, 'web:report.provisional', { year: '2026', date: today }));
      // The public mediations are named with their files; the confidential one is only counted.
      expect(html).toContain(`href="/${locale}/mediations/${acme.publicSlug}"`);
      expect(html).toContain(`href="/${locale}/companies/acme"`);
      expect(readable(html)).toContain(text(locale, 'web:report.subjects.confidential', { mediations: 1 }));
      // The refusal is counted as a mediator's decision, its words never printed.
      expect(readable(html)).toContain(say('refusals.category.mediatorDecision'));
      expect(html).not.toContain('Zanzibarite');
    }
    expect(report.disputes).toEqual({ mediations: 3, files: 3 + 1 + 1 + 1 + 1 + 2 });
    expect(report.refusals.reasons).toEqual([{ reason: REFUSAL_WORDS, count: 1 }]);
    // The public view itself carries none of a mediator's words, whatever page uses it later.
    const view = JSON.stringify(await t.core.query.publicAnnualReport({ year: 2026 }));
    expect(view).not.toContain('Zanzibarite');
    expect(view).toContain('"mediatorDecision"');
  });

  it('counts a past year’s cancellation without its reason, and never names a confidential mediation', async () => {
    const report = await t.core.query.annualReport({ year: 2025 });
    expect(report.outcomes).toMatchObject({ closed: 1, cancelled: 1 });
    const view = JSON.stringify(await t.core.query.publicAnnualReport({ year: 2025 }));
    for (const word of ['Quetzalcoatl', 'Ornithorynque', 'hidden-co']) expect(view).not.toContain(word);
    for (const locale of ['fr', 'en'] as const) {
      const { status, html } = await page(`/${locale}/report/2025`);
      expect(status).toBe(200);
      const today = formatDate(t.clock.now(), locale);
      expect(readable(html)).not.toContain(
        text(locale, 'web:report.provisional', { year: '2025', date: today }),
      );
      expect(figure(html, text(locale, 'web:report.outcomes.total'))).toBe(formatNumber(1, locale));
      expect(readable(html)).toContain(text(locale, 'web:report.outcomes.otherReason'));
      expect(html).not.toContain('Quetzalcoatl');
      expect(html).not.toContain('Ornithorynque');
      expect(html).not.toContain('Hidden Company');
      expect(html).not.toContain('hidden-co');
    }
  });

  it('has no page for a year without activity, a year to come or anything else (404)', async () => {
    for (const path of ['/fr/report/2024', '/fr/report/2027', '/en/report/20x6', '/fr/report/02026']) {
      expect((await page(path)).status, path).toBe(404);
    }
  });
});

describe('a company’s page', () => {
  it('lists its public mediations and counts, over them only, how it took part', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const { status, html } = await page(`/${locale}/companies/acme`);
      expect(status).toBe(200);
      expect(html).toContain('Acme Télécom');
      expect(html).toContain(`href="/${locale}/mediations/${acme.publicSlug}"`);
      expect(html).toContain(`href="/${locale}/mediations/${acme.lateSlug}"`);
      const say = (key: string) => text(locale, `web:company.${key}`);
      const n = (value: number) => formatNumber(value, locale);
      // The confidential third mediation (invited, one offer) is in none of these counts.
      expect(figure(html, say('invitations'))).toBe(n(2));
      expect(figure(html, say('answeredInTime'))).toBe(n(1));
      expect(figure(html, say('answeredLate'))).toBe(n(1));
      expect(figure(html, say('offers'))).toBe(n(2));
      expect(figure(html, say('acceptedOffers'))).toBe(n(1));
      expect(figure(html, say('payoutsConfirmed'))).toBe(n(2));
      expect(html).not.toContain('Zanzibarite');
      expect(html).not.toMatch(/50[,.]00/);
    }
  });

  it('does not exist for a company with only confidential mediations, nor for an unknown one', async () => {
    const hidden = await page('/fr/companies/hidden-co');
    const unknown = await page('/fr/companies/no-such-company');
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(hidden.html.replaceAll('hidden-co', 'x')).toBe(unknown.html.replaceAll('no-such-company', 'x'));
    expect((await page('/en/companies/Not_A_Slug')).status).toBe(404);
  });
});

describe('the privacy notice', () => {
  const privacy = {
    controller: 'Association Trêve, 12 rue de la Paix',
    contact: 'dpo@treve.example',
    retentionMonths: 18,
  };

  it('prints every paragraph and list item the chat’s /confidentialite sends, in both languages', async () => {
    const core = createCore({ ...t.core.deps, privacy });
    const conversation = createConversation(core, consumerFlows);
    for (const locale of ['fr', 'en'] as const) {
      const replies = await conversation.handle({
        platform: 'CONSOLE',
        userId: `privacy-web-${locale}`,
        chatId: `privacy-web-${locale}`,
        languageCode: locale,
        event: { type: 'command', name: 'confidentialite', args: '' },
      });
      expect(replies).toHaveLength(3);
      const { status, html } = await page(`/${locale}/privacy`, core);
      expect(status).toBe(200);
      const shown = readable(html);
      for (const reply of replies) {
        const [title = '', ...lines] = reply.text.split('\n');
        expect(html).toContain(`>${escapeHtml(title.replace(/\s*\(\d\/\d\)$/, ''))}</h2>`);
        for (const line of lines.filter((l) => l.trim() !== ''))
          expect(shown).toContain(line.replace(/^•\s*/, ''));
      }
      expect(html).toContain('<li>');
      expect(html).toContain('<a href="https://www.cnil.fr/fr/plaintes">');
      expect(shown).toContain('Association Trêve, 12 rue de la Paix');
    }
  });
});

describe('the legal information', () => {
  it('names the mediator, explains consumer mediation, the rights, how to complain and the annual report', async () => {
    const core = createCore({
      ...t.core.deps,
      privacy: { contact: 'mediateur@treve.example', retentionMonths: 12 },
    });
    for (const locale of ['fr', 'en'] as const) {
      const { status, html } = await page(`/${locale}/legal`, core);
      expect(status).toBe(200);
      const shown = readable(html);
      // No controller configured: the demo's example, which says it is one.
      expect(shown).toContain(text(locale, 'account:privacy.exampleController'));
      expect(shown).toContain('mediateur@treve.example');
      expect(shown).toContain('L611-1');
      expect(shown).toContain(nth(text(locale, 'rights:faq').split('\n\n'), 1).split('\n')[0]);
      expect(html).toContain('<a href="https://www.cnil.fr/fr/plaintes">');
      expect(html).toContain(`href="/${locale}/report"`);
      expect(html).toContain(`href="/${locale}/privacy"`);
    }
  });
});
