import { html } from 'hono/html';
import { formatDateTime, formatNumber } from '../../../core/i18n/index.ts';
import type { PublicVoteResults } from '../../../core/public/vote-results.ts';
import type { PublishedLine } from '../../../core/votes/published-list.ts';
import { TOKEN_FIELD } from '../csrf.ts';
import { Layout } from '../layout.tsx';
import { mediationPath, resultsPath } from '../paths.ts';
import type { PageTexts } from '../texts.ts';
import { FigureTable, percentOf, percentText } from './figures.tsx';
import { ruleSentence } from './rule.tsx';

/** What the receipt form answered, shown above it: a finding, or why there is none. */
export type ReceiptAnswer =
  | { kind: 'found'; receipt: string; choice: PublishedLine['choice']; listIntact: boolean | null }
  | { kind: 'notFound'; receipt: string; listIntact: boolean | null }
  /** What was typed, given back so it can be corrected. */
  | { kind: 'badFormat'; typed: string }
  | { kind: 'expired' }
  | { kind: 'tooMany'; seconds: number };

export interface ReceiptsPage {
  lines: PublishedLine[];
  first: number;
  next: string | null;
}

/**
 * A closed vote's results (issue 14): the counts and the outcome by the rule applied, the list
 * published at the close with its sha256 and the audit entry that holds it, a form to check one's
 * receipt, the list to download and how to recount it. Counts and receipts only: nobody is named.
 */
export function VoteResultsPage(props: {
  texts: PageTexts;
  results: PublicVoteResults;
  receipts: ReceiptsPage;
  formToken: string;
  answer?: ReceiptAnswer;
}) {
  const { texts, results: r, receipts } = props;
  const path = resultsPath(r.mediation.slug, r.round);
  const ballots = r.counts.accept + r.counts.refuse + r.counts.abstain;
  const count = (value: number) => formatNumber(value, texts.locale);
  const choice = (value: string) => texts.t(`common:ballotChoice.${value}`);
  return (
    <Layout texts={texts} title={texts.t('results.title', { round: r.round })} path={path}>
      <p>
        {texts.t('results.ofMediation')}{' '}
        <a href={texts.href(mediationPath(r.mediation.slug))}>{r.mediation.title[texts.locale]}</a>
      </p>
      <p class={r.outcome === 'ACCEPTED' ? 'outcome-accepted' : 'outcome-rejected'}>
        {texts.t(`results.outcome.${r.outcome}`, { at: formatDateTime(r.closedAt, texts.locale) })}
      </p>
      <p>
        <strong>{texts.t('results.rule')}</strong> {ruleSentence(texts, r.rule)}
      </p>
      <FigureTable
        texts={texts}
        caption={texts.t('results.caption')}
        rows={[
          { label: texts.t('results.electorate'), value: count(r.counts.electorate) },
          { label: choice('ACCEPT'), value: count(r.counts.accept) },
          { label: choice('REFUSE'), value: count(r.counts.refuse) },
          { label: choice('ABSTAIN'), value: count(r.counts.abstain) },
          {
            label: texts.t('results.turnout'),
            value: percentText(texts, percentOf(ballots, r.counts.electorate)),
          },
        ]}
      />

      <section aria-labelledby="check">
        <h2 id="check">{texts.t('results.check.title')}</h2>
        <p>{texts.t('results.check.intro')}</p>
        {props.answer && <Answer texts={texts} answer={props.answer} />}
        <form class="check" method="post" action={texts.href(`${path}/receipt`)}>
          <input type="hidden" name={TOKEN_FIELD} value={props.formToken} />
          <div>
            <label for="receipt">{texts.t('results.check.label')}</label>
            <p id="receipt-hint" class="muted">
              {texts.t('results.check.hint')}
            </p>
            <input
              type="text"
              id="receipt"
              name="receipt"
              required
              maxlength={40}
              autocomplete="off"
              spellcheck={false}
              aria-describedby="receipt-hint"
              value={props.answer?.kind === 'badFormat' ? props.answer.typed : undefined}
              aria-invalid={props.answer?.kind === 'badFormat' ? 'true' : undefined}
            />
          </div>
          <button type="submit">{texts.t('results.check.submit')}</button>
        </form>
      </section>

      <section aria-labelledby="list">
        <h2 id="list">{texts.t('results.list.title')}</h2>
        <p>{texts.t('results.list.intro')}</p>
        {r.sha256 ? (
          <dl class="facts">
            <dt>{texts.t('results.list.sha256')}</dt>
            <dd>
              <code>{r.sha256}</code>
            </dd>
            {r.auditEntry && (
              <>
                <dt>{texts.t('results.list.auditEntry')}</dt>
                <dd>
                  {texts.t(
                    r.auditEntry.shared ? 'results.list.auditEntryShared' : 'results.list.auditEntryNumber',
                    { seq: r.auditEntry.seq },
                  )}{' '}
                  <code>{r.auditEntry.hash}</code>
                </dd>
              </>
            )}
          </dl>
        ) : (
          <p class="notice">{texts.t('results.list.unhashed')}</p>
        )}
        <ul>
          <li>
            <a href={texts.href(`${path}/receipts.csv`)} download>
              {texts.t('results.list.csv')}
            </a>
          </li>
          <li>
            <a href={texts.href(`${path}/receipts.json`)} download>
              {texts.t('results.list.json')}
            </a>
          </li>
        </ul>
        <ReceiptTable texts={texts} page={receipts} total={ballots} path={path} />
      </section>

      <section aria-labelledby="recount">
        <h2 id="recount">{texts.t('results.recount.title')}</h2>
        <ol>
          <li>{texts.t('results.recount.download')}</li>
          <li>{texts.t('results.recount.digest')}</li>
          <li>{texts.t('results.recount.count')}</li>
          <li>{texts.t('results.recount.rule', { rule: ruleSentence(texts, r.rule) })}</li>
          <li>
            {texts.t('results.recount.tool')}{' '}
            <code>{`npm run verify-vote -- ${r.voteId} --file <…>.csv`}</code>
          </li>
        </ol>
      </section>
    </Layout>
  );
}

function Answer(props: { texts: PageTexts; answer: ReceiptAnswer }) {
  const { texts, answer } = props;
  const integrity = (intact: boolean | null) =>
    intact === null ? null : texts.t(intact ? 'results.check.listIntact' : 'results.check.listAltered');
  let lines: (string | null)[];
  if (answer.kind === 'found') {
    const choice = texts.t(`common:ballotChoice.${answer.choice}`);
    lines = [
      texts.t('results.check.found', { receipt: answer.receipt, choice }),
      integrity(answer.listIntact),
    ];
  } else if (answer.kind === 'notFound') {
    lines = [texts.t('results.check.notFound', { receipt: answer.receipt }), integrity(answer.listIntact)];
  } else if (answer.kind === 'tooMany') {
    lines = [texts.t('results.check.tooMany', { count: answer.seconds })];
  } else {
    lines = [texts.t(`results.check.${answer.kind}`)];
  }
  // Read out at once by a screen reader: it is what the visitor just asked for.
  return (
    <div class="notice" role={answer.kind === 'found' ? 'status' : 'alert'}>
      {lines
        .filter((line) => line !== null)
        .map((line) => (
          <p>{line}</p>
        ))}
    </div>
  );
}

function ReceiptTable(props: { texts: PageTexts; page: ReceiptsPage; total: number; path: string }) {
  const { texts, page, total } = props;
  if (total === 0) return <p>{texts.t('results.list.empty')}</p>;
  const last = page.first + page.lines.length - 1;
  const count = (value: number) => formatNumber(value, texts.locale);
  const choices = Object.fromEntries(
    (['ACCEPT', 'REFUSE', 'ABSTAIN'] as const).map((choice) => [
      choice,
      texts.t(`common:ballotChoice.${choice}`),
    ]),
  );
  return (
    <>
      <table>
        <caption>
          {texts.t('results.list.caption', {
            count: total,
            from: count(page.first),
            to: count(last),
            total: count(total),
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{texts.t('results.list.receipt')}</th>
            <th scope="col">{texts.t('results.list.choice')}</th>
          </tr>
        </thead>
        <tbody>
          {/* One template per row, not elements: a page of 500 rows renders in a fraction of the time. */}
          {page.lines.map(
            (line) =>
              html`<tr><td><code>${line.receiptCode}</code></td><td>${choices[line.choice]}</td></tr>`,
          )}
        </tbody>
      </table>
      {(page.first > 1 || page.next) && (
        <nav aria-label={texts.t('results.list.pages')}>
          <ul>
            {page.first > 1 && (
              <li>
                <a href={`${texts.href(props.path)}#list`}>{texts.t('results.list.start')}</a>
              </li>
            )}
            {page.next && (
              <li>
                <a href={`${texts.href(props.path)}?after=${page.next}#list`}>
                  {texts.t('results.list.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
}
