import { randomUUID } from 'node:crypto';
import type { ManualClock } from '../../core/clock/clock.ts';
import type { Database } from '../../core/db/connect.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import type {
  DeliveryChannel,
  DeliveryOutcome,
  OutboundMessage,
} from '../../core/outbox/delivery-channel.ts';
import type { DispatchOptions } from '../../core/outbox/dispatcher.ts';

export interface Delivery {
  message: OutboundMessage;
  /** Virtual time of the call, in ms. */
  at: number;
}

/** A platform that records every delivery (at the moment it is asked) and answers as the test says. */
export class FakeChannel implements DeliveryChannel {
  readonly deliveries: Delivery[] = [];

  constructor(
    readonly platform: Platform,
    private readonly clock: ManualClock,
    public answer: (message: OutboundMessage) => DeliveryOutcome | Promise<DeliveryOutcome> = () => ({
      status: 'sent',
    }),
  ) {}

  deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
    this.deliveries.push({ message, at: this.clock.now().getTime() });
    return Promise.resolve().then(() => this.answer(message));
  }

  deliveredIds(): string[] {
    return this.deliveries.map((delivery) => delivery.message.outboxId);
  }
}

/**
 * Deterministic dispatch settings: virtual sleeps move the test clock, no jitter. The send slots live in
 * the database (`send_slot`): a test that moves the clock back empties it too (`emptyAllTables`).
 */
export function testDispatch(clock: ManualClock, extra: Partial<DispatchOptions> = {}): DispatchOptions {
  return {
    instanceId: 'instance-a',
    batchSize: 50,
    leaseSeconds: 60,
    sleep: async (ms) => clock.advance(ms),
    random: () => 0,
    ...extra,
  };
}

export interface IdentitySpec {
  platform: Platform;
  chatId: string | null;
  languageCode?: string;
  lastSeenAt?: Date;
  unreachableAt?: Date;
}

export async function addPerson(db: Database, identities: IdentitySpec[], locale?: string) {
  const person = await db.prisma.person.create({
    data: {
      locale,
      identities: {
        create: identities.map((identity) => ({ ...identity, externalId: identity.chatId ?? randomUUID() })),
      },
    },
    include: { identities: { orderBy: { lastSeenAt: 'asc' } } },
  });
  return { personId: person.id, identityIds: person.identities.map((identity) => identity.id) };
}

/** Writes outbox rows as a command would (see the dedup test for the runner itself), oldest first. */
export async function queueMessages(
  db: Database,
  clock: ManualClock,
  recipients: (string | null)[],
  kind = 'broadcast',
): Promise<string[]> {
  const rows = recipients.map((personId, n) => ({
    id: randomUUID(),
    dedupKey: `test:${randomUUID()}`,
    personId,
    audience: personId ? 'person' : 'mediators',
    kind,
    payload: { textKey: 'test:notify.hello', params: { n }, refs: { mediationId: 'm-1' } },
    nextAttemptAt: clock.now(),
    createdAt: new Date(clock.now().getTime() + n),
  }));
  await db.prisma.outboxMessage.createMany({ data: rows });
  return rows.map((row) => row.id);
}

/** Many people at once, each with one Telegram account whose chat id is given. */
export async function addTelegramPeople(db: Database, chatIds: string[]): Promise<string[]> {
  const people = chatIds.map((chatId) => ({ id: randomUUID(), chatId }));
  await db.prisma.person.createMany({ data: people.map(({ id }) => ({ id })) });
  await db.prisma.platformIdentity.createMany({
    data: people.map(({ id, chatId }) => ({
      personId: id,
      platform: 'TELEGRAM' as const,
      externalId: chatId,
      chatId,
    })),
  });
  return people.map(({ id }) => id);
}

export const outboxRow = (db: Database, id: string) =>
  db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });

/** A promise the test settles by hand: a delivery that hangs as if its process died mid-way. */
export function hangingAnswer() {
  let settle: (outcome: DeliveryOutcome) => void = () => {};
  const promise = new Promise<DeliveryOutcome>((resolve) => {
    settle = resolve;
  });
  return { answer: () => promise, settle: (outcome: DeliveryOutcome) => settle(outcome) };
}
