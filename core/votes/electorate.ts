import type { CommandContext } from '../commands/context.ts';

/**
 * A participant who withdraws during a vote leaves its electorate (product.md §5): their ballot is
 * deleted, so it no longer counts, and the close counts them out of the electorate.
 */
export async function leaveElectorate(ctx: CommandContext, participantId: string): Promise<void> {
  // FOR SHARE on the vote: a close running at the same moment waits for us (or we for it), so the
  // recorded tally always matches the ballots that remain. Nothing here writes the vote row: two
  // withdrawals holding the share lock would each wait for the other to release it (a deadlock).
  const open = await ctx.tx.$queryRaw<{ vote_id: string; mediation_id: string }[]>`
    SELECT em.vote_id, o.mediation_id FROM electorate_member em
    JOIN vote v ON v.id = em.vote_id JOIN offer o ON o.id = v.offer_id
    WHERE em.participant_id = ${participantId}::uuid AND em.left_at IS NULL AND v.closed_at IS NULL
    FOR SHARE OF v FOR UPDATE OF em`;
  for (const { vote_id, mediation_id } of open) {
    await ctx.tx.$executeRaw`
      UPDATE electorate_member SET left_at = ${ctx.now}
      WHERE vote_id = ${vote_id}::uuid AND participant_id = ${participantId}::uuid`;
    await ctx.tx.$executeRaw`
      DELETE FROM ballot WHERE vote_id = ${vote_id}::uuid AND participant_id = ${participantId}::uuid`;
    ctx.audit({
      action: 'vote.electorateLeft',
      mediationId: mediation_id,
      subjectId: vote_id,
      details: { participantId },
    });
  }
}
