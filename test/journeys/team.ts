import { expect } from 'vitest';
import { telegramDeliveryChannel } from '../../bots/telegram/delivery-channel.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { runCli } from '../admin/support.ts';
import { testDispatch } from '../outbox/support.ts';
import { MEDIATORS_CHANNEL, type SlackHarness } from '../slack/harness.ts';
import type { TestCore } from '../support/core.ts';
import type { TelegramHarness } from '../telegram/harness.ts';

/**
 * What the journeys share: the mediator Camille's command line on the shared database, and the outbox
 * delivered as the running product does — consumers on Telegram, the team in its Slack channel.
 */
export function journeyTeam(t: TestCore, tg: TelegramHarness, sl: SlackHarness) {
  return {
    /** `npm run admin -- <words> --as camille`; must succeed. */
    async admin(...words: string[]): Promise<string> {
      const run = await runCli([...words, '--as', 'camille'], { core: t });
      expect(run.code, run.stderr).toBe(0);
      return run.stdout;
    },
    deliver: () =>
      dispatchOnce(
        t.core.deps,
        {
          people: [telegramDeliveryChannel(tg.bot.telegram)],
          mediators: { channel: sl.app.deliveryChannel, chatId: MEDIATORS_CHANNEL },
        },
        testDispatch(t.clock),
      ),
    /** The texts posted to the mediators' channel so far. */
    postedToTeam: () =>
      sl.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === MEDIATORS_CHANNEL),
  };
}
