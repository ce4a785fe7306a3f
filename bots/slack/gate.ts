import type { Logger } from '../../core/config/logger.ts';
import { markAnswered, recordOnce } from '../../core/conversations/inbound-updates.ts';
import { runInTurn } from '../../core/conversations/turn-journal.ts';
import type { Core } from '../../core/core.ts';
import { type Actor, mediatorActor, systemActor } from '../../core/domain/actor.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import { countUpdate } from '../../core/observability/metrics.ts';
import type { MediatorDirectory } from './mediators.ts';

/** One thing a Slack user did: a slash command, a button press, a modal submitted. */
export interface Interaction {
  teamId: string;
  userId: string;
  /**
   * Unique per interaction and the same on Slack's retries of it (its trigger id), so that a retry
   * (`X-Slack-Retry-Num`) or a replay has no second effect.
   */
  key: string;
  /** What was tried, for the audit of a refusal: `command:open-vote`, `button:contact-reply`. */
  attempted: string;
  /** Tells the user something only they see. */
  tell(text: string): Promise<unknown>;
}

/** The mediator id recorded with every action: Slack ids are per workspace, so the team is part of it. */
export const slackMediatorId = (teamId: string, userId: string) => `slack:${teamId}:${userId}`;

/**
 * Every interaction goes through here after its ack: handled once, and only for a configured mediator.
 * Anyone else is told politely and the attempt is audited (who and what, nothing of what they typed).
 */
export function createGate(options: {
  core: Core;
  directory: MediatorDirectory;
  locale: Locale;
  logger: Logger;
}) {
  const { core, directory, locale, logger } = options;
  return async function admit(
    interaction: Interaction,
    work: (actor: Actor) => Promise<void>,
  ): Promise<void> {
    const { teamId, userId } = interaction;
    let outcome: 'handled' | 'failed' = 'handled';
    try {
      const updateId = `${teamId}:${interaction.key}`;
      const turn = await recordOnce(core.deps, 'SLACK', updateId);
      if (turn.action !== 'handle') {
        logger.debug({ attempted: interaction.attempted }, 'slack interaction already handled');
        return;
      }
      // Recorded for good: a failure from here on is reported, not retried, so nothing is done twice;
      // the core commands it runs are journaled with it (turn-journal.ts).
      await runInTurn(turn.update, async () => {
        if (await directory.isMediator(userId)) return work(mediatorActor(slackMediatorId(teamId, userId)));
        const recorded = await core.recordRefusedMediatorAccess(systemActor('slack'), {
          platformUserId: slackMediatorId(teamId, userId),
          attempted: interaction.attempted,
        });
        if (!recorded.ok) logger.error({ code: recorded.error.code }, 'refused slack access not audited');
        await interaction.tell(t(locale, 'slack:refused'));
      });
      await markAnswered(core.deps, 'SLACK', updateId);
    } catch (error) {
      outcome = 'failed';
      logger.error({ err: error, attempted: interaction.attempted }, 'slack interaction failed');
      await interaction.tell(t(locale, 'slack:command.failed')).catch(() => {});
    } finally {
      countUpdate(core.deps, 'SLACK', outcome);
    }
  };
}
