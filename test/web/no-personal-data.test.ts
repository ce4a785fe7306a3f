import { beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { createLogger } from '../../core/config/logger.ts';
import { formatMoney, formatNumber, locales } from '../../core/i18n/index.ts';
import { voteToTheClose } from '../support/closed-vote.ts';
import { useTestCore } from '../support/core.ts';
import { insertParticipant } from '../support/participants.ts';
import { type SitePage, sitePages } from '../support/site-pages.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';

/**
 * Issue 14: nothing personal is ever on a public page. A public mediation is filled with people whose
 * every trace — name, complaint, amount, chat, proof, payout — is a string no page could print by
 * chance, taken through a vote to its close; then every page of the site, in every language, is
 * searched for each of them.
 */
const t = useTestCore();
const site = () =>
  createSite({ core: t.core, logger: createLogger('silent'), telegramBot: 'CessezLeFeuBot' });

const people = [
  {
    name: 'Zéphyrine Quintal-Brossard',
    complaint: 'Zéphyrine Quintal-Brossard : mon voisin m’a vendu 4 871,39 € de fausses garanties',
    amountCents: 487_139,
    account: '8830017345',
    chat: 'chat-zqb-5512093',
    proof: 'facture-quintal-brossard-garantie.pdf',
  },
  {
    name: 'Barnabé Ollivier-Tcheknavorian',
    complaint: 'Prélèvement fantôme de 2 306,18 € sur le compte joint des Ollivier-Tcheknavorian',
    amountCents: 230_618,
    account: 'U07BARNABE9OT',
    chat: 'D07OLLIVIERTCH',
    proof: 'releve-tcheknavorian-mars.png',
  },
];
const refusal = 'Dossier de Mme Quintal-Brossard incomplet : pièce d’identité illisible';
const companyContact = {
  contactName: 'Gwendoline Aubertin-Sforza',
  contactEmail: 'g.aubertin-sforza@example.com',
};
const payoutCents = 361_274;

/** Every way a page could show an amount of cents: in euros or as a count, in either language, or raw. */
const amountForms = (cents: number) => [
  String(cents),
  (cents / 100).toFixed(2),
  (cents / 100).toFixed(2).replace('.', ','),
  ...locales.flatMap((locale) => [
    formatMoney(cents, locale),
    formatNumber(cents / 100, locale),
    formatNumber(cents, locale),
  ]),
];

/** Entities decoded and every kind of space made one: a value is found however the page spells it. */
const normalised = (text: string) =>
  text
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&amp;', '&')
    .replace(/[\u00a0\u202f]/g, ' ');

const distinctive = [
  ...people.flatMap((person) => [
    person.name,
    person.complaint,
    person.account,
    person.chat,
    person.proof,
    ...amountForms(person.amountCents),
  ]),
  refusal,
  companyContact.contactName,
  companyContact.contactEmail,
  ...amountForms(payoutCents),
].map(normalised);

let mediation: { slug: string; companySlug: string };
let pages: SitePage[];

beforeAll(async () => {
  const now = t.clock.now();
  const { mediationId, offerId } = await negotiationWithOffer(t.db, now, { admitted: 0, newsPublic: true });
  const voters = [];
  for (const person of people) {
    const member = await insertParticipant(t.db, mediationId, now, {
      description: person.complaint,
      amountCents: person.amountCents,
    });
    await t.db.prisma.platformIdentity.create({
      data: {
        personId: member.personId,
        platform: 'TELEGRAM',
        externalId: person.account,
        chatId: person.chat,
      },
    });
    await t.db.prisma.evidence.create({
      data: {
        participantId: member.participantId,
        sha256: 'a'.repeat(64),
        mimeType: 'application/pdf',
        sizeBytes: 48_713,
        storageKey: crypto.randomUUID(),
        fileName: person.proof,
      },
    });
    voters.push(member);
  }
  const refused = await insertParticipant(t.db, mediationId, now, { status: 'REJECTED' });
  await t.db.prisma.participant.update({
    where: { id: refused.participantId },
    data: { rejectionReason: refusal },
  });
  await voteToTheClose(t, mediationId, voters);
  const first = voters[0];
  if (!first) throw new Error('no voter');
  await t.db.prisma.payout.create({
    data: { offerId, participantId: first.participantId, amountCents: payoutCents, status: 'CONFIRMED' },
  });
  const row = await t.db.prisma.mediation.update({
    where: { id: mediationId },
    data: { company: { update: companyContact } },
    include: { company: true },
  });
  mediation = { slug: row.slug, companySlug: row.company.slug };
  pages = await sitePages(t.core);
});

describe('the public site shows no person’s data', () => {
  it('renders every page of the mediation they are in, in both languages', () => {
    for (const locale of locales) {
      expect(pages).toContainEqual({ locale, path: `/${locale}/mediations/${mediation.slug}` });
      expect(pages).toContainEqual({ locale, path: `/${locale}/companies/${mediation.companySlug}` });
    }
  });

  it('prints none of their names, complaints, amounts, accounts, chats or proofs on any page', async () => {
    const leaks: string[] = [];
    for (const { path } of pages) {
      const response = await site().request(path);
      expect(response.status, path).toBe(200);
      const html = normalised(await response.text());
      for (const value of distinctive) if (html.includes(value)) leaks.push(`${path}: « ${value} »`);
    }
    expect(leaks).toEqual([]);
  });
});
