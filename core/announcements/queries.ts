import type { Platform } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';

/** Where a platform's adapter posts each public news item: every server's chosen channel. */
export async function announcementChannels(
  deps: CoreDeps,
  input: { platform: Platform },
): Promise<{ serverId: string; channelId: string }[]> {
  return deps.db.prisma.announcementChannel.findMany({
    where: { platform: input.platform },
    orderBy: { serverId: 'asc' },
    select: { serverId: true, channelId: true },
  });
}

/** Read-only views of this area for the bots; registered in core/queries.ts. */
export const announcementsQueries = { announcementChannels };
