import { afterAll, beforeAll, expect } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { ANSWER_MODAL_ID } from '../../bots/discord/answer-modal.ts';
import { createDiscordBot, type DiscordBot } from '../../bots/discord/bot.ts';
import { loadConfig } from '../../core/config/config.ts';
import { createLogger } from '../../core/config/logger.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { testDispatch } from '../outbox/support.ts';
import { type TestCore, useTestCore } from '../support/core.ts';
import {
  APPLICATION_ID,
  type FakeDiscord,
  type FakeDiscordPerson,
  GUILD_ID,
  type SeenMessage,
  startFakeDiscord,
} from '../support/fake-discord.ts';
import type { FakeGatewayOptions } from '../support/fake-discord-gateway.ts';
import { waitFor } from '../support/fake-telegram.ts';

export interface DiscordHarness {
  t: TestCore;
  fake: FakeDiscord;
  bot: DiscordBot;
  logs: Record<string, unknown>[];
}

/** A test file's Discord bot: real discord.js over a fresh database, connected to the local fake. */
export function useDiscordBot(
  env: Record<string, string> = {},
  fakeOptions: FakeGatewayOptions = {},
): DiscordHarness {
  const t = useTestCore();
  const h = { t, logs: [] as Record<string, unknown>[] } as DiscordHarness;
  beforeAll(async () => {
    h.fake = await startFakeDiscord(fakeOptions);
    const config = loadConfig({
      DISCORD_BOT_TOKEN: h.fake.token,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: h.fake.api,
      DISCORD_GUILD_IDS: GUILD_ID,
      ...env,
    });
    h.bot = createDiscordBot({
      conversation: createConversation(t.core, consumerFlows),
      core: t.core,
      config,
      logger: createLogger('debug', { write: (line: string) => void h.logs.push(JSON.parse(line)) }),
    });
    await h.bot.start();
  });
  afterAll(async () => {
    await h.bot?.stop();
    await h.fake?.stop();
  });
  return h;
}

/** Everything the person saw (answers and DMs), oldest first. */
export function seenBy(h: DiscordHarness, person: FakeDiscordPerson): SeenMessage[] {
  const mine = new Set([...person.seen(), ...person.dms()]);
  return h.fake.messages.filter((message) => mine.has(message));
}

/** Sends an interaction and waits until its answer is complete; returns the texts the person saw. */
export async function act(
  h: DiscordHarness,
  send: () => { id: string; token: string },
): Promise<{ text: string; interaction: { id: string; token: string } }> {
  const interaction = send();
  // A deferred answer ("thinking…") is complete once edited; a form or a refusal has nothing to wait for.
  await waitFor(() => {
    const calls = h.fake.callsFor(interaction);
    const deferred = (calls[0]?.body as { type?: number } | undefined)?.type === 5;
    return calls.length > 0 && (!deferred || calls.some((call) => call.method === 'PATCH'));
  }, 10_000);
  let count = -1;
  while (count !== h.fake.callsFor(interaction).length) {
    count = h.fake.callsFor(interaction).length;
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
  const text = h.fake.messages
    .filter((message) => message.interactionId === interaction.id)
    .map((message) => message.content)
    .join('\n---\n');
  return { text, interaction };
}

export const slash = async (
  h: DiscordHarness,
  person: FakeDiscordPerson,
  name: string,
  options: object[] = [],
  resolved?: object,
) => (await act(h, () => person.slash(name, options as never, resolved as never))).text;

/** Presses the button with these words on the latest message that has it, as a person would. */
export async function press(
  h: DiscordHarness,
  person: FakeDiscordPerson,
  label: string | RegExp,
): Promise<string> {
  const withButton = seenBy(h, person).findLast((message) => buttonOf(message, label));
  expect(withButton, `no button « ${String(label)} »`).toBeDefined();
  const message = withButton as SeenMessage;
  const button = buttonOf(message, label) as { custom_id: string };
  return (await act(h, () => person.click(button.custom_id, message))).text;
}

/** « Répondre » opens the form (a modal, nothing else); its submission is the answer. */
export async function answer(h: DiscordHarness, person: FakeDiscordPerson, words: string): Promise<string> {
  const withButton = seenBy(h, person).findLast((message) => buttonOf(message, 'Répondre'));
  expect(withButton, 'no « Répondre » button').toBeDefined();
  const opened = await act(h, () => person.click('discord:answer', withButton as SeenMessage));
  const [callback] = h.fake.callsFor(opened.interaction);
  expect(callback?.body).toMatchObject({ type: 9, data: { custom_id: ANSWER_MODAL_ID } });
  return (await act(h, () => person.submitModal(ANSWER_MODAL_ID, { answer: words }))).text;
}

function buttonOf(message: SeenMessage, label: string | RegExp) {
  return message.components
    .flatMap((row) => row.components as { label: string; custom_id: string }[])
    .find((button) => (typeof label === 'string' ? button.label === label : label.test(button.label)));
}

/** Sends what the outbox holds through the Discord channel; returns the texts DMed to the person. */
export async function deliverNotifications(h: DiscordHarness, person: FakeDiscordPerson): Promise<string> {
  const before = person.dms().length;
  await dispatchOnce(h.t.core.deps, { people: [h.bot.deliveryChannel] }, testDispatch(h.t.clock));
  return person
    .dms()
    .slice(before)
    .map((message) => message.content)
    .join('\n---\n');
}
