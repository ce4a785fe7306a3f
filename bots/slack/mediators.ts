import type { Logger } from '../../core/config/logger.ts';

/** How long the members of the mediators' user group are trusted before Slack is asked again. */
export const GROUP_CACHE_MS = 60_000;

export interface MediatorDirectory {
  /** Whether this Slack user may act as a mediator. A failure to ask Slack answers no. */
  isMediator(userId: string): Promise<boolean>;
}

/**
 * The configured mediators: user ids listed in `SLACK_MEDIATOR_IDS`, and the members of the user group
 * `SLACK_MEDIATOR_GROUP`, fetched with `usergroups.users.list` and kept for a minute, so that someone
 * removed from the group loses access quickly without a call to Slack on every click.
 */
export function mediatorDirectory(options: {
  ids?: readonly string[];
  groupId?: string;
  listGroupMembers: (groupId: string) => Promise<string[]>;
  logger: Logger;
  now?: () => number;
  cacheMs?: number;
}): MediatorDirectory {
  const ids = new Set(options.ids ?? []);
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? GROUP_CACHE_MS;
  let cached: { members: Set<string>; until: number } | undefined;
  let pending: Promise<Set<string>> | undefined;

  async function groupMembers(groupId: string): Promise<Set<string>> {
    if (cached && cached.until > now()) return cached.members;
    // Clicks arriving together share one call to Slack.
    pending ??= options
      .listGroupMembers(groupId)
      .then((users) => {
        cached = { members: new Set(users), until: now() + cacheMs };
        return cached.members;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  return {
    async isMediator(userId) {
      if (ids.has(userId)) return true;
      if (!options.groupId) return false;
      try {
        return (await groupMembers(options.groupId)).has(userId);
      } catch (error) {
        // Fail closed: nobody outside the listed ids acts while Slack cannot tell us who is in the group.
        options.logger.warn({ err: error }, 'slack mediators group not read');
        return false;
      }
    },
  };
}
