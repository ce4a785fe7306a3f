import type { Clock } from '../clock/clock.ts';
import type { SqlRunner } from '../db/connect.ts';
import type { Platform } from '../db/generated/enums.ts';

/** At most `limit` sends in any window of `windowMs`. */
export interface SendLimit {
  limit: number;
  windowMs: number;
}

export interface PlatformLimits {
  /** All sends of one bot account on that platform. */
  global?: SendLimit;
  /** Sends to one chat / channel. */
  perChat?: SendLimit;
}

/**
 * The platforms' published limits (docs/platforms.md), for all the instances sending for one bot
 * together: the slots that enforce them live in the database they share (`send_slot`).
 */
export const platformLimits: Record<Platform, PlatformLimits> = {
  // ~30 messages/s across chats, ~1 message/s in one chat; telegraf does not queue or retry for us.
  TELEGRAM: { global: { limit: 30, windowMs: 1000 }, perChat: { limit: 1, windowMs: 1000 } },
  // 50 requests/s global; per-route buckets are handled by @discordjs/rest itself.
  DISCORD: { global: { limit: 50, windowMs: 1000 } },
  // chat.postMessage: about one message per second per channel.
  SLACK: { perChat: { limit: 1, windowMs: 1000 } },
  CONSOLE: {},
};

/**
 * The platform counts a message when it arrives, which is later than the slot we gave it, by a varying
 * amount: a timer that fires late, the request's way there. Slots are spaced so that `limit` of them
 * span the window plus this margin; a send that starts more than `lateMs` after its slot gives the slot
 * up (see the dispatcher) and takes another, so the margin left for the way there is `marginMs - lateMs`.
 * At 30/s that is one slot every 34.7 ms: 28.8 messages/s, 96 % of the limit.
 */
export const pacingMargin = { marginMs: 40, lateMs: 20 };

/** How far apart the slots of one limit are: `limit` of them never fit in `windowMs + marginMs`. */
export function slotSpacingMs(limit: SendLimit | undefined, marginMs = pacingMargin.marginMs): number {
  return limit ? (limit.windowMs + marginMs) / limit.limit : 0;
}

export type SlotTake =
  /** Send at `at` (not before); the outbox row is marked as being sent since then. */
  | { kind: 'slot'; at: Date }
  /** Nothing taken, nothing marked: ask again at `until` (the chat or the platform is busy until then). */
  | { kind: 'wait'; until: Date }
  /** The outbox row is no longer this instance's: another took its lease over. */
  | { kind: 'lost' };

export interface SlotRequest {
  platform: Platform;
  chatId: string;
  /** The row to mark as being sent (leased by `instanceId`); none for a message outside the outbox. */
  outboxId?: string;
  instanceId?: string;
  /** A slot further than this is not taken (`wait` instead). */
  maxWaitMs: number;
  /** A slot this caller took before for the same message and gave up unused: its chat is not held by it. */
  givenUp?: Date;
}

/** Hands out send slots within the platforms' limits, shared by every instance on one database. */
export interface SendPacer {
  take(request: SlotRequest): Promise<SlotTake>;
  /** The platform answered "too many requests, retry after `ms`". */
  holdOff(platform: Platform, chatId: string, ms: number): Promise<void>;
}

/**
 * How long a 429 stops the whole platform, besides its chat for the full "retry after": our pacing
 * keeps within the published limits, so a 429 means someone else spends the same budget (a reply to a
 * person's own message, sent outside the outbox) and a short pause of everything lets it pass.
 */
const PLATFORM_HOLD_MAX_MS = 1000;

/**
 * The pacer on the database: one statement per send (`take_send_slot`, see its migration) takes the
 * platform's next slot, checks the chat's, and marks the outbox row as being sent, so that the mark and
 * the slot cost a single round trip. The same SQL serves PGlite and a server.
 */
export function databasePacer(
  sql: SqlRunner,
  clock: Clock,
  { limits = platformLimits, marginMs = pacingMargin.marginMs } = {},
): SendPacer {
  return {
    async take(request) {
      const { global, perChat } = limits[request.platform];
      const [row] = await sql.query<{ slot_at: Date | null; wait_until: Date | null }>(
        `SELECT slot_at, wait_until FROM take_send_slot($1::"Platform", $2, $3::uuid, $4, $5, $6, $7, $8, $9)`,
        [
          request.platform,
          request.chatId,
          request.outboxId ?? null,
          request.instanceId ?? null,
          clock.now(),
          slotSpacingMs(global, marginMs),
          slotSpacingMs(perChat, marginMs),
          request.maxWaitMs,
          request.givenUp ?? null,
        ],
      );
      if (row?.slot_at) return { kind: 'slot', at: new Date(row.slot_at) };
      if (row?.wait_until) return { kind: 'wait', until: new Date(row.wait_until) };
      return { kind: 'lost' };
    },
    async holdOff(platform, chatId, ms) {
      const now = clock.now().getTime();
      await sql.query(`SELECT hold_send_slot($1::"Platform", $2, $3, $4, $5)`, [
        platform,
        chatId,
        new Date(now),
        new Date(now + ms),
        new Date(now + Math.min(ms, PLATFORM_HOLD_MAX_MS)),
      ]);
    },
  };
}

/**
 * At most `width` tasks at a time, the others waiting in arrival order: the platform calls of one
 * process, so that at any instant only that many messages are being sent (and could be repeated by a
 * crash).
 */
export class SendGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly width = 1) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.width) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
