import { type Backoff, backoffDelay, defaultBackoff } from '../clock/backoff.ts';
import { MINUTE } from '../clock/clock.ts';
import { safeErrorSummary } from '../commands/command.ts';
import type { CoreDeps } from '../deps.ts';
import { countDelivery } from '../observability/metrics.ts';
import { startTicker, type Ticker } from '../scheduler/ticker.ts';
import type {
  DeliveryChannels,
  DeliveryOutcome,
  OutboundMessage,
  OutboundPayload,
} from './delivery-channel.ts';
import { expandGroupNotifications } from './fan-out.ts';
import {
  type ClaimedRow,
  claimDueMessages,
  markIdentityUnreachable,
  putBack,
  recordRetry,
  recordSent,
  recordUnreachable,
} from './leases.ts';
import { expandPublicNews } from './public-news.ts';
import { databasePacer, pacingMargin, SendGate, type SendPacer } from './rate-limit.ts';
import { type Route, routeMessage } from './routing.ts';

export interface DispatchOptions {
  instanceId: string;
  batchSize: number;
  /** How long a claimed row stays this instance's; after that another instance may deliver it. */
  leaseSeconds: number;
  /** Tries before a message is given up as FAILED. */
  maxAttempts?: number;
  /** Where send slots come from; by default the database's, shared with every other instance. */
  pacer?: SendPacer;
  /**
   * Longest pause for a free rate-limit slot (2 s: a chat's next second included); beyond it the
   * message is put back for later.
   */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Messages routed at once (each person's messages still go one after another, in order). */
  concurrency?: number;
  /**
   * Platform calls in progress at once, per platform: each is a message that a crash right then could
   * leave sent but unrecorded, so sent twice. One by default; raise it only where a platform call takes
   * longer than a slot (34.7 ms on Telegram) and one instance must reach the whole rate by itself.
   */
  sendsInFlight?: number;
  /** A platform call that has not answered by then is given up (retried later: it may arrive twice). */
  sendTimeoutMs?: number;
  backoff?: Backoff;
  random?: () => number;
  /** When a message has nowhere to go from this process, how long before it is looked at again. */
  noRouteDelayMs?: number;
}

export interface DispatchReport {
  claimed: number;
  /** Claimed rows whose last holder stopped in the middle of sending them: sent again, maybe twice. */
  interrupted: number;
  sent: number;
  retried: number;
  putBack: number;
  unreachable: number;
  failed: number;
  /** Rows another instance took over before this one sent them (its lease ran out meanwhile). */
  leaseLost: number;
  groupsExpanded: number;
  newsExpanded: number;
}

type Step = Exclude<keyof DispatchReport, 'claimed' | 'interrupted' | 'groupsExpanded' | 'newsExpanded'>;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One pass of the outbox: expands group notifications, leases due rows to this instance, routes and
 * delivers them within the platforms' rate limits, and records each outcome. Each message is marked as
 * being sent (committed) right before its platform call, and the mark is cleared with the outcome; a
 * process that dies leaves only that message ambiguous — the rows it merely leased come back unmarked
 * when the lease ends, and are sent once. The marked one is sent again (the platforms take no
 * idempotency key): it may arrive twice, and is noted so.
 */
export async function dispatchOnce(
  deps: CoreDeps,
  channels: DeliveryChannels,
  options: DispatchOptions,
): Promise<DispatchReport> {
  const groupsExpanded = await expandGroupNotifications(deps);
  const newsExpanded = await expandPublicNews(
    deps,
    (channels.announcements ?? []).map((channel) => channel.platform),
  );
  const rows = await claimDueMessages(deps, options);
  const report: DispatchReport = {
    claimed: rows.length,
    interrupted: 0,
    sent: 0,
    retried: 0,
    putBack: 0,
    unreachable: 0,
    failed: 0,
    leaseLost: 0,
    groupsExpanded,
    newsExpanded,
  };
  for (const row of rows.filter((claimed) => claimed.interrupted)) {
    report.interrupted++;
    deps.logger.warn(
      { outboxId: row.id, kind: row.kind },
      'sending again a message whose send was interrupted',
    );
  }
  const pass: Pass = {
    deps,
    channels,
    options,
    pacer: options.pacer ?? databasePacer(deps.db.sql, deps.clock),
    gates: new Map(),
    sleep: options.sleep ?? realSleep,
  };
  await inParallel(byRecipient(rows), options.concurrency ?? 8, async (queue) => {
    for (const row of queue) {
      try {
        report[await handle(pass, row)]++;
      } catch (error) {
        // The database failed while recording: the lease runs out and the row comes back by itself.
        deps.logger.error({ outboxId: row.id, err: safeErrorSummary(error) }, 'outbox row not recorded');
      }
    }
  });
  return report;
}

interface Pass {
  deps: CoreDeps;
  channels: DeliveryChannels;
  options: DispatchOptions;
  pacer: SendPacer;
  /** This pass's platform calls, one at a time per platform (`sendsInFlight`). */
  gates: Map<string, SendGate>;
  sleep: (ms: number) => Promise<void>;
}

async function handle(pass: Pass, row: ClaimedRow): Promise<Step> {
  const { deps, options } = pass;
  const route = await routeMessage(deps.db.sql, pass.channels, row);
  if (route.kind === 'unreachable') {
    await recordUnreachable(deps, row, options.instanceId, route.reason);
    return 'unreachable';
  }
  if (route.kind === 'wait') {
    const later = new Date(deps.clock.now().getTime() + (options.noRouteDelayMs ?? 5 * MINUTE));
    await putBack(deps, row, options.instanceId, later, route.reason);
    return 'putBack';
  }
  const attempt = await deliverWithinLimits(pass, row, route);
  if ('putBack' in attempt) {
    await putBack(deps, row, options.instanceId, attempt.putBack.at, attempt.putBack.why);
    return 'putBack';
  }
  return attempt.step;
}

/**
 * Takes a send slot (which marks the row as being sent), waits for it, sends and records the outcome,
 * all within this platform's gate, so that the process has one message in flight there at a time. A
 * chat still busy is waited for outside the gate; a longer wait, or a lease about to end, puts the row
 * back for later instead.
 */
async function deliverWithinLimits(
  pass: Pass,
  row: ClaimedRow,
  route: Extract<Route, { kind: 'deliver' }>,
): Promise<{ step: Step } | { putBack: { at: Date; why: string } }> {
  const { deps, options } = pass;
  const platform = route.channel.platform;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  // Leave a quarter of the lease for the delivery itself, so it ends before another instance may start it.
  const leaseMargin = (options.leaseSeconds * 1000) / 4;
  const leaseRunsShort = () => deps.clock.now().getTime() + leaseMargin >= row.leasedUntil.getTime();
  for (;;) {
    if (leaseRunsShort()) return { putBack: { at: deps.clock.now(), why: 'lease ran short' } };
    const result = await gateOf(pass, platform).run(async () => {
      let givenUp: Date | undefined;
      for (;;) {
        if (leaseRunsShort()) return { kind: 'wait' as const, until: deps.clock.now() };
        const take = await pass.pacer.take({
          platform,
          chatId: route.chatId,
          outboxId: row.id,
          instanceId: options.instanceId,
          maxWaitMs,
          givenUp,
        });
        if (take.kind !== 'slot') return take;
        await sleepUntil(pass, take.at.getTime());
        // Started too late, the send could crowd a window at the platform's end: the slot is given up
        // and another taken. No `await` between this check and the call, so it starts in its slot.
        if (deps.clock.now().getTime() > take.at.getTime() + pacingMargin.lateMs) {
          givenUp = take.at;
          continue;
        }
        const outcome = await deliver(route, messageFor(row, route), sendTimeoutOf(options));
        const step = await record(pass, row, route, outcome);
        // Put back after an identity turned out unreachable: that attempt was an unreachable one.
        if (step !== 'leaseLost')
          countDelivery(deps, platform, step === 'putBack' ? 'unreachable' : step, outcome);
        return { kind: 'done' as const, step };
      }
    });
    if (result.kind === 'done') return { step: result.step };
    if (result.kind === 'lost') return { step: 'leaseLost' };
    const wait = result.until.getTime() - deps.clock.now().getTime();
    if (leaseRunsShort()) return { putBack: { at: deps.clock.now(), why: 'lease ran short' } };
    if (wait > maxWaitMs) return { putBack: { at: result.until, why: 'rate limit' } };
    await sleepUntil(pass, result.until.getTime());
  }
}

function gateOf(pass: Pass, platform: string): SendGate {
  let gate = pass.gates.get(platform);
  if (!gate) {
    gate = new SendGate(pass.options.sendsInFlight ?? 1);
    pass.gates.set(platform, gate);
  }
  return gate;
}

async function sleepUntil(pass: Pass, at: number): Promise<void> {
  for (let wait = at - pass.deps.clock.now().getTime(); wait > 0; wait = at - pass.deps.clock.now().getTime())
    await pass.sleep(wait);
}

function sendTimeoutOf(options: DispatchOptions): number {
  return options.sendTimeoutMs ?? Math.min(10_000, (options.leaseSeconds * 1000) / 8);
}

/** The platform call, bounded in time: a call that never answers must not hold the gate for ever. */
async function deliver(
  route: Extract<Route, { kind: 'deliver' }>,
  message: OutboundMessage,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DeliveryOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'retry', afterSeconds: 0, reason: 'timeout' }), timeoutMs);
    timer.unref?.();
  });
  const call = (async () => route.channel.deliver(message))().catch(
    (error: unknown) =>
      ({ status: 'retry', afterSeconds: 0, reason: thrownReason(error) }) satisfies DeliveryOutcome,
  );
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function record(
  pass: Pass,
  row: ClaimedRow,
  route: Extract<Route, { kind: 'deliver' }>,
  outcome: DeliveryOutcome,
): Promise<Step> {
  const { deps, options } = pass;
  if (outcome.status === 'sent') {
    await recordSent(deps, row);
    return 'sent';
  }
  if (outcome.status === 'unreachable' && route.identityId) {
    await markIdentityUnreachable(deps, route.identityId);
    deps.logger.info({ outboxId: row.id, identityId: route.identityId, why: outcome.reason }, 'unreachable');
    // Another of their accounts may still work: try it at once; otherwise stop for good.
    const next = await routeMessage(deps.db.sql, pass.channels, row);
    if (next.kind === 'unreachable') {
      await recordUnreachable(deps, row, options.instanceId, cut(outcome.reason ?? next.reason));
      return 'unreachable';
    }
    await putBack(deps, row, options.instanceId, deps.clock.now(), 'identity unreachable');
    return 'putBack';
  }
  if (outcome.status === 'unreachable' && row.audience === 'public') {
    // A server deleted its announcement channel or took the bot's rights: that copy of the news is
    // dropped (logged), the other servers' copies are separate rows.
    deps.logger.warn({ outboxId: row.id, why: outcome.reason }, 'announcement channel unreachable');
    await recordUnreachable(deps, row, options.instanceId, cut(outcome.reason ?? 'announcement channel'));
    return 'unreachable';
  }
  // A retry, or the mediators' channel failing (never given up on silently: it is logged).
  const afterSeconds = outcome.status === 'retry' ? outcome.afterSeconds : 0;
  const reason = cut(
    outcome.reason ?? (outcome.status === 'retry' ? 'retry' : `${row.audience} channel unreachable`),
  );
  if (afterSeconds > 0) await pass.pacer.holdOff(route.channel.platform, route.chatId, afterSeconds * 1000);
  const failures = row.attempts + 1;
  const error = `${reason} (try ${failures})`;
  if (failures >= (options.maxAttempts ?? 12)) {
    deps.logger.error(
      { outboxId: row.id, kind: row.kind, attempts: failures, why: reason },
      'notification failed',
    );
    await recordRetry(deps, row, options.instanceId, { failed: true, error });
    return 'failed';
  }
  const delay = Math.max(
    afterSeconds * 1000,
    backoffDelay(failures, options.backoff ?? defaultBackoff, options.random),
  );
  deps.logger.warn(
    { outboxId: row.id, kind: row.kind, attempt: failures, why: reason },
    'notification will be retried',
  );
  await recordRetry(deps, row, options.instanceId, {
    at: new Date(deps.clock.now().getTime() + delay),
    error,
  });
  return 'retried';
}

function messageFor(row: ClaimedRow, route: Extract<Route, { kind: 'deliver' }>): OutboundMessage {
  const payload = (row.payload ?? {}) as Partial<OutboundPayload>;
  return {
    outboxId: row.id,
    kind: row.kind,
    audience: row.audience,
    chatId: route.chatId,
    locale: route.locale,
    payload: { textKey: payload.textKey ?? '', params: payload.params ?? {}, refs: payload.refs ?? {} },
    attempt: row.attempts + 1,
  };
}

/**
 * What a thrown error becomes in `last_error`: its kind and code only. A platform library's message may
 * quote the request (chat ids, text, even the bot token in a URL).
 */
function thrownReason(error: unknown): string {
  if (!(error instanceof Error)) return 'thrown';
  const { code, status } = error as { code?: unknown; status?: unknown };
  const detail = [code, status].filter((value) => typeof value === 'string' || typeof value === 'number');
  return cut(['thrown', error.name, ...detail].join(' '));
}

const cut = (text: string) => text.slice(0, 200);

function byRecipient(rows: ClaimedRow[]): ClaimedRow[][] {
  const queues = new Map<string, ClaimedRow[]>();
  for (const row of rows) {
    const key = row.personId ?? row.audience;
    queues.set(key, [...(queues.get(key) ?? []), row]);
  }
  return [...queues.values()];
}

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
}

export interface DispatcherOptions extends Omit<DispatchOptions, 'batchSize' | 'leaseSeconds'> {
  intervalMs: number;
  batchSize?: number;
  leaseSeconds?: number;
}

/** Delivers the outbox every `intervalMs`, and at once again while there was a full batch. */
export function startDispatcher(
  deps: CoreDeps,
  channels: DeliveryChannels,
  options: DispatcherOptions,
): Ticker {
  const batchSize = options.batchSize ?? 50;
  const settings: DispatchOptions = {
    ...options,
    batchSize,
    leaseSeconds: options.leaseSeconds ?? 60,
  };
  return startTicker('outbox', deps.logger, options.intervalMs, async () => {
    const report = await dispatchOnce(deps, channels, settings);
    return {
      moreWaiting: report.claimed >= batchSize || report.groupsExpanded > 0 || report.newsExpanded > 0,
    };
  });
}
