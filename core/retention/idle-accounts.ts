import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';

/**
 * The accounts of persons gone for the retention period (privacy notice: the account and the language
 * are kept `retentionMonths` after the last visit, if none of their files is in a mediation still
 * running): erased like after `/supprimer`, without the withdrawals, since they have no file left
 * (their closed mediations' files were given to strangers by `purgeClosedMediation` first). A person
 * with any file in a mediation not yet purged is kept: that file still needs to reach them.
 */
export const expireIdleAccounts = defineCommand({
  name: 'expireIdleAccounts',
  actors: ['system'],
  input: z.object({ lastSeenBefore: z.date(), batchSize: z.number().int().min(1).max(5000) }),
  async run(ctx, input) {
    const persons = await ctx.tx.$queryRaw<{ id: string }[]>`
      SELECT pe.id FROM person pe
      WHERE pe.erased_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM platform_identity i
                        WHERE i.person_id = pe.id AND i.last_seen_at >= ${input.lastSeenBefore})
        AND NOT EXISTS (SELECT 1 FROM participant p JOIN mediation m ON m.id = p.mediation_id
                        WHERE p.person_id = pe.id AND m.personal_data_purged_at IS NULL)
      ORDER BY pe.id LIMIT ${input.batchSize} FOR UPDATE OF pe SKIP LOCKED`;
    const ids = persons.map(({ id }) => id);
    if (ids.length === 0) return { accounts: 0 };
    const identities = await ctx.tx.platformIdentity.findMany({
      where: { personId: { in: ids } },
      select: { platform: true, externalId: true },
    });
    if (identities.length > 0) {
      await ctx.tx.conversationState.deleteMany({ where: { OR: identities } });
      await ctx.tx.announcementChannel.updateMany({
        where: { OR: identities.map(({ platform, externalId }) => ({ platform, setBy: externalId })) },
        data: { setBy: null },
      });
    }
    await ctx.tx.platformIdentity.deleteMany({ where: { personId: { in: ids } } });
    await ctx.tx.outboxMessage.deleteMany({ where: { personId: { in: ids } } });
    await ctx.tx.linkCode.deleteMany({ where: { personId: { in: ids } } });
    await ctx.tx.linkAttempt.deleteMany({ where: { personId: { in: ids } } });
    await ctx.tx.person.updateMany({ where: { id: { in: ids } }, data: { erasedAt: ctx.now, locale: null } });
    for (const id of ids) ctx.audit({ action: 'person.expired', subjectId: id, details: {} });
    return { accounts: ids.length };
  },
});
