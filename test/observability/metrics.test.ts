import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { metricsRoute } from '../../bots/http/metrics-route.ts';
import { type HttpServer, startHttpServer } from '../../bots/http/server.ts';
import { telegramDeliveryChannel } from '../../bots/telegram/delivery-channel.ts';
import { MINUTE } from '../../core/clock/clock.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { watchBacklog } from '../../core/observability/backlog-gauges.ts';
import type { Metrics } from '../../core/observability/metrics.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { addTelegramPeople, queueMessages, testDispatch } from '../outbox/support.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { type Family, parsePrometheusText, seriesValue } from '../support/prometheus-text.ts';
import { useTelegramBot } from '../telegram/harness.ts';
import { probeFlow } from '../telegram/probe-flow.ts';

// `/metrics` as Prometheus reads it: real telegraf against the fake Bot API, the real outbox, and the
// numbers read back over HTTP after the work is done.
const h = useTelegramBot({
  flows: [...consumerFlows, probeFlow],
  wrap: (conversation) => ({
    handle: (incoming) => {
      if (incoming.event.type === 'text' && incoming.event.text === 'boum') throw new Error('bug of ours');
      return conversation.handle(incoming);
    },
  }),
});

const SECOND = 1000;
let http: HttpServer;
let metrics: Metrics;
beforeAll(async () => {
  metrics = h.t.core.deps.metrics as Metrics;
  watchBacklog(metrics, h.t.core.deps);
  http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [metricsRoute(metrics.registry)],
    logger: h.t.core.deps.logger,
  });
});
afterAll(() => http?.stop());

async function scrape(): Promise<Map<string, Family>> {
  const response = await fetch(`http://127.0.0.1:${http.port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

const updates = (families: Map<string, Family>, outcome: string) =>
  seriesValue(families, 'clf_inbound_updates_total', { platform: 'telegram', outcome });

describe('GET /metrics', () => {
  it('is Prometheus text: every metric of ours has its HELP and TYPE, and labels that name no one', async () => {
    const person = h.fake.person();
    await person.sendCommand('/sonde');
    await waitFor(async () => updates(await scrape(), 'handled') > 0);
    await h.t.core.recordRefusedMediatorAccess(systemActor('test'), {
      platformUserId: 'slack:T1:U1',
      attempted: 'command:test',
    });
    const families = await scrape();
    const expected = {
      clf_inbound_updates_total: 'counter',
      clf_outbox_deliveries_total: 'counter',
      clf_outbox_rate_limited_total: 'counter',
      clf_command_duration_seconds: 'histogram',
      clf_outbox_pending_messages: 'gauge',
      clf_outbox_oldest_pending_age_seconds: 'gauge',
      clf_timers_due: 'gauge',
      clf_timers_late: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) {
      expect(families.get(name), name).toMatchObject({ type, help: expect.stringMatching(/^[A-Z].{20,}$/) });
    }
    const ours = [...families.values()].filter((family) => family.name.startsWith('clf_'));
    expect(ours.map((family) => family.name).sort()).toEqual(Object.keys(expected).sort());
    const labelNames = new Set(
      ours.flatMap((family) => family.samples.flatMap((s) => Object.keys(s.labels))),
    );
    expect([...labelNames].sort()).toEqual(['audience', 'command', 'kind', 'le', 'outcome', 'platform']);
    // No chat id, person id or other number in a label value (a bucket's bound aside).
    const values = ours.flatMap((family) =>
      family.samples.flatMap((s) => Object.entries(s.labels).filter(([name]) => name !== 'le')),
    );
    expect(values.filter(([, value]) => /\d{3}/.test(value))).toEqual([]);
  });

  it('counts the Telegram updates handled, and the one that failed', async () => {
    const before = await scrape();
    const people = [h.fake.person(), h.fake.person(), h.fake.person()];
    for (const person of people) await person.sendCommand('/sonde');
    await people[0]?.press('probe:pick:a');
    await people[1]?.sendText('du texte');
    const expectedHandled = updates(before, 'handled') + 5;
    await waitFor(async () => updates(await scrape(), 'handled') >= expectedHandled);
    await people[2]?.sendText('boum');
    await waitFor(async () => updates(await scrape(), 'failed') === updates(before, 'failed') + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await scrape();
    expect(updates(after, 'handled')).toBe(expectedHandled);
    expect(updates(after, 'failed')).toBe(updates(before, 'failed') + 1);
  });

  it('times each core command in its histogram, by command name', async () => {
    const count = (families: Map<string, Family>) =>
      seriesValue(
        families,
        'clf_command_duration_seconds',
        { command: 'recordRefusedMediatorAccess' },
        'clf_command_duration_seconds_count',
      );
    const before = await scrape();
    for (let n = 0; n < 3; n++) {
      await h.t.core.recordRefusedMediatorAccess(systemActor('test'), {
        platformUserId: `slack:T1:U${n}`,
        attempted: 'command:test',
      });
    }
    const after = await scrape();
    expect(count(after)).toBe(count(before) + 3);
    const sum = (families: Map<string, Family>) =>
      seriesValue(
        families,
        'clf_command_duration_seconds',
        { command: 'recordRefusedMediatorAccess' },
        'clf_command_duration_seconds_sum',
      );
    expect(sum(after)).toBeGreaterThan(sum(before));
  });

  it('follows the outbox: backlog and its age, deliveries by outcome, and a 429', async () => {
    const channel = telegramDeliveryChannel(h.bot.telegram);
    const pending = (families: Map<string, Family>) =>
      seriesValue(families, 'clf_outbox_pending_messages', { audience: 'person' });
    const delivered = (families: Map<string, Family>, outcome: string) =>
      seriesValue(families, 'clf_outbox_deliveries_total', { platform: 'telegram', outcome });
    const rateLimited = (families: Map<string, Family>) =>
      seriesValue(families, 'clf_outbox_rate_limited_total', { platform: 'telegram' });
    const before = await scrape();

    const chatIds = ['88000001', '88000002', '88000003'];
    const people = await addTelegramPeople(h.t.db, chatIds);
    await queueMessages(h.t.db, h.t.clock, people);
    h.t.clock.advance(90 * SECOND);
    const queued = await scrape();
    expect(pending(queued)).toBe(pending(before) + 3);
    expect(
      seriesValue(queued, 'clf_outbox_oldest_pending_age_seconds', { audience: 'person' }),
    ).toBeGreaterThan(89);
    // Every audience is reported, even with nothing waiting.
    expect(seriesValue(queued, 'clf_outbox_pending_messages', { audience: 'public' })).toBe(0);
    expect(queued.get('clf_outbox_pending_messages')?.samples).toHaveLength(4);

    h.fake.refuse(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } },
      { when: (body) => String(body.chat_id) === chatIds[1] },
    );
    const report = await dispatchOnce(h.t.core.deps, { people: [channel] }, testDispatch(h.t.clock));
    expect(report).toMatchObject({ sent: 2, retried: 1 });

    const after = await scrape();
    expect(delivered(after, 'sent')).toBe(delivered(before, 'sent') + 2);
    expect(delivered(after, 'retried')).toBe(delivered(before, 'retried') + 1);
    expect(rateLimited(after)).toBe(rateLimited(before) + 1);
    expect(pending(after)).toBe(pending(before) + 1);
  });

  it('reports the timers due and not fired, and those late by a minute or more', async () => {
    const now = h.t.clock.now().getTime();
    const timer = (dueInMs: number, extra: { firedAt?: Date; cancelledAt?: Date } = {}) =>
      h.t.db.prisma.timer.create({
        data: { kind: 'voteClose', subjectId: randomUUID(), dueAt: new Date(now + dueInMs), ...extra },
      });
    const families0 = await scrape();
    const due = (families: Map<string, Family>, kind = 'voteClose') =>
      seriesValue(families, 'clf_timers_due', { kind });
    const late = (families: Map<string, Family>, kind = 'voteClose') =>
      seriesValue(families, 'clf_timers_late', { kind });
    await timer(-30 * SECOND);
    await timer(-5 * MINUTE);
    await timer(+10 * MINUTE);
    await timer(-10 * MINUTE, { firedAt: new Date(now - 9 * MINUTE) });
    await timer(-10 * MINUTE, { cancelledAt: new Date(now - 20 * MINUTE) });
    const families = await scrape();
    expect(due(families)).toBe(due(families0) + 2);
    expect(late(families)).toBe(late(families0) + 1);
    // Every kind is there, 0 included.
    expect(due(families, 'payoutAlert')).toBe(0);
    expect(families.get('clf_timers_due')?.samples.length).toBeGreaterThan(10);
  });
});
