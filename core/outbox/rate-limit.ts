import type { Clock } from '../clock/clock.ts';
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
 * The platforms' published limits (docs/platforms.md). These are per process: with N instances sending
 * for one bot, give each `limitsShared(N)` so that together they stay under the platform's numbers.
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

/** The limits for one of `instances` processes sending for the same bots. */
export function limitsShared(instances: number): Record<Platform, PlatformLimits> {
  const share = (limit?: SendLimit) =>
    limit && { limit: Math.max(1, Math.floor(limit.limit / instances)), windowMs: limit.windowMs };
  const shared = Object.entries(platformLimits).map(([platform, limits]) => [
    platform,
    { global: share(limits.global), perChat: share(limits.perChat) },
  ]);
  return Object.fromEntries(shared) as Record<Platform, PlatformLimits>;
}

/**
 * A bucket of `limit` tokens where each spent token comes back exactly `windowMs` after it was spent.
 * Unlike a bucket refilled continuously, it can never let more than `limit` sends into any window
 * (a refilled bucket allows a full burst plus the refill), which is what the platforms count.
 */
class SendWindow {
  private spent: number[] = [];
  private heldUntil = 0;

  /** Without a rule the window only remembers a platform's "retry after". */
  constructor(private readonly rule: SendLimit | undefined) {}

  waitMs(now: number): number {
    const held = Math.max(0, this.heldUntil - now);
    if (!this.rule || this.spent.length < this.rule.limit) return held;
    return Math.max(held, (this.spent[0] as number) + this.rule.windowMs - now);
  }

  spend(now: number): void {
    if (!this.rule) return;
    this.spent.push(now);
    if (this.spent.length > this.rule.limit) this.spent.shift();
  }

  holdUntil(at: number): void {
    this.heldUntil = Math.max(this.heldUntil, at);
  }

  isIdle(now: number): boolean {
    const last = this.spent.at(-1) ?? 0;
    return last + (this.rule?.windowMs ?? 0) <= now && this.heldUntil <= now;
  }
}

/** Keeps outbound sends within each platform's limits, globally and per chat. */
export class RateLimiter {
  private readonly windows = new Map<string, SendWindow>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Record<Platform, PlatformLimits> = platformLimits,
  ) {}

  /** How long until a message to this chat may go (0: now). */
  waitMs(platform: Platform, chatId: string): number {
    const now = this.clock.now().getTime();
    const { global, chat } = this.windowsFor(platform, chatId);
    return Math.max(global?.waitMs(now) ?? 0, chat.waitMs(now));
  }

  /** Records a send. Call it right after `waitMs` returned 0, with no `await` in between. */
  spend(platform: Platform, chatId: string): void {
    const now = this.clock.now().getTime();
    const { global, chat } = this.windowsFor(platform, chatId);
    global?.spend(now);
    chat.spend(now);
    if (this.windows.size > 10_000) this.forgetIdle(now);
  }

  /** The platform answered "too many requests, retry after": nothing more to that chat until then. */
  holdOff(platform: Platform, chatId: string, ms: number): void {
    this.windowsFor(platform, chatId).chat.holdUntil(this.clock.now().getTime() + ms);
  }

  private windowsFor(platform: Platform, chatId: string): { global?: SendWindow; chat: SendWindow } {
    const { global, perChat } = this.limits[platform];
    return {
      global: global && this.window(platform, global),
      // Kept even with no per-chat limit: it remembers the chat's "retry after".
      chat: this.window(`${platform}:${chatId}`, perChat),
    };
  }

  private window(key: string, rule: SendLimit | undefined): SendWindow {
    let window = this.windows.get(key);
    if (!window) {
      window = new SendWindow(rule);
      this.windows.set(key, window);
    }
    return window;
  }

  private forgetIdle(now: number): void {
    for (const [key, window] of this.windows) if (window.isIdle(now)) this.windows.delete(key);
  }
}
