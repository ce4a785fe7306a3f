import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import type { TestCore } from './core.ts';

const mediator = mediatorActor('U0MEDIATOR');
const choices = ['ACCEPT', 'ACCEPT', 'REFUSE', 'ABSTAIN'] as const;

/**
 * Puts a mediation's offer to the vote of its admitted participants, has each of `voters` vote (accept,
 * accept, refuse, abstain, and again) and closes it once all have, through the real commands (the voters' receipts, in order, are returned): the
 * mediation then has a whole public timeline, its counts and its published list of receipts.
 */
export async function voteToTheClose(
  t: TestCore,
  mediationId: string,
  voters: readonly { personId: string }[],
): Promise<{ voteId: string; receipts: string[] }> {
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId, closesAt }));
  const receipts: string[] = [];
  for (const [i, voter] of voters.entries()) {
    const choice = choices[i % choices.length] ?? 'ABSTAIN';
    receipts.push(
      unwrap(await t.core.castBallot(personActor(voter.personId), { voteId, choice })).receiptCode,
    );
  }
  unwrap(await t.core.closeVote(mediator, { voteId }));
  return { voteId, receipts };
}
