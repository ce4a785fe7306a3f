import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Platform } from '../db/generated/enums.ts';
import type { DeliveryOutcome } from '../outbox/delivery-channel.ts';

/**
 * What the process counts, for `GET /metrics` (Prometheus). One registry per process, carried in the
 * core's deps (`deps.metrics`), so a test makes its own and reads it back. Labels are platforms,
 * outcomes, audiences, command names and timer kinds: never a person, a chat or a mediation.
 */
export interface Metrics {
  registry: Registry;
  /** Inbound updates: a Telegram update, a Discord interaction, a Slack interaction. */
  updates: Counter<'platform' | 'outcome'>;
  /** Outbox delivery attempts that reached a platform, by what became of them. */
  deliveries: Counter<'platform' | 'outcome'>;
  /** Of those, the platform's "too many requests" (429) answers. */
  rateLimited: Counter<'platform'>;
  commandSeconds: Histogram<'command'>;
}

/** `handled`: finished without an error (a redelivery skipped as already handled included). */
export type UpdateOutcome = 'handled' | 'failed';
export type DeliveryCount = 'sent' | 'retried' | 'failed' | 'unreachable';

/** The prefix of every metric of ours (the default ones keep their `process_` and `nodejs_`). */
export const METRIC_PREFIX = 'clf_';

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Memory, CPU, event-loop lag: the process's own. Off in tests, where each file makes registries.
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    updates: new Counter({
      name: `${METRIC_PREFIX}inbound_updates_total`,
      help: 'Inbound updates (Telegram updates, Discord and Slack interactions) by platform and outcome (handled, failed).',
      labelNames: ['platform', 'outcome'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: `${METRIC_PREFIX}outbox_deliveries_total`,
      help: 'Outbox messages handed to a platform, by platform and outcome (sent, retried, failed, unreachable).',
      labelNames: ['platform', 'outcome'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: `${METRIC_PREFIX}outbox_rate_limited_total`,
      help: 'Outbox deliveries a platform refused with 429 (too many requests), by platform.',
      labelNames: ['platform'],
      registers: [registry],
    }),
    commandSeconds: new Histogram({
      name: `${METRIC_PREFIX}command_duration_seconds`,
      help: 'Time to run a core command (input check, transaction, retries), by command name.',
      labelNames: ['command'],
      registers: [registry],
    }),
  };
}

/** `TELEGRAM` → `telegram`, as Prometheus label values usually are. */
export const platformLabel = (platform: Platform) => platform.toLowerCase();

/** Counts one inbound update; nothing when the process keeps no metrics (a script, some tests). */
export function countUpdate(deps: { metrics?: Metrics }, platform: Platform, outcome: UpdateOutcome): void {
  deps.metrics?.updates.inc({ platform: platformLabel(platform), outcome });
}

/**
 * Counts one delivery attempt and, when the platform answered 429, one rate-limited answer. Adapters
 * give a 429 the reason `<platform>:429` (see `DeliveryOutcome`).
 */
export function countDelivery(
  deps: { metrics?: Metrics },
  platform: Platform,
  counted: DeliveryCount,
  outcome: DeliveryOutcome,
): void {
  if (!deps.metrics) return;
  const label = platformLabel(platform);
  deps.metrics.deliveries.inc({ platform: label, outcome: counted });
  if (outcome.status === 'retry' && outcome.reason?.endsWith(':429'))
    deps.metrics.rateLimited.inc({ platform: label });
}
