import { agreementQueries } from './agreement/queries.ts';
import { announcementsQueries } from './announcements/queries.ts';
import { companyQueries } from './company/queries.ts';
import { currentTurn, replayed } from './conversations/turn-journal.ts';
import type { CoreDeps } from './deps.ts';
import { mediationsQueries } from './mediations/queries.ts';
import { outboxQueries } from './outbox/queries.ts';
import { participantsQueries } from './participants/queries.ts';
import { peopleQueries } from './people/queries.ts';
import { publicReportQueries } from './public/annual-report.ts';
import { companyStatisticsQueries } from './public/company-statistics.ts';
import { publicQueries } from './public/mediations.ts';
import { voteResultsQueries } from './public/vote-results.ts';
import { referencesQueries } from './references/queries.ts';
import { votesQueries } from './votes/queries.ts';

/**
 * Every read-only view, as `(deps, input) => Promise<view>`. There is deliberately no query that tells
 * who voted what: the core cannot answer that question.
 */
export const allQueries = {
  ...peopleQueries,
  ...mediationsQueries,
  ...participantsQueries,
  ...votesQueries,
  ...agreementQueries,
  ...announcementsQueries,
  ...referencesQueries,
  ...outboxQueries,
  ...publicQueries,
  ...publicReportQueries,
  ...companyStatisticsQueries,
  ...voteResultsQueries,
  ...companyQueries,
};

type QueryMap = typeof allQueries;
export type CoreQueries = {
  [Name in keyof QueryMap]: QueryMap[Name] extends (deps: CoreDeps, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

export function bindQueries(deps: CoreDeps): CoreQueries {
  return Object.fromEntries(
    Object.entries(allQueries).map(([name, query]) => {
      const read = (...args: unknown[]) =>
        (query as (deps: CoreDeps, ...rest: unknown[]) => Promise<unknown>)(deps, ...args);
      // Within an inbound update's turn, a replay after a crash reads what the first handling read.
      return [
        name,
        (...args: unknown[]) => {
          const turn = currentTurn();
          return turn ? replayed(turn, `query:${name}`, args, () => read(...args)) : read(...args);
        },
      ];
    }),
  ) as CoreQueries;
}
