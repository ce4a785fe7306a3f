import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { createDiscordBot, type DiscordBot } from '../../bots/discord/bot.ts';
import type { DiscordGatewayLost } from '../../bots/discord/sharding.ts';
import { loadConfig } from '../../core/config/config.ts';
import { createLogger } from '../../core/config/logger.ts';
import { mediatorActor, systemActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { t as text } from '../../core/i18n/index.ts';
import { dispatchOnce } from '../../core/outbox/dispatcher.ts';
import { inNegotiation } from '../mediations/fixtures.ts';
import { testDispatch } from '../outbox/support.ts';
import { type TestCore, useTestCore } from '../support/core.ts';
import {
  APPLICATION_ID,
  ENGLISH_GUILD_ID,
  ENGLISH_NEWS_CHANNEL_ID,
  type FakeDiscord,
  GUILD_ID,
  startFakeDiscord,
} from '../support/fake-discord.ts';
import type { FakeGatewayOptions } from '../support/fake-discord-gateway.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { type DiscordHarness, slash, useDiscordBot } from './harness.ts';

// Sharding as discord.js does it inside one process (bots/discord/sharding.ts), against the fake's
// gateway: one connection per shard, each server's events on its own shard (both fake servers on shard
// 1 of 2), direct messages on shard 0. Identifying several shards takes ~5 s each after the first
// (`max_concurrency` 1, as Discord gives most bots): these tests wait for it.
const identified = (fake: FakeDiscord) =>
  fake.gatewayFrames.filter((frame) => frame.op === 2).map((frame) => frame.d.shard as number[]);

describe('a bot whose servers need two shards (DISCORD_SHARDS=auto, the default)', () => {
  const h = useDiscordBot({}, { shards: 2 });

  it('connects both shards in one process, as [0, 2] and [1, 2]', () => {
    expect(identified(h.fake).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(h.fake.connectedShards()).toEqual([0, 1]);
    const started = h.logs.find((line) => line.msg === 'discord bot started');
    expect(started).toMatchObject({ shards: [0, 1], shardCount: 2 });
  });

  it('answers a command typed in a server, which arrives on shard 1, and one typed in DMs, on shard 0', async () => {
    const inServer = h.fake.person({ locale: 'fr' });
    const reply = await slash(h, inServer, 'aide');
    expect(reply).toContain('/mediations');
    const [first] = inServer.seen();
    expect(h.fake.dispatchedOn({ id: first?.interactionId ?? '' })).toEqual({ shard: 1, connections: 1 });

    const inDms = h.fake.person({ locale: 'en-US', inGuild: false });
    expect(await slash(h, inDms, 'aide')).toContain('/mediations');
    const [dm] = inDms.seen();
    expect(h.fake.dispatchedOn({ id: dm?.interactionId ?? '' })).toEqual({ shard: 0, connections: 1 });
  });
});

/** A bot of its own, on a fake and a core the test gives, with these settings. */
function botOn(t: TestCore, fake: FakeDiscord, env: Record<string, string>, onFatal?: DiscordBotFatal) {
  const config = loadConfig({
    DISCORD_BOT_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: fake.api,
    DISCORD_GUILD_IDS: GUILD_ID,
    ...env,
  });
  return createDiscordBot({
    conversation: createConversation(t.core, consumerFlows),
    core: t.core,
    config,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    onFatal,
  });
}
type DiscordBotFatal = (error: DiscordGatewayLost) => void;

/** Starts a fake and stops it, and every bot started on it, after the tests of the describe block. */
function useFake(options: FakeGatewayOptions) {
  const t = useTestCore();
  const state = { t, fake: undefined as unknown as FakeDiscord, bots: [] as DiscordBot[] };
  beforeAll(async () => {
    state.fake = await startFakeDiscord(options);
  });
  afterAll(async () => {
    for (const bot of state.bots) await bot.stop();
    await state.fake?.stop();
  });
  return state;
}

describe('two instances that split the shards (DISCORD_SHARDS=2, DISCORD_SHARD_IDS=0 and 1)', () => {
  const s = useFake({ shards: 2 });
  let a: DiscordBot;
  /** What `slash` needs: the fake, where it sends the interaction and reads the answer. */
  const h = (): DiscordHarness => ({ t: s.t, fake: s.fake, bot: a, logs: [] });
  const deliverThroughA = () =>
    dispatchOnce(
      s.t.core.deps,
      { people: [a.deliveryChannel], announcements: [a.deliveryChannel] },
      testDispatch(s.t.clock),
    );

  beforeAll(async () => {
    a = botOn(s.t, s.fake, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0' });
    s.bots.push(a);
    await a.start();
  });

  it('each answers the interactions of its own shards only', { timeout: 60_000 }, async () => {
    expect(identified(s.fake)).toEqual([[0, 2]]);
    const inDms = s.fake.person({ inGuild: false });
    expect(await slash(h(), inDms, 'aide')).toContain('/mediations');

    // Shard 1 is nobody's yet: Discord would have nowhere to send a command typed in the server.
    const inServer = s.fake.person();
    expect(s.fake.dispatchedOn(inServer.slash('aide'))).toEqual({ shard: 1, connections: 0 });

    const b = botOn(s.t, s.fake, { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1' });
    s.bots.push(b);
    await b.start();
    expect(s.fake.connectedShards()).toEqual([0, 1]);
    expect(await slash(h(), inServer, 'aide')).toContain('/mediations');
    expect(s.fake.dispatchedOn({ id: inServer.seen()[0]?.interactionId ?? '' })).toEqual({
      shard: 1,
      connections: 1,
    });
  });

  it('delivers, from the instance without the server’s shard, its DMs and its news in its language', async () => {
    // A person of the server (shard 1, instance B) writes to the mediators, who answer.
    const carl = s.fake.person();
    expect(
      await slash(h(), carl, 'contact', [{ name: 'message', type: 3, value: 'Où en est-on ?' }]),
    ).toContain(text('fr', 'account:contact.sent'));
    const [relayed] = await s.t.db.prisma.outboxMessage.findMany({ where: { kind: 'contactMessage' } });
    const { messageId } = (relayed?.payload as { refs: { messageId: string } } | undefined)?.refs ?? {
      messageId: '',
    };
    unwrap(
      await s.t.core.answerContact(mediatorActor('slack:T1/U1'), { messageId, message: 'C’est en cours.' }),
    );
    // The English server chose a news channel; a mediation opens to registration and is negotiated.
    unwrap(
      await s.t.core.setAnnouncementChannel(systemActor('discord'), {
        platform: 'DISCORD',
        serverId: ENGLISH_GUILD_ID,
        channelId: ENGLISH_NEWS_CHANNEL_ID,
        setBy: 'x',
      }),
    );
    await inNegotiation(s.t, { admitted: 1, newsPublic: true });

    await deliverThroughA();
    expect(carl.dms().map((message) => message.content)).toEqual([
      expect.stringContaining('C’est en cours.'),
    ]);
    expect(s.fake.postedIn(ENGLISH_NEWS_CHANNEL_ID).map((message) => message.content)).toEqual([
      expect.stringContaining('New collective mediation'),
    ]);
    // A's gateway never saw that server: its language was asked from the REST API.
    expect(s.fake.calls.filter((call) => call.path === `/guilds/${ENGLISH_GUILD_ID}`)).toHaveLength(1);
  });
});

describe('a bot with fewer shards than Discord requires (close code 4011)', () => {
  const s = useFake({ shards: 2, requiredShards: 2 });

  it('does not start with a fixed count too small, and says what to set', { timeout: 60_000 }, async () => {
    const bot = botOn(s.t, s.fake, { DISCORD_SHARDS: '1' });
    s.bots.push(bot);
    await expect(bot.start()).rejects.toThrow(
      "Discord requires more shards for this bot's servers (shard 0 closed with code 4011): set DISCORD_SHARDS=auto",
    );
    expect(s.fake.connectedShards()).toEqual([]);
  });

  it('with auto, starts with the count Discord gives, and stops if Discord later asks for more', {
    timeout: 60_000,
  }, async () => {
    const fatal: DiscordGatewayLost[] = [];
    const bot = botOn(s.t, s.fake, {}, (error) => fatal.push(error));
    s.bots.push(bot);
    await bot.start();
    expect(s.fake.connectedShards()).toEqual([0, 1]);
    // The bot joined more servers since: Discord closes a shard, the process must start again.
    s.fake.closeShard(1, 4011);
    const [lost] = await waitFor(() => fatal.length > 0 && fatal, 20_000);
    expect(lost).toMatchObject({ shard: 1, code: 4011 });
  });

  it('npm start says so in one line and exits with code 1', { timeout: 180_000 }, async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const dataDir = await mkdtemp(join(tmpdir(), 'clf-shards-'));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|TELEGRAM_|SLACK_|DISCORD_)/.test(name)),
    );
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'bots/main.ts'], {
      cwd: root,
      env: {
        ...env,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        DISCORD_BOT_TOKEN: s.fake.token,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_API_URL: s.fake.api,
        DISCORD_SHARDS: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr:
        "Discord requires more shards for this bot's servers (shard 0 closed with code 4011): " +
        'set DISCORD_SHARDS=auto (the default) or a larger number, and start again\n',
    });
  });
});
