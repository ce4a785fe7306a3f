import type { Database } from '../../core/db/connect.ts';
import type { BallotChoice } from '../../core/db/generated/enums.ts';
import { LIST_HEADER } from '../../core/votes/published-list.ts';

/** How many ballots a vote's published list holds: its lines, less the header (0 without a list). */
export async function ballotsInPublishedList(db: Database, voteId: string): Promise<number> {
  const list = await db.prisma.publishedList.findUnique({ where: { voteId } });
  return list ? list.body.split('\n').length - 2 : 0;
}

/** A closed vote's list as the close writes it, for fixtures that write a closed vote directly. */
export function publishedBody(ballots: readonly { receiptCode: string; choice: BallotChoice }[]): string {
  const lines = ballots.map((ballot) => `${ballot.receiptCode},${ballot.choice}\n`).sort();
  return `${LIST_HEADER}\n${lines.join('')}`;
}
