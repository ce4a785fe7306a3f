import type { Clock } from '../../core/clock/clock.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import type {
  DeliveryChannel,
  DeliveryOutcome,
  OutboundMessage,
} from '../../core/outbox/delivery-channel.ts';

/** The most times found in any window of `windowMs` (a window [t, t + windowMs) starting anywhere). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

export interface Arrival {
  outboxId: string;
  chatId: string;
  at: number;
  refused: boolean;
}

export interface WindowRules {
  /** Messages the platform accepts in any window of `windowMs` (Telegram: 30 a second). */
  limit: number;
  /** Messages one chat accepts in any window (Telegram: 1 a second). */
  perChat: number;
  windowMs: number;
  retryAfterSeconds: number;
}

export const telegramRules: WindowRules = { limit: 30, perChat: 1, windowMs: 1000, retryAfterSeconds: 1 };

/**
 * The platform's side of the rate limits, as strict as written: a message is refused ("429, retry
 * after") when, with it, more than `limit` accepted messages would fall within one window ending at its
 * arrival, or more than `perChat` in its chat. Records every arrival (the instant it is asked, on its
 * clock), refused or not.
 */
export class SlidingWindowPlatform {
  readonly arrivals: Arrival[] = [];
  private readonly accepted: number[] = [];
  private readonly lastByChat = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    readonly rules: WindowRules = telegramRules,
  ) {}

  /** Whether a message to `chatId` arriving now is accepted; records it either way. */
  arrive(outboxId: string, chatId: string): boolean {
    const at = this.now();
    const inWindow = (times: number[]) => times.filter((time) => time > at - this.rules.windowMs).length;
    while ((this.accepted[0] ?? at) <= at - this.rules.windowMs) this.accepted.shift();
    const chat = this.lastByChat.get(chatId) ?? [];
    const refused = inWindow(this.accepted) + 1 > this.rules.limit || inWindow(chat) + 1 > this.rules.perChat;
    this.arrivals.push({ outboxId, chatId, at, refused });
    if (!refused) {
      this.accepted.push(at);
      this.lastByChat.set(chatId, [...chat.filter((time) => time > at - this.rules.windowMs), at]);
    }
    return !refused;
  }

  /** What the outbox reached: counted per message, and the busiest windows of what arrived. */
  summary(expected: readonly string[]) {
    const accepted = this.arrivals.filter((arrival) => !arrival.refused);
    const times = new Map<string, number>();
    for (const arrival of accepted) times.set(arrival.outboxId, (times.get(arrival.outboxId) ?? 0) + 1);
    const byChat = new Map<string, number[]>();
    for (const arrival of this.arrivals)
      byChat.set(arrival.chatId, [...(byChat.get(arrival.chatId) ?? []), arrival.at]);
    const first = accepted[0]?.at ?? 0;
    const last = accepted.at(-1)?.at ?? 0;
    return {
      arrivals: this.arrivals.length,
      refused: this.arrivals.filter((arrival) => arrival.refused).length,
      delivered: times.size,
      duplicates: [...times.values()].reduce((sum, count) => sum + count - 1, 0),
      lost: expected.filter((id) => !times.has(id)).length,
      busiestWindow: busiestWindow(
        this.arrivals.map((arrival) => arrival.at),
        this.rules.windowMs,
      ),
      busiestChatWindow: Math.max(
        0,
        ...[...byChat.values()].map((t) => busiestWindow(t, this.rules.windowMs)),
      ),
      /** Accepted messages per second, from the first to the last. */
      perSecond: accepted.length > 1 ? ((accepted.length - 1) * 1000) / (last - first) : 0,
    };
  }
}

/** A delivery channel in this process, in front of a sliding-window platform: it answers like Telegram. */
export class SlidingWindowChannel implements DeliveryChannel {
  readonly platform: Platform;
  readonly side: SlidingWindowPlatform;
  /** Called after the arrival is recorded; may hold the answer back (a process that dies mid-call). */
  answer: (message: OutboundMessage) => Promise<void> | void = () => {};

  /** `side`: the platform this channel talks to, when several channels (instances) share one. */
  constructor(
    clock: Clock,
    {
      platform = 'TELEGRAM' as Platform,
      rules = telegramRules,
      side,
    }: { platform?: Platform; rules?: WindowRules; side?: SlidingWindowPlatform } = {},
  ) {
    this.platform = platform;
    this.side = side ?? new SlidingWindowPlatform(() => clock.now().getTime(), rules);
  }

  async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
    const accepted = this.side.arrive(message.outboxId, message.chatId);
    await this.answer(message);
    return accepted
      ? { status: 'sent' }
      : { status: 'retry', afterSeconds: this.side.rules.retryAfterSeconds, reason: 'telegram:429' };
  }
}
