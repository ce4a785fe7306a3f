import { expect } from 'vitest';
import { type Conversation, createConversation } from '../../bots/conversation/engine.ts';
import { browseFlow } from '../../bots/conversation/flows/browse.ts';
import { cancelFlow } from '../../bots/conversation/flows/cancel.ts';
import { joinFlow } from '../../bots/conversation/flows/join.ts';
import { myFilesFlow } from '../../bots/conversation/flows/my-files.ts';
import { welcomeFlow } from '../../bots/conversation/flows/welcome.ts';
import type { IncomingEvent, IncomingFile, Reply } from '../../bots/conversation/types.ts';
import type { TestCore } from '../support/core.ts';

/** The flows under test: welcome, browsing, joining, cancelling and one's files. */
export const joiningFlows = [welcomeFlow, browseFlow, joinFlow, cancelFlow, myFilesFlow];

/** A JPEG by its magic bytes (what the core checks), with some bytes after to make it unique. */
export function jpegBytes(seed = 1): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, seed, 0xff, 0xd9]);
}

/** One person typing in the chat; remembers the last replies so a test can press their buttons. */
export class ChatUser {
  last: Reply[] = [];
  constructor(
    readonly userId: string,
    public conversation: Conversation,
    readonly languageCode = 'fr',
  ) {}

  async send(event: IncomingEvent): Promise<Reply[]> {
    this.last = await this.conversation.handle({
      platform: 'CONSOLE',
      userId: this.userId,
      chatId: this.userId,
      languageCode: this.languageCode,
      event,
    });
    return this.last;
  }

  command(name: string, args = ''): Promise<Reply[]> {
    return this.send({ type: 'command', name, args });
  }

  say(text: string): Promise<Reply[]> {
    return this.send({ type: 'text', text });
  }

  upload(file: IncomingFile): Promise<Reply[]> {
    return this.send({ type: 'file', file });
  }

  /** Presses the button of the last replies whose label matches, as a person would (by its words). */
  press(label: string | RegExp): Promise<Reply[]> {
    const buttons = this.last.flatMap((reply) => (reply.choices ?? []).flat());
    const button = buttons.find((choice) =>
      typeof label === 'string' ? choice.label === label : label.test(choice.label),
    );
    expect(
      button,
      `no button « ${String(label)} » among ${buttons.map((b) => b.label).join(' | ')}`,
    ).toBeDefined();
    return this.send({ type: 'choice', id: button?.id ?? '' });
  }

  text(): string {
    return this.last.map((reply) => reply.text).join('\n---\n');
  }

  labels(): string[] {
    return this.last.flatMap((reply) => (reply.choices ?? []).flat().map((choice) => choice.label));
  }
}

export function chatUser(t: TestCore, userId: string, languageCode = 'fr'): ChatUser {
  return new ChatUser(userId, createConversation(t.core, joiningFlows), languageCode);
}

export async function personIdOf(t: TestCore, userId: string): Promise<string> {
  const identity = await t.db.prisma.platformIdentity.findFirstOrThrow({
    where: { platform: 'CONSOLE', externalId: userId },
  });
  return identity.personId;
}

export async function conversationState(t: TestCore, userId: string) {
  return t.db.prisma.conversationState.findUnique({
    where: { platform_externalId: { platform: 'CONSOLE', externalId: userId } },
  });
}

/** From `/start` to the description question of "RED by SFR": consents given, eligible. */
export async function joinRedUpToDescription(user: ChatUser): Promise<void> {
  await user.command('start', 'red-by-sfr');
  await user.press('Rejoindre cette médiation');
  for (let consent = 0; consent < 3; consent++) await user.press('Oui, j’accepte');
  await user.press('Oui');
  await user.press('Oui');
  await user.press('Non');
  expect(user.text()).toContain('Décrivez votre problème');
}
