import { DAY } from '../../core/clock/clock.ts';
import { personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { acceptedMediation, defined, mediator, nth } from '../mediations/fixtures.ts';
import type { TestCore } from '../support/core.ts';

/** A mediation in EXECUTION where every member adhered: one pending payout each; `payoutOf(i)` is member i's. */
export async function inExecution(t: TestCore, admitted = 2) {
  const accepted = await acceptedMediation(t, { admitted });
  const { mediationId, members } = accepted;
  unwrap(
    await t.core.openAdhesion(mediator, {
      mediationId,
      adhesionClosesAt: new Date(t.clock.now().getTime() + 2 * DAY),
    }),
  );
  for (const m of members)
    unwrap(await t.core.decideAdhesion(personActor(m.personId), { mediationId, decision: 'ADHERED' }));
  unwrap(await t.core.closeAdhesion(mediator, { mediationId }));
  const payouts = await t.db.prisma.payout.findMany({ where: { offerId: accepted.offerId } });
  const payoutOf = (i: number) =>
    defined(payouts.find((p) => p.participantId === nth(members, i).participantId));
  return { ...accepted, payoutOf };
}
