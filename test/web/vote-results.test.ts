import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSite } from '../../bots/web/site.tsx';
import { DAY } from '../../core/clock/clock.ts';
import { createLogger } from '../../core/config/logger.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { newReceiptCode } from '../../core/votes/receipt.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { negotiationWithOffer } from '../votes/fixtures.ts';

// A closed vote's public page (issue 14): counts, rule, the sealed list with its digest and audit
// entry, the receipt check (found, not found, refused), and the list to download and recount.
const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
const origin = 'http://localhost';
beforeEach(() => emptyAllTables(t.db));

const site = () => createSite({ core: t.core, logger: createLogger('silent') });

/** A public mediation whose round-1 vote closed with 4 « Accepter » and 1 « Refuser » out of 5. */
async function closedPublicVote(options: { newsPublic?: boolean } = {}) {
  const f = await negotiationWithOffer(t.db, t.clock.now(), {
    admitted: 5,
    newsPublic: options.newsPublic ?? true,
  });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
  const receipts: string[] = [];
  for (const [i, choice] of (['ACCEPT', 'ACCEPT', 'ACCEPT', 'ACCEPT', 'REFUSE'] as const).entries()) {
    const voter = personActor(f.electors[i]?.personId ?? '');
    receipts.push(unwrap(await t.core.castBallot(voter, { voteId, choice })).receiptCode);
  }
  const { slug } = await t.db.prisma.mediation.findUniqueOrThrow({ where: { id: f.mediationId } });
  const path = `/mediations/${slug}/votes/1`;
  return {
    voteId,
    receipts,
    slug,
    path,
    async close() {
      t.clock.set(closesAt);
      unwrap(await t.core.closeVote(mediator, { voteId }));
    },
  };
}

/** Opens the results page as a browser would, and posts its form with the page's own token. */
async function checkReceipt(path: string, receipt: string, headers: Record<string, string> = {}) {
  const form = await site().request(`/fr${path}`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="form_token" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  return site().request(`/fr${path}/receipt`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin, ...headers },
    body: new URLSearchParams({ form_token: token, receipt }).toString(),
  });
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' ');

describe('a vote’s results page', () => {
  it('shows the counts, the outcome by the rule, the list’s sha256 and the audit entry that holds it', async () => {
    const v = await closedPublicVote();
    await v.close();
    const vote = await t.db.prisma.vote.findUniqueOrThrow({ where: { id: v.voteId } });
    const entry = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'vote.closed', subjectId: v.voteId },
    });
    const page = await site().request(`/fr${v.path}`);
    expect(page.status).toBe(200);
    const html = text(await page.text());
    expect(html).toContain('Résultats du vote du tour 1');
    expect(html).toContain('Offre acceptée par le vote clos le');
    expect(html).toContain('Votant·es possibles 5');
    expect(html).toContain('Accepter 4');
    expect(html).toContain('Refuser 1');
    expect(html).toContain('Participation 100\u00a0%');
    expect(html).toContain('au moins 75\u00a0% des participant·es');
    expect(html).toContain(vote.resultsSha256 ?? 'no digest');
    expect(html).toContain(
      `entrée n°\u00a0${entry.position} du journal de cette médiation, dont l’empreinte est ${entry.hash}`,
    );
    for (const receipt of v.receipts) expect(html).toContain(receipt);
    expect(html).toContain('Reçus 1 à 5 de la liste, qui en compte 5');
    const english = text(await (await site().request(`/en${v.path}`)).text());
    expect(english).toContain('Offer accepted by the vote closed on');
    expect(english).toContain('Accept 4');
  });

  it('does not exist while the vote runs, for a private mediation, or for another round (404)', async () => {
    const v = await closedPublicVote();
    expect((await site().request(`/fr${v.path}`)).status).toBe(404);
    await v.close();
    expect((await site().request(`/fr${v.path}`)).status).toBe(200);
    expect((await site().request(`/fr/mediations/${v.slug}/votes/2`)).status).toBe(404);
    expect((await site().request(`/fr${v.path}/receipts.csv`.replace('/1/', '/9/'))).status).toBe(404);
    expect((await site().request(`/fr${v.path}?after=not-a-receipt`)).status).toBe(404);
    const hidden = await closedPublicVote({ newsPublic: false });
    await hidden.close();
    expect((await site().request(`/fr${hidden.path}`)).status).toBe(404);
    expect((await site().request(`/fr${hidden.path}/receipts.csv`)).status).toBe(404);
  });

  it('finds a receipt typed loosely, says when one is not in the list, and checks the list too', async () => {
    const v = await closedPublicVote();
    await v.close();
    const found = await checkReceipt(v.path, (v.receipts[4] ?? '').toLowerCase().replaceAll('-', ' '));
    expect(found.status).toBe(200);
    const answer = text(await found.text());
    expect(answer).toContain(
      `Le reçu ${v.receipts[4]} figure dans la liste publiée, avec le choix «\u00a0Refuser\u00a0».`,
    );
    expect(answer).toContain('La liste est bien celle dont l’empreinte a été enregistrée à la clôture');
    const missing = text(await (await checkReceipt(v.path, '0000-0000-0000')).text());
    expect(missing).toContain('Le reçu 0000-0000-0000 ne figure pas dans la liste publiée.');
    const bad = await checkReceipt(v.path, 'bonjour');
    expect(bad.status).toBe(400);
    const refused = await bad.text();
    expect(text(refused)).toContain('Ce texte n’est pas un reçu.');
    // What was typed is given back, marked, to be corrected.
    expect(refused).toMatch(/<input[^>]*value="bonjour"[^>]*aria-invalid="true"/);
    // A list altered in the database (by someone who got past its freezing trigger) is caught.
    await t.db.sql.exec(`
      ALTER TABLE published_list DISABLE TRIGGER published_list_frozen;
      UPDATE published_list SET body = replace(body, ',REFUSE', ',ACCEPT');
      ALTER TABLE published_list ENABLE TRIGGER published_list_frozen;`);
    const altered = text(await (await checkReceipt(v.path, v.receipts[0] ?? '')).text());
    expect(altered).toContain('la liste enregistrée ne correspond plus à l’empreinte scellée');
  });

  it('refuses a form posted without the page’s token or from another site, and limits checks per client', async () => {
    const v = await closedPublicVote();
    await v.close();
    const receipt = v.receipts[0] ?? '';
    const forged = await site().request(`/fr${v.path}/receipt`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ receipt }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(text(await forged.text())).toContain('Ce formulaire a expiré ou ne vient pas de ce site.');
    expect((await checkReceipt(v.path, receipt, { origin: 'https://evil.example' })).status).toBe(403);
    // A body far larger than a receipt is refused before it is read.
    const huge = await site().request(`/fr${v.path}/receipt`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: `receipt=${'A'.repeat(100_000)}`,
    });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toBe('Ce formulaire est bien trop long pour contenir un reçu.');
    const app = site();
    const page = await app.request(`/fr${v.path}`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const token = /name="form_token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const post = () =>
      app.request(`/fr${v.path}/receipt`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin },
        body: new URLSearchParams({ form_token: token, receipt }).toString(),
      });
    for (let i = 0; i < 10; i++) expect((await post()).status).toBe(200);
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(text(await limited.text())).toMatch(
      /Trop de vérifications en peu de temps depuis votre connexion\. Réessayez dans \d+ secondes?\./,
    );
  });

  it('gives the list to download, as the sealed CSV and as JSON, and anyone recounts it', async () => {
    const v = await closedPublicVote();
    await v.close();
    const vote = await t.db.prisma.vote.findUniqueOrThrow({ where: { id: v.voteId } });
    const csv = await site().request(`/en${v.path}/receipts.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`vote-${v.voteId.slice(0, 8)}-receipts.csv`);
    const body = await csv.text();
    expect(createHash('sha256').update(body).digest('hex')).toBe(vote.resultsSha256);
    const lines = body.trim().split('\n').slice(1);
    expect(lines.filter((line) => line.endsWith(',ACCEPT'))).toHaveLength(4);
    expect(lines.filter((line) => line.endsWith(',REFUSE'))).toHaveLength(1);
    const json = (await (await site().request(`/fr${v.path}/receipts.json`)).json()) as {
      counts: { accept: number; electorate: number };
      csvSha256: string;
      receipts: { receipt: string; choice: string }[];
    };
    expect(json.csvSha256).toBe(vote.resultsSha256);
    expect(json.counts).toMatchObject({ accept: 4, electorate: 5 });
    expect(json.receipts.map((r) => r.receipt).sort()).toEqual([...v.receipts].sort());
  });

  it('pages a long list by receipt, numbering each page, every receipt once', async () => {
    const v = await closedPublicVote();
    // 1,200 more ballots, as castBallot would leave them, so the list runs over three pages.
    const codes = Array.from({ length: 1200 }, () => newReceiptCode());
    await t.db.sql.query(
      `INSERT INTO ballot (vote_id, participant_id, choice, receipt_code)
       SELECT $1::uuid, gen_random_uuid(), 'ABSTAIN', code FROM unnest($2::text[]) code`,
      [v.voteId, codes],
    );
    await v.close();
    const seen: string[] = [];
    let next: string | undefined = `/fr${v.path}`;
    const captions: string[] = [];
    while (next) {
      const html: string = await (await site().request(next)).text();
      captions.push(/<caption>([^<]+)<\/caption>/g.exec(html.slice(html.indexOf('id="list"')))?.[1] ?? '');
      seen.push(...[...html.matchAll(/<td><code>([0-9A-Z-]{14})<\/code><\/td>/g)].map((m) => m[1] ?? ''));
      const after: string | undefined = /\?after=([0-9A-Z-]{14})#list/.exec(html)?.[1];
      next = after ? `/fr${v.path}?after=${after}` : undefined;
    }
    expect(captions).toEqual([
      'Reçus 1 à 500 de la liste, qui en compte 1\u202f205',
      'Reçus 501 à 1\u202f000 de la liste, qui en compte 1\u202f205',
      'Reçus 1\u202f001 à 1\u202f205 de la liste, qui en compte 1\u202f205',
    ]);
    expect(seen).toHaveLength(1205);
    expect(new Set(seen).size).toBe(1205);
    expect(seen).toEqual([...seen].sort());
  });
});
