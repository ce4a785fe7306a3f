import { z } from 'zod';
import { defineCommand } from '../commands/command.ts';
import { platformSchema } from '../people/commands.ts';

const idSchema = z.string().trim().min(1).max(200);

/**
 * A community server chooses (or, with `channelId: null`, stops using) the channel where it receives the
 * public news of mediations. Called by the platform's adapter, as a system actor, only after the adapter
 * has checked that the member may manage the server (Discord's Manage Server permission): the core cannot
 * see a platform's permissions. `setBy` is that member's platform account id; the audit names them by
 * their person id only (pseudonymous, like every audit entry), when they have used the bot.
 */
export const setAnnouncementChannel = defineCommand({
  name: 'setAnnouncementChannel',
  actors: ['system'],
  input: z.object({
    platform: platformSchema,
    serverId: idSchema,
    channelId: idSchema.nullable(),
    setBy: idSchema,
  }),
  async run(ctx, input) {
    const { platform, serverId, channelId, setBy } = input;
    const where = { platform_serverId: { platform, serverId } };
    if (channelId === null) {
      await ctx.tx.announcementChannel.deleteMany({ where: { platform, serverId } });
    } else {
      const row = { channelId, setBy, setAt: ctx.now };
      await ctx.tx.announcementChannel.upsert({ where, create: { platform, serverId, ...row }, update: row });
    }
    const manager = await ctx.tx.platformIdentity.findUnique({
      where: { platform_externalId: { platform, externalId: setBy } },
      select: { personId: true },
    });
    ctx.audit({
      action: channelId === null ? 'announcements.channelRemoved' : 'announcements.channelSet',
      subjectId: `${platform}:${serverId}`,
      details: { platform, serverId, channelId, setByPersonId: manager?.personId ?? null },
    });
    return { platform, serverId, channelId };
  },
});

export const announcementsCommands = { setAnnouncementChannel };
