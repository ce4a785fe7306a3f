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
import { RateLimiter } from './rate-limit.ts';
import { type Route, routeMessage } from './routing.ts';

export interface DispatchOptions {
  instanceId: string;
  batchSize: number;
  /** How long a claimed row stays this instance's; after that another instance may deliver it. */
  leaseSeconds: number;
  /** Tries before a message is given up as FAILED. */
  maxAttempts?: number;
  /** Keep it across calls (startDispatcher does): the limits are about what was sent recently. */
  rateLimiter?: RateLimiter;
  /** Longest pause for a free rate-limit slot; beyond it the message is put back for later. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Deliveries in flight at once (each person's messages still go one after another, in order). */
  concurrency?: number;
  backoff?: Backoff;
  random?: () => number;
  /** When a message has nowhere to go from this process, how long before it is looked at again. */
  noRouteDelayMs?: number;
}

export interface DispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  putBack: number;
  unreachable: number;
  failed: number;
  groupsExpanded: number;
  newsExpanded: number;
}

type Step = Exclude<keyof DispatchReport, 'claimed' | 'groupsExpanded' | 'newsExpanded'>;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** One limiter per set of channels (one bot account each) when the caller does not keep one. */
const limiters = new WeakMap<DeliveryChannels, RateLimiter>();

/**
 * One pass of the outbox: expands group notifications, leases due rows to this instance, routes and
 * delivers them within the platforms' rate limits, and records each outcome. A message is sent at least
 * once and, unless a process dies between the platform's "ok" and our record of it, exactly once.
 */
export async function dispatchOnce(
  deps: CoreDeps,
  channels: DeliveryChannels,
  options: DispatchOptions,
): Promise<DispatchReport> {
  const limiter = options.rateLimiter ?? limiterFor(deps, channels);
  const groupsExpanded = await expandGroupNotifications(deps);
  const newsExpanded = await expandPublicNews(
    deps,
    (channels.announcements ?? []).map((channel) => channel.platform),
  );
  const rows = await claimDueMessages(deps, options);
  const report: DispatchReport = {
    claimed: rows.length,
    sent: 0,
    retried: 0,
    putBack: 0,
    unreachable: 0,
    failed: 0,
    groupsExpanded,
    newsExpanded,
  };
  const pass = { deps, channels, options, limiter, sleep: options.sleep ?? realSleep };
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
  limiter: RateLimiter;
  sleep: (ms: number) => Promise<void>;
}

async function handle(pass: Pass, row: ClaimedRow): Promise<Step> {
  const { deps, options } = pass;
  const route = await routeMessage(deps.db.prisma, pass.channels, row);
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
  const step = await record(pass, row, route, attempt.outcome);
  // Put back after an identity turned out unreachable: that attempt was an unreachable one.
  countDelivery(deps, route.channel.platform, step === 'putBack' ? 'unreachable' : step, attempt.outcome);
  return step;
}

/**
 * Waits (briefly) for a free slot in the platform's rate limits, then sends. A longer wait, or a lease
 * about to end, puts the row back for later instead.
 */
async function deliverWithinLimits(
  pass: Pass,
  row: ClaimedRow,
  route: Extract<Route, { kind: 'deliver' }>,
): Promise<{ outcome: DeliveryOutcome } | { putBack: { at: Date; why: string } }> {
  const { deps, limiter, options } = pass;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  // Leave a quarter of the lease for the delivery itself, so it ends before another instance may start it.
  const leaseMargin = (options.leaseSeconds * 1000) / 4;
  for (;;) {
    const now = deps.clock.now().getTime();
    if (now + leaseMargin >= row.leasedUntil.getTime())
      return { putBack: { at: new Date(now), why: 'lease ran short' } };
    const wait = limiter.waitMs(route.channel.platform, route.chatId);
    if (wait === 0) break;
    if (wait > maxWaitMs) return { putBack: { at: new Date(now + wait), why: 'rate limit' } };
    await pass.sleep(wait);
  }
  // No `await` between the check, the spending of the slot and the platform call: no other delivery can
  // slip in between, and the call goes out at the moment the limiter counted.
  limiter.spend(route.channel.platform, route.chatId);
  return { outcome: await deliver(route, messageFor(row, route)) };
}

async function deliver(route: Extract<Route, { kind: 'deliver' }>, message: OutboundMessage) {
  try {
    return await route.channel.deliver(message);
  } catch (error) {
    return { status: 'retry', afterSeconds: 0, reason: thrownReason(error) } satisfies DeliveryOutcome;
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
    const next = await routeMessage(deps.db.prisma, pass.channels, row);
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
  if (afterSeconds > 0) pass.limiter.holdOff(route.channel.platform, route.chatId, afterSeconds * 1000);
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

function limiterFor(deps: CoreDeps, channels: DeliveryChannels): RateLimiter {
  let limiter = limiters.get(channels);
  if (!limiter) {
    limiter = new RateLimiter(deps.clock);
    limiters.set(channels, limiter);
  }
  return limiter;
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
    rateLimiter: options.rateLimiter ?? new RateLimiter(deps.clock),
  };
  return startTicker('outbox', deps.logger, options.intervalMs, async () => {
    const report = await dispatchOnce(deps, channels, settings);
    return {
      moreWaiting: report.claimed >= batchSize || report.groupsExpanded > 0 || report.newsExpanded > 0,
    };
  });
}
