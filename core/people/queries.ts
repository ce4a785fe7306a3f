import { identityUnreachable } from './reachability.ts';

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const peopleQueries = { identityUnreachable };
