import http from 'node:http';
import { type DiscordUpload, readDiscordBody } from './discord-uploads.ts';
import { type FakeGatewayOptions, fakeGateway } from './fake-discord-gateway.ts';
import {
  APPLICATION_ID,
  BOT_USER,
  fakeGuilds,
  GUILD_CHANNEL_ID,
  GUILD_ID,
  PERMISSIONS,
} from './fake-discord-guilds.ts';
import { freePort } from './free-port.ts';

export {
  APPLICATION_ID,
  ENGLISH_GUILD_ID,
  ENGLISH_NEWS_CHANNEL_ID,
  GUILD_ID,
  MANAGER_PERMISSIONS,
  NEWS_CHANNEL_ID,
  READ_ONLY_CHANNEL_ID,
} from './fake-discord-guilds.ts';

/**
 * A local Discord (REST v10 + gateway v10, JSON, no compression) for real discord.js 14, on one port of
 * 127.0.0.1. discord.js is pointed at it with `rest: { api }`; `GET /api/v10/gateway/bot` gives it the
 * `ws://` address of the gateway here (fake-discord-gateway.ts: HELLO → IDENTIFY → READY → GUILD_CREATE,
 * one connection per shard, each event on its server's shard); the REST side takes interaction
 * callbacks, follow-ups and edits, command registration, DM channels and messages, and serves
 * attachments. Every REST call is recorded; DMs can be closed (50007) and messages rate-limited (429).
 */

// biome-ignore lint/suspicious/noExplicitAny: Discord payloads are checked by the tests that read them.
type Json = Record<string, any>;

/** An interaction as dispatched: what a test needs to find the calls that answered it. */
export type SentInteraction = Json & { id: string; token: string };

export interface RestCall {
  method: string;
  /** Without `/api/v10`, decoded (`@original`, `@me`). */
  path: string;
  query: URLSearchParams;
  body: Json | Json[] | undefined;
  headers: http.IncomingHttpHeaders;
}

/** A message as a person sees it: the bot's answer to one of their interactions, or a DM. */
export interface SeenMessage {
  id: string;
  content: string;
  components: Json[];
  flags: number;
  /** The interaction it answers; absent for a DM sent by the bot. */
  interactionId?: string;
  channelId: string;
  /** Files attached to it (multipart uploads), in order. */
  files: DiscordUpload[];
}

let nextSnowflake = 1_300_000_000_000_000_000n;
export const snowflake = () => String(++nextSnowflake);

/** Shaped like a real token, which the configuration checks. */
export const BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GfAkEt.fake-discord-token-0123456789abcdef';
/** Discord's deadline for the first answer to an interaction. */
const INTERACTION_TTL_MS = 3000;

export async function startFakeDiscord(options: FakeGatewayOptions = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const calls: RestCall[] = [];
  const messages: SeenMessage[] = [];
  const dispatchedAt = new Map<string, number>();
  const interactionOfToken = new Map<string, string>();
  const senderOf = new Map<string, string>(); // interaction id → user id
  const interactions = new Map<string, Json>();
  const dmChannels = new Map<string, string>(); // user id → DM channel id
  const closedDms = new Set<string>(); // DM channel ids whose person closed their DMs
  const refusedChannels = new Map<string, { status: number; code: number; message: string }>();
  const attachments = new Map<string, Uint8Array>();
  const rateLimits: { retryAfterSeconds: number }[] = [];
  const guilds = fakeGuilds();
  const dispatchedOn = new Map<string, { shard: number; connections: number }>();

  const store = (
    body: Json | undefined,
    channelId: string,
    interactionId?: string,
    files: DiscordUpload[] = [],
  ): SeenMessage => {
    const message: SeenMessage = {
      id: snowflake(),
      content: body?.content ?? '',
      components: body?.components ?? [],
      flags: body?.flags ?? 0,
      interactionId,
      channelId,
      files,
    };
    messages.push(message);
    return message;
  };
  const asApiMessage = (message: SeenMessage) => ({
    id: message.id,
    channel_id: message.channelId,
    type: 0,
    content: message.content,
    author: BOT_USER,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: message.components,
    pinned: false,
    flags: message.flags,
  });

  let uploadsToReset = 0;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    // A connection that breaks while a file is being uploaded (see resetNextUpload).
    if (uploadsToReset > 0 && String(req.headers['content-type']).startsWith('multipart/')) {
      uploadsToReset--;
      return req.socket.destroy();
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { body, files } = await readDiscordBody(
      Buffer.concat(chunks),
      String(req.headers['content-type'] ?? ''),
    );
    const send = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(
        status,
        data === undefined ? headers : { 'content-type': 'application/json', ...headers },
      );
      res.end(data === undefined ? undefined : JSON.stringify(data));
    };
    if (url.pathname.startsWith('/attachments/')) {
      const bytes = attachments.get(url.pathname.slice('/attachments/'.length));
      if (!bytes) return send(404);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(bytes);
    }
    // discord.js sends `@original` as %40original.
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    calls.push({ method: req.method ?? '', path, query: url.searchParams, body, headers: req.headers });
    const method = req.method;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, {
        url: `ws://127.0.0.1:${port}/gateway`,
        shards: options.shards ?? 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (method === 'POST' && m) {
      const [, id = '', token = ''] = m;
      const at = dispatchedAt.get(id);
      if (at === undefined) return send(404, { message: 'Unknown interaction', code: 10062 });
      if (Date.now() - at > INTERACTION_TTL_MS)
        return send(404, { message: 'Unknown interaction', code: 10062 });
      // Only one first answer per interaction, as on Discord.
      if (calls.filter((call) => call.path === path).length > 1)
        return send(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      interactionOfToken.set(token, id);
      // 4 = reply, 5 = deferred reply, 7 = update, 9 = modal. A deferred reply is edited later.
      const type = body?.type;
      const stored = type === 4 || type === 5 ? store(body?.data, 'interaction', id) : undefined;
      if (url.searchParams.get('with_response') !== 'true') return send(204);
      return send(200, {
        interaction: { id, type: 2 },
        resource: { type, message: stored && asApiMessage(stored) },
      });
    }
    m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/);
    if (method === 'POST' && m) {
      const message = store(body, 'interaction', interactionOfToken.get(m[2] ?? ''), files);
      return send(200, asApiMessage(message));
    }
    m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/);
    if (m) {
      const interactionId = interactionOfToken.get(m[2] ?? '');
      const original = messages.find((message) => message.interactionId === interactionId);
      const target = m[3] === '@original' ? original : messages.find((message) => message.id === m?.[3]);
      if (!target) return send(404, { message: 'Unknown Message', code: 10008 });
      if (method === 'PATCH') {
        if (body?.content !== undefined) target.content = body.content;
        if (body?.components !== undefined) target.components = body.components;
        if (files.length > 0) target.files = files;
        return send(200, asApiMessage(target));
      }
      if (method === 'DELETE') {
        messages.splice(messages.indexOf(target), 1);
        return send(204);
      }
      return send(200, asApiMessage(target));
    }
    m = path.match(/^\/applications\/(\d+)(?:\/guilds\/\d+)?\/commands$/);
    if (method === 'PUT' && m && Array.isArray(body)) {
      return send(
        200,
        body.map((command) => ({
          id: snowflake(),
          application_id: m?.[1],
          version: snowflake(),
          type: 1,
          ...command,
        })),
      );
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body?.recipient_id);
      const id = dmChannelOf(recipient);
      return send(200, { id, type: 1, last_message_id: null, recipients: [userOf(recipient)] });
    }
    m = path.match(/^\/channels\/(\d+)\/messages$/);
    if (method === 'POST' && m) {
      const limit = rateLimits.shift();
      if (limit) {
        return send(
          429,
          { message: 'You are being rate limited.', retry_after: limit.retryAfterSeconds, global: false },
          {
            'retry-after': String(limit.retryAfterSeconds),
            'x-ratelimit-scope': 'user',
          },
        );
      }
      if (closedDms.has(m[1] ?? ''))
        return send(403, { message: 'Cannot send messages to this user', code: 50007 });
      const refused = refusedChannels.get(m[1] ?? '');
      if (refused) return send(refused.status, { message: refused.message, code: refused.code });
      return send(200, asApiMessage(store(body, m[1] ?? '', undefined, files)));
    }
    m = path.match(/^\/guilds\/(\d+)$/);
    if (method === 'GET' && m) {
      const guild = guilds.get(m[1] ?? '');
      return guild ? send(200, guild) : send(404, { message: 'Unknown Guild', code: 10004 });
    }
    send(404, { message: '404: Not Found (fake-discord)', code: 0 });
  });

  const dmChannelOf = (userId: string) => {
    const known = dmChannels.get(userId);
    if (known) return known;
    const id = snowflake();
    dmChannels.set(userId, id);
    return id;
  };
  const userOf = (id: string) => ({
    id,
    username: `person${id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: false,
  });

  const gateway = fakeGateway(server, guilds, options);

  // Node closes an idle keep-alive socket after 5 s, and discord.js (undici) may reuse it at that very
  // moment on a slow, busy machine: the request fails with "other side closed", which discord.js does
  // not retry. Discord keeps its connections far longer; so does the fake.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  /** Sends an interaction as Discord would, from a server's channel or from the person's DMs. */
  const interact = (
    person: FakeDiscordPerson,
    type: number,
    data: Json,
    extra: Json = {},
    inGuild = person.inGuild,
  ): SentInteraction => {
    const where = inGuild
      ? {
          guild_id: GUILD_ID,
          channel_id: GUILD_CHANNEL_ID,
          context: 0,
          guild_locale: 'fr',
          channel: {
            id: GUILD_CHANNEL_ID,
            type: 0,
            guild_id: GUILD_ID,
            name: 'general',
            permissions: PERMISSIONS,
          },
          member: {
            user: person.user,
            roles: [],
            permissions: person.permissions,
            joined_at: new Date().toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
          },
        }
      : {
          channel_id: dmChannelOf(person.id),
          context: 1,
          user: person.user,
          channel: { id: dmChannelOf(person.id), type: 1 },
        };
    const interaction = {
      id: snowflake(),
      application_id: APPLICATION_ID,
      type,
      data,
      token: `itok-${snowflake()}`,
      version: 1,
      app_permissions: PERMISSIONS,
      locale: person.locale,
      entitlements: [],
      authorizing_integration_owners: { '0': GUILD_ID },
      attachment_size_limit: 10_485_760,
      ...where,
      ...extra,
    };
    dispatchedAt.set(interaction.id, Date.now());
    senderOf.set(interaction.id, person.id);
    interactions.set(interaction.id, interaction);
    dispatchedOn.set(interaction.id, gateway.dispatch('INTERACTION_CREATE', interaction));
    return interaction;
  };

  const fake = {
    api: `${base}/api`,
    token: BOT_TOKEN,
    calls,
    messages,
    /** The frames the bot sent the gateway (IDENTIFY with its shard, heartbeats…). */
    gatewayFrames: gateway.frames,
    connectedShards: gateway.connectedShards,
    /** The shard an interaction was sent on, and to how many connections. */
    dispatchedOn: (interaction: { id: string }) => dispatchedOn.get(interaction.id),
    closeShard: gateway.closeShard,
    /**
     * A new person with a fresh id; `inGuild` (default) uses the bot from a server's channel, else from
     * DMs. `permissions`: theirs in the server (an ordinary member's by default; MANAGER_PERMISSIONS).
     */
    person(options: { locale?: string; inGuild?: boolean; permissions?: string } = {}): FakeDiscordPerson {
      const id = snowflake();
      const person: FakeDiscordPerson = {
        id,
        user: userOf(id),
        locale: options.locale ?? 'fr',
        inGuild: options.inGuild ?? true,
        permissions: options.permissions ?? PERMISSIONS,
        slash: (name, commandOptions = [], resolved) =>
          interact(person, 2, {
            id: snowflake(),
            name,
            type: 1,
            options: commandOptions,
            ...(resolved ? { resolved } : {}),
          }),
        click: (customId, message) =>
          // A button under a DM is pressed in the DMs.
          interact(
            person,
            3,
            { custom_id: customId, component_type: 2 },
            { message: asApiMessage(message) },
            person.inGuild && message.channelId === 'interaction',
          ),
        submitModal: (customId, fields) =>
          interact(person, 5, {
            custom_id: customId,
            components: Object.entries(fields).map(([fieldId, value]) => ({
              type: 18,
              id: 2,
              component: { type: 4, id: 3, custom_id: fieldId, value },
            })),
          }),
        seen: () =>
          messages.filter((message) => message.interactionId && senderOf.get(message.interactionId) === id),
        dms: () => messages.filter((message) => message.channelId === dmChannels.get(id)),
      };
      return person;
    },
    /** The calls answering one interaction: its callback, edits of its answer and its follow-ups. */
    callsFor(interaction: { id: string; token: string }): RestCall[] {
      return calls.filter(
        (call) => call.path.includes(`/${interaction.id}/`) || call.path.includes(`/${interaction.token}`),
      );
    },
    /** A file Discord keeps for an attachment; returns the attachment object of a slash command. */
    addAttachment(
      bytes: Uint8Array,
      filename: string,
      contentType: string,
      announcedSize = bytes.byteLength,
    ): Json {
      const id = snowflake();
      attachments.set(id, bytes);
      const url = `${base}/attachments/${id}`;
      return { id, filename, size: announcedSize, url, proxy_url: url, content_type: contentType };
    },
    /** The next upload (a message with files) loses its connection, as a network would. */
    resetNextUpload() {
      uploadsToReset++;
    },
    /** The person's DM channel refuses the bot from now on (error 50007). */
    closeDms(person: FakeDiscordPerson) {
      closedDms.add(dmChannelOf(person.id));
    },
    /** Messages to this channel are refused from now on (e.g. 404 10003 Unknown Channel, 403 50013). */
    refuseChannel(channelId: string, status: number, code: number, message = 'Refused (fake-discord)') {
      refusedChannels.set(channelId, { status, code, message });
    },
    /** The messages the bot posted in one channel of a server (or DM channel), oldest first. */
    postedIn: (channelId: string) => messages.filter((message) => message.channelId === channelId),
    /** The next `count` messages sent to a channel get 429 with this `retry_after`. */
    rateLimitNext(count: number, retryAfterSeconds: number) {
      for (let i = 0; i < count; i++) rateLimits.push({ retryAfterSeconds });
    },
    dmChannelOf,
    interactionPayload: (id: string) => interactions.get(id) as SentInteraction,
    /** Sends an interaction already sent, as a gateway replaying events after a reconnection would. */
    replay(interaction: Json) {
      gateway.dispatch('INTERACTION_CREATE', interaction);
    },
    async stop() {
      gateway.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return fake;
}

export interface FakeDiscordPerson {
  id: string;
  user: Json;
  locale: string;
  inGuild: boolean;
  /** Their permissions in the server, as Discord computes them (a bit field in a string). */
  permissions: string;
  slash(name: string, options?: Json[], resolved?: Json): SentInteraction;
  click(customId: string, message: SeenMessage): SentInteraction;
  submitModal(customId: string, fields: Record<string, string>): SentInteraction;
  /** The bot's answers to this person's interactions, in order. */
  seen(): SeenMessage[];
  /** The direct messages the bot sent this person. */
  dms(): SeenMessage[];
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
