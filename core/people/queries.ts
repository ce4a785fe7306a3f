import { identityUnreachable } from './reachability.ts';
import { linkedAccounts } from './unlinking.ts';

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const peopleQueries = { identityUnreachable, linkedAccounts };
