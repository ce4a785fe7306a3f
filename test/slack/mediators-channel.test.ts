import { describe, expect, it } from 'vitest';
import { CONTACT_REPLY_ACTION } from '../../bots/slack/delivery-channel.ts';
import { personActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t } from '../../core/i18n/index.ts';
import type { DeliveryChannels } from '../../core/outbox/delivery-channel.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { testDispatch } from '../outbox/support.ts';
import { blockAction, FAKE_TEAM, viewSubmission } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, MALLORY, MEDIATORS_CHANNEL, settle, textOf, useSlackApp } from './harness.ts';
import { probeActions } from './probe-actions.ts';

const h = useSlackApp({ actions: probeActions });
let nextExternalId = 5_500_000;

const channels = (): DeliveryChannels => ({
  people: [],
  mediators: { channel: h.app.deliveryChannel, chatId: MEDIATORS_CHANNEL },
});
const dispatch = () => dispatchOnce(h.t.core.deps, channels(), testDispatch(h.t.clock));

/** A consumer writes to the mediators with /contact; returns the relayed message's id. */
async function consumerWrites(message: string): Promise<{ personId: string; messageId: string }> {
  const { personId } = unwrap(
    await h.t.core.identifyPerson(systemActor('test'), {
      platform: 'TELEGRAM',
      externalId: String(++nextExternalId),
      chatId: String(nextExternalId),
    }),
  );
  const { messageId } = unwrap(await h.t.core.contactMediators(personActor(personId), { message }));
  return { personId, messageId };
}

const contactRow = (messageId: string) =>
  h.t.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupKey: `contactMessage:${messageId}` } });
const postedTo = (channel: string) =>
  h.fake.callsOf('chat.postMessage').filter((call) => call.args.channel === channel);

describe('the mediators’ channel', () => {
  it('receives a consumer’s /contact message from the outbox, with a « Répondre » button', async () => {
    const { messageId } = await consumerWrites('Bonjour, je n’ai pas reçu de réponse de SFR.');
    const before = postedTo(MEDIATORS_CHANNEL).length;
    expect((await dispatch()).sent).toBeGreaterThanOrEqual(1);
    const post = postedTo(MEDIATORS_CHANNEL).slice(before).at(-1);
    expect(textOf(post?.args)).toContain('Bonjour, je n’ai pas reçu de réponse de SFR.');
    expect(post?.args.text).toContain('Bonjour, je n’ai pas reçu de réponse de SFR.');
    const buttons = post?.args.blocks.flatMap((block: { elements?: unknown[] }) => block.elements ?? []);
    expect(buttons).toContainEqual(
      expect.objectContaining({
        action_id: CONTACT_REPLY_ACTION,
        value: messageId,
        text: expect.objectContaining({ text: 'Répondre' }),
      }),
    );
    expect(post?.auth).toBe('Bearer xoxb-fake-bot-token');
    expect((await contactRow(messageId)).status).toBe('SENT');
  });

  it('is retried after the delay Slack asks for when it answers 429, then delivered once', async () => {
    const { messageId } = await consumerWrites('Message pendant une limite de débit.');
    h.fake.rateLimit('chat.postMessage', 7);
    const first = await dispatch();
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await contactRow(messageId);
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(waiting.lastError).toContain('slack:429');
    expect(waiting.nextAttemptAt.getTime() - h.t.clock.now().getTime()).toBeGreaterThanOrEqual(7000);

    const posts = postedTo(MEDIATORS_CHANNEL).length;
    h.t.clock.advance(8000);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect((await contactRow(messageId)).status).toBe('SENT');
    expect(postedTo(MEDIATORS_CHANNEL).length - posts).toBe(1);
    expect(await dispatch()).toMatchObject({ claimed: 0 });
  });

  it('keeps a message when the channel is wrong or the app not invited: logged, retried, not lost', async () => {
    const { messageId } = await consumerWrites('Message vers un salon inconnu.');
    h.fake.refuse('chat.postMessage', 'channel_not_found');
    expect(await dispatch()).toMatchObject({ sent: 0, retried: 1 });
    const row = await contactRow(messageId);
    expect(row).toMatchObject({
      status: 'PENDING',
      lastError: expect.stringContaining('slack:channel_not_found'),
    });
    const loud = h.logs.find((line) => line.why === 'slack:channel_not_found' && Number(line.level) >= 50);
    expect(loud?.msg).toContain('SLACK_MEDIATORS_CHANNEL');
    // Nothing of the message itself in the logs.
    expect(JSON.stringify(h.logs)).not.toContain('salon inconnu');

    h.t.clock.advance(6 * 60 * 1000);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect((await contactRow(messageId)).status).toBe('SENT');
  });
});

describe('« Répondre » under a consumer’s message', () => {
  it('opens a modal for a mediator; sending it answers the person and tells the team in the thread', async () => {
    const { personId, messageId } = await consumerWrites('Quand aurai-je des nouvelles ?');
    const opened = h.fake.callsOf('views.open').length;
    const press = blockAction({
      actionId: CONTACT_REPLY_ACTION,
      value: messageId,
      user: ALICE,
      responseUrl: h.fake.responseUrl('reply-press'),
      channelId: MEDIATORS_CHANNEL,
      messageTs: '1700000042.000100',
      triggerId: 'trigger-reply-1',
    });
    expect((await h.post(press)).status).toBe(200);
    const modal = await waitFor(() => h.fake.callsOf('views.open')[opened]);
    expect(modal.args.trigger_id).toBe('trigger-reply-1');
    expect(modal.args.view.callback_id).toBe('contact:reply');
    const target = JSON.parse(modal.args.view.private_metadata);
    expect(target).toEqual({ messageId, channel: MEDIATORS_CHANNEL, ts: '1700000042.000100' });

    const submitted = viewSubmission({
      callbackId: 'contact:reply',
      privateMetadata: modal.args.view.private_metadata,
      values: { answer: { message: 'Nous relançons SFR cette semaine.' } },
      user: ALICE,
    });
    expect((await h.post(submitted)).status).toBe(200);
    const answer = await waitFor(() =>
      h.t.db.prisma.outboxMessage.findFirst({ where: { personId, kind: 'contactAnswer' } }),
    );
    expect(JSON.stringify(answer?.payload)).toContain('Nous relançons SFR cette semaine.');
    const thread = await waitFor(() =>
      postedTo(MEDIATORS_CHANNEL).find((call) => call.args.thread_ts === '1700000042.000100'),
    );
    expect(thread.args.text).toBe(t('fr', 'slack:contact.answered', { mediator: `<@${ALICE.id}>` }));
    const audited = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'person.contactAnswered', subjectId: personId },
    });
    expect(audited?.actor).toBe(`mediator:slack:${FAKE_TEAM}:${ALICE.id}`);

    // The same submission again (a retry) sends nothing more.
    await h.post(submitted, { retryNum: 1 });
    await settle();
    expect(await h.t.db.prisma.outboxMessage.count({ where: { personId, kind: 'contactAnswer' } })).toBe(1);
  });

  it('tells the mediator when the answer is refused (too short), privately, and sends nothing', async () => {
    const { personId, messageId } = await consumerWrites('Un message de plus.');
    const metadata = JSON.stringify({ messageId, channel: MEDIATORS_CHANNEL, ts: '1700000043.000100' });
    await h.post(
      viewSubmission({
        callbackId: 'contact:reply',
        privateMetadata: metadata,
        values: { answer: { message: 'ok' } },
        user: ALICE,
      }),
    );
    const told = await waitFor(() =>
      h.fake.callsOf('chat.postEphemeral').find((call) => call.args.user === ALICE.id),
    );
    expect(told.args.channel).toBe(MEDIATORS_CHANNEL);
    expect(told.args.text.length).toBeGreaterThan(0);
    expect(await h.t.db.prisma.outboxMessage.count({ where: { personId, kind: 'contactAnswer' } })).toBe(0);
  });

  it('is refused to someone who is not a mediator: no modal, an ephemeral word, an audit entry', async () => {
    const { messageId } = await consumerWrites('Message lu par un curieux.');
    const opened = h.fake.callsOf('views.open').length;
    await h.post(
      blockAction({
        actionId: CONTACT_REPLY_ACTION,
        value: messageId,
        user: MALLORY,
        responseUrl: h.fake.responseUrl('curious'),
      }),
    );
    const [refused] = await waitFor(
      () => h.fake.responsesTo('curious').length > 0 && h.fake.responsesTo('curious'),
    );
    expect(refused).toMatchObject({ response_type: 'ephemeral', text: t('fr', 'slack:refused') });
    expect(h.fake.callsOf('views.open').length).toBe(opened);
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(entry?.details).toEqual({
      platformUserId: `slack:${FAKE_TEAM}:${MALLORY.id}`,
      attempted: 'button:contact-reply',
    });
  });
});
