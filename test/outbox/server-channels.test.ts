import { beforeEach, describe, expect, it } from 'vitest';
import { deliveryChannels } from '../../bots/delivery-channels.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { addPerson, FakeChannel, outboxRow, queueMessages, testDispatch } from './support.ts';

// The mediators' notifications carry people's own words (/contact, a payout problem): on a server
// without Slack they must wait in the outbox, not be printed where the logs go (issue 11).
const t = useTestCore();
beforeEach(() => emptyAllTables(t.db));

describe('where a process delivers', () => {
  it('on a server without Slack, keeps the mediators’ messages waiting and prints nothing', async () => {
    const terminal = new FakeChannel('CONSOLE', t.clock);
    const telegram = new FakeChannel('TELEGRAM', t.clock);
    const channels = deliveryChannels({ terminal, serving: true, platforms: [telegram], announcements: [] });
    const { personId } = await addPerson(t.db, [{ platform: 'TELEGRAM', chatId: '5001' }]);
    const [forPerson, forMediators] = await queueMessages(t.db, t.clock, [personId, null]);

    await dispatchOnce(t.core.deps, channels, testDispatch(t.clock));
    expect(telegram.deliveredIds()).toEqual([forPerson]);
    expect(terminal.deliveries).toEqual([]);
    expect(await outboxRow(t.db, forMediators ?? '')).toMatchObject({ status: 'PENDING' });
  });

  it('in the terminal chat, the terminal is everyone’s channel; with Slack, the mediators’ is Slack', () => {
    const terminal = new FakeChannel('CONSOLE', t.clock);
    const slack = new FakeChannel('SLACK', t.clock);
    const alone = deliveryChannels({ terminal, serving: false, platforms: [], announcements: [] });
    expect(alone).toMatchObject({ people: [terminal], mediators: { channel: terminal } });
    const withSlack = deliveryChannels({
      terminal,
      serving: true,
      platforms: [],
      slack: { channel: slack, mediatorsChannelId: 'C0MEDIATORS' },
      announcements: [],
    });
    expect(withSlack).toMatchObject({ people: [], mediators: { channel: slack, chatId: 'C0MEDIATORS' } });
  });
});
