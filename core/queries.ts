import { agreementQueries } from './agreement/queries.ts';
import { announcementsQueries } from './announcements/queries.ts';
import type { CoreDeps } from './deps.ts';
import { mediationsQueries } from './mediations/queries.ts';
import { participantsQueries } from './participants/queries.ts';
import { peopleQueries } from './people/queries.ts';
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
};

type QueryMap = typeof allQueries;
export type CoreQueries = {
  [Name in keyof QueryMap]: QueryMap[Name] extends (deps: CoreDeps, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

export function bindQueries(deps: CoreDeps): CoreQueries {
  return Object.fromEntries(
    Object.entries(allQueries).map(([name, query]) => [
      name,
      (...args: unknown[]) => (query as (deps: CoreDeps, ...rest: unknown[]) => unknown)(deps, ...args),
    ]),
  ) as CoreQueries;
}
