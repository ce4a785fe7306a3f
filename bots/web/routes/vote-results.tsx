import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Core } from '../../../core/core.ts';
import { listDigest, listFileName, parseList } from '../../../core/votes/published-list.ts';
import { normalizeReceiptCode } from '../../../core/votes/receipt.ts';
import { formToken, isSameSiteForm, TOKEN_FIELD } from '../csrf.ts';
import { NotFoundPage } from '../pages/not-found.tsx';
import { type ReceiptAnswer, VoteResultsPage } from '../pages/vote-results.tsx';
import { resultsPath } from '../paths.ts';
import { clientAddress, rateLimiter } from '../rate-limit.ts';
import { type PageTexts, slugPattern, textsOf, textsOfPath } from '../texts.ts';

export interface ResultRoutesOptions {
  core: Core;
  publicUrl?: string;
  /** Behind a reverse proxy: take the client's address from `X-Forwarded-For` (rate-limit.ts). */
  trustForwardedFor: boolean;
}

/** A finding is an ordinary answer; a refusal says why in its status too. */
const statusOf = { found: 200, notFound: 200, badFormat: 400, expired: 403, tooMany: 429 } as const;

/** Receipt checks a client may make in a minute: plenty for a person, useless for guessing codes. */
const CHECKS_PER_MINUTE = 10;

/**
 * A closed vote's results page (issue 14), `/{lang}/mediations/{slug}/votes/{round}`: its receipt
 * form (POST …/receipt), and the published list to download as CSV (the very file whose sha256 was
 * recorded) or JSON. A vote still running, voided, or of a mediation that is not public has no page.
 */
export function registerResultRoutes(site: Hono, options: ResultRoutesOptions): void {
  const { core } = options;
  const https = options.publicUrl?.startsWith('https://') ?? false;
  const limiter = rateLimiter({ limit: CHECKS_PER_MINUTE, windowMs: 60_000, now: () => Date.now() });
  const base = '/:lang/mediations/:slug/votes/:round{[0-9]{1,3}}';

  /** The vote a path names, with its language; null for anything that is not a public closed vote. */
  async function resultsOf(c: Context) {
    const texts = textsOf(c.req.param('lang'));
    const slug = c.req.param('slug') ?? '';
    const round = Number(c.req.param('round'));
    if (!texts || !slugPattern.test(slug)) return null;
    const results = await core.query.publicVoteResults({ slug, round });
    return results && { texts, results };
  }

  const notFound = (c: Context) => {
    const path = resultsPath(c.req.param('slug') ?? '', c.req.param('round') ?? '');
    return c.html(<NotFoundPage texts={textsOfPath(c.req.path)} path={path} />, 404);
  };

  async function page(c: Context, texts: PageTexts, found: Found, answer?: ReceiptAnswer, after?: string) {
    const receipts = await core.query.publicReceiptsPage({ voteId: found.voteId, after });
    if (!receipts) return notFound(c);
    return c.html(
      <VoteResultsPage
        texts={texts}
        results={found}
        receipts={receipts}
        formToken={formToken(c, { https })}
        answer={answer}
      />,
      answer ? statusOf[answer.kind] : 200,
    );
  }

  site.get(base, async (c) => {
    const found = await resultsOf(c);
    if (!found) return notFound(c);
    // `after` is a receipt of the list (the next page's cursor): anything else is no page.
    const after = c.req.query('after');
    if (after !== undefined && normalizeReceiptCode(after) !== after) return notFound(c);
    return page(c, found.texts, found.results, undefined, after);
  });

  // A receipt and a token fit in a few hundred bytes: a larger body is refused before it is read.
  const smallForm = bodyLimit({
    maxSize: 4096,
    onError: (c) => c.text(textsOfPath(c.req.path).t('results.check.tooLarge'), 413),
  });
  site.post(`${base}/receipt`, smallForm, async (c) => {
    const found = await resultsOf(c);
    if (!found) return notFound(c);
    const { texts, results } = found;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    if (!isSameSiteForm(c, form[TOKEN_FIELD], options.publicUrl)) {
      return page(c, texts, results, { kind: 'expired' });
    }
    const wait = limiter.take(clientAddress(c, options.trustForwardedFor));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return page(c, texts, results, { kind: 'tooMany', seconds: wait });
    }
    const typed = typeof form.receipt === 'string' ? form.receipt.slice(0, 40) : '';
    const receipt = normalizeReceiptCode(typed);
    if (!receipt) return page(c, texts, results, { kind: 'badFormat', typed });
    const check = await core.query.receiptCheck({ voteId: results.voteId, receipt });
    const listIntact = check.status === 'checked' ? check.ok : null;
    const choice = 'receipt' in check ? check.receipt?.choice : null;
    const answer: ReceiptAnswer = choice
      ? { kind: 'found', receipt, choice, listIntact }
      : { kind: 'notFound', receipt, listIntact };
    return page(c, texts, results, answer);
  });

  /** The vote a download names and its sealed list, or null when either is not there. */
  async function listOf(c: Context) {
    const found = await resultsOf(c);
    const list = found && (await core.query.publicReceiptList({ voteId: found.results.voteId }));
    return found && list ? { results: found.results, list } : null;
  }

  site.get(`${base}/receipts.csv`, async (c) => {
    const found = await listOf(c);
    if (!found) return notFound(c);
    c.header('Content-Disposition', `attachment; filename="${listFileName(found.results.voteId)}"`);
    return c.body(found.list, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  site.get(`${base}/receipts.json`, async (c) => {
    const found = await listOf(c);
    const parsed = found && parseList(found.list);
    if (!found || !parsed?.ok) return notFound(c);
    const r = found.results;
    c.header(
      'Content-Disposition',
      `attachment; filename="${listFileName(r.voteId).replace(/\.csv$/, '.json')}"`,
    );
    return c.json({
      mediation: r.mediation.slug,
      round: r.round,
      voteId: r.voteId,
      closedAt: r.closedAt.toISOString(),
      outcome: r.outcome,
      rule: r.rule,
      counts: r.counts,
      // The digest is the CSV file's: this JSON is a convenience, the CSV is what was sealed.
      csvSha256: listDigest(found.list),
      recordedSha256: r.sha256,
      auditEntry: r.auditEntry,
      receipts: parsed.lines.map((line) => ({ receipt: line.receiptCode, choice: line.choice })),
    });
  });
}

type Found = NonNullable<Awaited<ReturnType<Core['query']['publicVoteResults']>>>;
