import { beforeEach, describe, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { DAY } from '../../core/clock/clock.ts';
import { newPortalToken, portalTokenHash } from '../../core/company/tokens.ts';
import { createLogger } from '../../core/config/logger.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { fileReference } from '../../core/references/short-id.ts';
import { acceptedMediation } from '../mediations/fixtures.ts';
import { invitedCompany } from '../support/company.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';

// The company's portal on the site (issue 15): the link spent for a session cookie, the pseudonymised
// file of that mediation alone, and the answer, with errors a person can correct.
const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
const origin = 'http://localhost';
beforeEach(() => emptyAllTables(t.db));
const site = () => createSite({ core: t.core, logger: createLogger('silent') });

const invited = (slug: string, company: string) =>
  invitedCompany(t, {
    slug,
    company,
    amounts: [487_139],
    description: 'Zéphyrine Quintal-Brossard a payé des frais cachés',
  });

/** A browser's visit: the form page's cookies and token, kept for the next request. */
function visitor(app = site()) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [key = '', value = ''] = pair.split('=');
      jar.set(key, value);
    }
    return response;
  };
  return {
    jar,
    get: async (path: string) => keep(await app.request(path, { headers: { cookie: cookie() } })),
    postForm: async (path: string, body: FormData) =>
      keep(await app.request(path, { method: 'POST', headers: { cookie: cookie(), origin }, body })),
    post: async (path: string, fields: Record<string, string>) =>
      keep(
        await app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), origin },
          body: new URLSearchParams(fields).toString(),
        }),
      ),
  };
}

const tokenOf = (html: string) => /name="form_token" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function signedIn(token: string, v = visitor()) {
  const page = await (await v.get(`/fr/company/sign-in?token=${token}`)).text();
  const signIn = await v.post('/fr/company/sign-in', { form_token: tokenOf(page), token });
  return { v, signIn };
}

describe('the company portal', () => {
  it('spends the link for a session cookie that opens that mediation’s pseudonymised file', async () => {
    const m = await invited('frais-caches', 'Opérateur');
    // Without the sign-in page's token (a forged form on another site), the link is neither spent nor opens anything.
    const forged = visitor();
    const refused = await forged.post('/fr/company/sign-in', { token: m.token });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Ce formulaire a expiré ou ne vient pas de ce site.');
    expect(forged.jar.has('company_session')).toBe(false);
    // Still unspent: the right form opens the session below.
    const { v, signIn } = await signedIn(m.token);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/fr/company/mediations/frais-caches');
    expect(signIn.headers.getSetCookie().join()).toMatch(
      /company_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict/,
    );
    const page = await v.get('/fr/company/mediations/frais-caches');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Litige Opérateur');
    expect(html).toContain('4\u202f871,39\u00a0€');
    expect(html).not.toContain('Zéphyrine');
    // Behind HTTPS (the site's address says so), the session cookie is sent over HTTPS only.
    const secure = await invited('frais-https', 'Opérateur');
    const https = visitor(
      createSite({ core: t.core, logger: createLogger('silent'), publicUrl: 'https://cessezlefeu.example' }),
    );
    const overHttps = await signedIn(secure.token, https);
    expect(overHttps.signIn.headers.getSetCookie().join()).toMatch(
      /company_session=[^;]+;.* HttpOnly; Secure; SameSite=Strict/,
    );
    // The link is spent: following it again opens nothing.
    const again = await signedIn(m.token);
    expect(again.signIn.status).toBe(403);
    expect(await again.signIn.text()).toContain('Ce lien de connexion n’est plus valable');
  });

  it('shows nothing of another mediation to a session (404), nor anything without one', async () => {
    const mine = await invited('mine', 'Alpha');
    await invited('theirs', 'Beta');
    const { v } = await signedIn(mine.token);
    expect((await v.get('/fr/company/mediations/theirs')).status).toBe(404);
    expect((await v.post('/fr/company/mediations/theirs/answer', { answer: 'TAKE_PART' })).status).toBe(404);
    expect((await visitor().get('/fr/company/mediations/mine')).status).toBe(404);
    expect((await visitor().get('/fr/company/sign-in?token=forged')).status).toBe(403);
  });

  it('takes the answer once the form is right, saying under each field what is missing', async () => {
    const m = await invited('reponse', 'Gamma');
    const { v } = await signedIn(m.token);
    const form = tokenOf(await (await v.get('/fr/company/mediations/reponse')).text());
    const missing = await v.post('/fr/company/mediations/reponse/answer', {
      form_token: form,
      answer: 'DECLINED',
    });
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain('Donnez le motif de votre refus.');
    expect(html).toContain('Cochez la case pour confirmer votre réponse.');
    expect(html).toMatch(/<input type="radio" name="answer" value="DECLINED" required="" checked=""/);
    const forged = await v.post('/fr/company/mediations/reponse/answer', {
      answer: 'TAKE_PART',
      confirm: 'yes',
    });
    expect(await forged.text()).toContain('Ce formulaire a expiré ou ne vient pas de ce site.');
    expect(
      (await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } })).companyAnswer,
    ).toBeNull();
    const sent = await v.post('/fr/company/mediations/reponse/answer', {
      form_token: form,
      answer: 'TAKE_PART',
      confirm: 'yes',
    });
    expect(sent.status).toBe(303);
    expect(
      (await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: m.mediationId } })).companyAnswer,
    ).toBe('TAKE_PART');
    expect(await (await v.get('/fr/company/mediations/reponse')).text()).toContain(
      'Vous avez accepté d’entrer dans la médiation le',
    );
  });

  it('takes an offer once every field is right, saying under the field what is wrong', async () => {
    const m = await invited('offre', 'Delta');
    const { v } = await signedIn(m.token);
    const form = tokenOf(await (await v.get('/fr/company/mediations/offre')).text());
    const offer = {
      form_token: form,
      termsFr: 'Remboursement des frais de résiliation',
      kind: 'FIXED',
      fixed: '49,9O',
      validUntil: '2026-12-31',
      confirm: 'yes',
    };
    const wrong = await v.post('/fr/company/mediations/offre/offer', offer);
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toMatch(
      /<input type="text" id="fixed" name="fixed" value="49,9O"[^>]*aria-invalid="true"\/>\s*<p id="fixed-error" class="field-error">Écrivez un montant en euros, par exemple 49,90\.<\/p>/,
    );
    expect(html).toContain('Remboursement des frais de résiliation</textarea>');
    expect(await t.db.prisma.offer.count()).toBe(0);
    const right = await v.post('/fr/company/mediations/offre/offer', { ...offer, fixed: '49,90' });
    expect(right.status).toBe(303);
    const recorded = await t.db.prisma.offer.findFirstOrThrow({ where: { mediationId: m.mediationId } });
    expect(recorded).toMatchObject({
      termsFr: 'Remboursement des frais de résiliation',
      termsEn: 'Remboursement des frais de résiliation',
      fixedCents: 4990,
    });
    const page = await (await v.get('/fr/company/mediations/offre')).text();
    expect(page).toContain('Offre du tour 1');
    expect(page).toContain('49,90\u00a0€');
    // One offer on the table: no form for another until the mediators act.
    expect(page).not.toContain('Présenter l’offre');
  });

  it('marks payouts from a file of references, all or none, and shows the adherents’ confirmations', async () => {
    const accepted = await acceptedMediation(t, { admitted: 3 });
    const { mediationId, members } = accepted;
    const closes = new Date(t.clock.now().getTime() + 2 * DAY);
    unwrap(await t.core.openAdhesion(mediator, { mediationId, adhesionClosesAt: closes }));
    for (const member of members) {
      unwrap(await t.core.decideAdhesion(personActor(member.personId), { mediationId, decision: 'ADHERED' }));
    }
    unwrap(await t.core.closeAdhesion(mediator, { mediationId }));
    const token = newPortalToken();
    unwrap(await t.core.issueCompanyLink(mediator, { mediationId, tokenHash: portalTokenHash(token) }));
    const { slug } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: mediationId } });
    const { v } = await signedIn(token);
    const page = await (await v.get(`/fr/company/mediations/${slug}`)).text();
    expect(page).toContain('Les versements');
    const references = members.map((member) => fileReference(member.participantId));
    for (const reference of references) expect(page).toContain(reference);
    // The closed vote in counts only: nobody's choice, nobody's name or id.
    expect(page).toMatch(
      /Vote clos\s:\soffre acceptée \(3 pour, 1 contre, 0 abstention, sur 4 votant·es possibles\)\./,
    );
    for (const member of members) expect(page).not.toContain(member.personId);

    const upload = (text: string, proof?: File) => {
      const body = new FormData();
      body.set('form_token', tokenOf(page));
      body.set('file', new File([text], 'versements.csv', { type: 'text/csv' }));
      if (proof) body.set('proof', proof);
      return v.postForm(`/fr/company/mediations/${slug}/payouts`, body);
    };
    // Without the page's token, neither form marks anything, though the reference and the file are right.
    const tokenless = new FormData();
    tokenless.set('file', new File([`${references[0]}\n`], 'versements.csv', { type: 'text/csv' }));
    const forgedUpload = await v.postForm(`/fr/company/mediations/${slug}/payouts`, tokenless);
    expect(forgedUpload.status).toBe(400);
    expect(await forgedUpload.text()).toContain('Ce formulaire a expiré ou ne vient pas de ce site.');
    const forgedRow = await v.post(`/fr/company/mediations/${slug}/payouts`, {
      reference: references[2] ?? '',
    });
    expect(forgedRow.status).toBe(400);
    expect(await forgedRow.text()).toContain('Ce formulaire a expiré ou ne vient pas de ce site.');
    expect(await t.db.prisma.payout.count({ where: { status: 'SENT' } })).toBe(0);
    // A row's own button marks that payout alone.
    const row = await v.post(`/fr/company/mediations/${slug}/payouts`, {
      form_token: tokenOf(page),
      reference: references[2] ?? '',
    });
    expect(row.status).toBe(303);
    expect(
      await t.db.prisma.payout.findMany({ where: { status: 'SENT' }, select: { participantId: true } }),
    ).toEqual([{ participantId: members[2]?.participantId }]);

    const bad = await upload(`reference,montant\n${references[0]},50\n${references[1]?.slice(0, 11)},50\n`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('La ligne 3 du fichier n’est pas une référence');
    expect(await t.db.prisma.payout.count({ where: { status: 'SENT' } })).toBe(1);
    const list = `reference,montant\n${references[0]},50\n${references[1]?.toLowerCase()},50\n`;
    // A proof that is no PDF nor image (whatever its name says): refused in words, nothing marked.
    const script = new File(['<script>alert(1)</script>'], 'avis.pdf', { type: 'application/pdf' });
    const refusedProof = await upload(list, script);
    expect(refusedProof.status).toBe(400);
    expect(await refusedProof.text()).toContain('La preuve doit être un document PDF ou une image');
    expect(await t.db.prisma.payout.count({ where: { status: 'SENT' } })).toBe(1);
    const proof = new File(['%PDF-1.4\n% avis de virement\n%%EOF\n'], 'avis-virement.pdf');
    const good = await upload(list, proof);
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toContain('?marked=2&proof=1#payouts');
    expect(await t.db.prisma.payout.count({ where: { status: 'SENT' } })).toBe(3);
    const stored = await t.db.prisma.payoutProof.findFirstOrThrow({ where: { mediationId } });
    expect(stored).toMatchObject({ fileName: 'avis-virement.pdf', mimeType: 'application/pdf' });
    expect(await t.db.prisma.payout.count({ where: { proofId: stored.id } })).toBe(2);
    // The adherent confirms in the chat; the company sees it.
    const payout = await t.db.prisma.payout.findFirstOrThrow({
      where: { participantId: members[0]?.participantId },
    });
    unwrap(await t.core.confirmPayout(personActor(members[0]?.personId ?? ''), { payoutId: payout.id }));
    const after = await (await v.get(`/fr/company/mediations/${slug}?marked=2&proof=1`)).text();
    expect(after).toContain(
      '2 versements marqués comme envoyés. La preuve du virement est jointe\u00a0: l’équipe de médiation peut la lire.',
    );
    expect(after.match(/\(preuve jointe\)/g)).toHaveLength(2);
    expect(after).toContain('Réception confirmée pour 1 versement sur 3.');
    expect(after).toContain('Réception confirmée le');
    // A proof may come later for a payout already sent: the one marked by its row's button.
    expect(after).toContain('Marquer les versements du fichier');
    const late = await upload(`${references[2]}\n`, new File(['%PDF-1.4\n% avis 2\n%%EOF\n'], 'avis-2.pdf'));
    expect(late.status).toBe(303);
    const third = await t.db.prisma.payout.findFirstOrThrow({
      where: { participantId: members[2]?.participantId },
    });
    expect(third).toMatchObject({ status: 'SENT', proofId: expect.any(String) });
    expect(third.proofId).not.toBe(stored.id);
  });

  it('refuses the offer and payout forms without the page’s token, and never shows a chat id', async () => {
    const m = await invited('jetons', 'Epsilon');
    const person = await t.db.prisma.participant.findFirstOrThrow({ where: { mediationId: m.mediationId } });
    await t.db.prisma.platformIdentity.create({
      data: { personId: person.personId, platform: 'TELEGRAM', externalId: '987654321', chatId: '987654321' },
    });
    const { v } = await signedIn(m.token);
    const offer = await v.post('/fr/company/mediations/jetons/offer', {
      termsFr: 'Remboursement intégral',
      kind: 'FIXED',
      fixed: '50',
      confirm: 'yes',
    });
    expect(offer.status).toBe(400);
    expect(await offer.text()).toContain('Ce formulaire a expiré ou ne vient pas de ce site.');
    const payouts = await v.post('/fr/company/mediations/jetons/payouts', { reference: 'ABCDEF012345' });
    expect(payouts.status).toBe(400);
    // A body far larger than any form of the portal is refused before it is read.
    const huge = await v.post('/fr/company/mediations/jetons/answer', { reason: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('Ce formulaire est trop volumineux');
    expect(await t.db.prisma.offer.count({ where: { mediationId: m.mediationId } })).toBe(0);
    const page = await (await v.get('/fr/company/mediations/jetons')).text();
    expect(page).not.toContain('987654321');
    expect(page).not.toContain(person.personId);
  });
});
