import type { IncomingMessage, ServerResponse } from 'node:http';
// The package's index.js is `module.exports = TelegramServer` while its types say `export default`:
// under NodeNext only this deep import both type-checks and runs.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { freePort } from './free-port.ts';

/**
 * A local Telegram Bot API for real telegraf, on 127.0.0.1: `telegram-test-api` 4.2.1 plus what it
 * lacks. It records every call the bot makes, holds `getUpdates` like real long polling (the emulator
 * answers at once and telegraf would spin), answers the methods it does not know (`setMyCommands`,
 * `getFile`, `sendChatAction`…), serves file downloads, and can refuse calls the way Telegram does.
 */
export interface BotApiCall {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: Bot API bodies are checked by the tests that read them.
  body: Record<string, any>;
}

export interface TelegramRefusal {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/** A file the bot uploaded (multipart), as the fake received it. */
export interface UploadedDocument {
  name: string;
  bytes: Uint8Array;
}

export interface FakeFile {
  fileId: string;
  size: number;
}

type Json = Record<string, unknown>;

const TOKEN = '123456:fake-telegram-token';
/** The emulator's own update format (a private static method of its server). */
// biome-ignore lint/suspicious/noExplicitAny: reaching into the emulator.
const formatUpdate = (update: unknown): Json => (TelegramServer as any).formatUpdate(update);
/** Chat and user ids: each test takes fresh ones, so no test reads another's messages. */
let nextPersonId = 7_000_000;

export async function startFakeTelegram(options: { holdGetUpdatesMs?: number } = {}) {
  const holdMs = options.holdGetUpdatesMs ?? 250;
  const port = await freePort();
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
  const calls: BotApiCall[] = [];
  const refusals: {
    method: string;
    refusal: TelegramRefusal;
    when: (body: Json) => boolean;
    times: number;
  }[] = [];
  const files = new Map<string, { bytes: Uint8Array; path: string }>();
  const holds: { method: string; ms: number; times: number }[] = [];
  let sentDocuments = 0;
  // biome-ignore lint/suspicious/noExplicitAny: the emulator's express app and storage are not typed for this.
  const emulator = server as any;
  const inner = emulator.webServer;

  const stubs: Record<string, (body: Json) => unknown> = {
    // The emulator knows no documents: answered as Telegram would, the bytes kept in the recorded call.
    sendDocument: (body) => ({
      message_id: ++sentDocuments,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(body.chat_id), type: 'private' },
      document: { file_id: `sent-${sentDocuments}`, file_unique_id: `sent-${sentDocuments}` },
      ...(body.caption ? { caption: body.caption } : {}),
    }),
    setMyCommands: () => true,
    setWebhook: () => true,
    sendChatAction: () => true,
    getFile: (body) => {
      const file = files.get(String(body.file_id));
      if (!file) return refusalOf({ error_code: 400, description: 'Bad Request: invalid file_id' });
      return {
        file_id: body.file_id,
        file_unique_id: body.file_id,
        file_size: file.bytes.length,
        file_path: file.path,
      };
    },
  };

  const wrapper = (
    request: IncomingMessage & { body?: unknown; _body?: boolean },
    response: ServerResponse,
  ) => {
    const download = /^\/file\/bot[^/]+\/(.+)$/.exec(request.url ?? '');
    if (download) return serveFile(decodeURIComponent(download[1] ?? ''), response);
    const call = /^\/bot[^/]+\/([A-Za-z]+)/.exec(request.url ?? '');
    if (!call) return inner(request, response);
    const method = call[1] ?? '';
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = await bodyOf(Buffer.concat(chunks), String(request.headers['content-type'] ?? ''));
      calls.push({ method, body });
      const held = holds.find((rule) => rule.method === method && rule.times-- > 0);
      if (held) await new Promise((resolve) => setTimeout(resolve, held.ms));
      const refusal = takeRefusal(method, body);
      if (refusal) return answer(response, refusal.error_code, refusalOf(refusal));
      const stub = stubs[method];
      if (stub) {
        const result = stub(body);
        return isRefusal(result)
          ? answer(response, 400, result)
          : answer(response, 200, { ok: true, result });
      }
      if (method === 'getUpdates') return getUpdates(body, response);
      // body-parser skips a body that is already parsed.
      request.body = body;
      request._body = true;
      inner(request, response);
    });
  };
  wrapper.settings = inner.settings;
  emulator.webServer = wrapper;
  await server.start();

  function takeRefusal(method: string, body: Json): TelegramRefusal | undefined {
    const index = refusals.findIndex((rule) => rule.method === method && rule.when(body));
    const rule = refusals[index];
    if (!rule) return undefined;
    if (--rule.times <= 0) refusals.splice(index, 1);
    return rule.refusal;
  }

  // As Telegram does (and the emulator does not): an update is handed out again and again until a
  // later call's `offset` confirms it, so a bot that dies with a batch in hand gets it back.
  let confirmedBelow = 0;
  const unconfirmed = (): Json[] =>
    emulator.storage.userMessages
      .filter((update: { updateId: number }) => update.updateId >= confirmedBelow)
      .slice(0, 100)
      .map(formatUpdate);

  function getUpdates(body: Json, response: ServerResponse) {
    confirmedBelow = Math.max(confirmedBelow, Number(body.offset ?? 0));
    const reply = () => answer(response, 200, { ok: true, result: unconfirmed() });
    if (holdMs <= 0 || unconfirmed().length > 0 || pushing) return reply();
    // Long polling: held until an update comes or the time runs out.
    const events = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
    const release = () => {
      heldPolls--;
      clearTimeout(timer);
      for (const event of events) server.off(event, release);
      reply();
    };
    heldPolls++;
    const timer = setTimeout(release, holdMs);
    for (const event of events) server.once(event, release);
  }
  /** Long polls held right now: the bot has confirmed every update and waits for the next. */
  let heldPolls = 0;

  // Webhook mode: every update is POSTed to its webhook(s), each until it is answered 2xx, as Telegram
  // does (a refused connection, a 5xx: tried again a moment later). Several targets stand for several
  // instances behind a load balancer; one update sent to two of them, for a retry crossing an answer.
  let pushing: ReturnType<typeof setInterval> | undefined;
  function pushToWebhook(targets: (updateId: number) => string[], secret: string) {
    const inFlight = new Set<string>();
    const confirmed = new Set<string>();
    pushing = setInterval(() => {
      for (const stored of emulator.storage.userMessages as { updateId: number }[]) {
        for (const url of targets(stored.updateId)) {
          const delivery = `${stored.updateId} ${url}`;
          if (confirmed.has(delivery) || inFlight.has(delivery)) continue;
          inFlight.add(delivery);
          void fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
            body: JSON.stringify(formatUpdate(stored)),
            signal: AbortSignal.timeout(60_000),
          })
            .then((result) => {
              if (result.ok) confirmed.add(delivery);
              webhookStatuses.push(result.status);
            })
            .catch(() => webhookStatuses.push(0))
            .finally(() => setTimeout(() => inFlight.delete(delivery), 500));
        }
      }
    }, 50);
  }
  const webhookStatuses: number[] = [];

  function serveFile(path: string, response: ServerResponse) {
    const file = [...files.values()].find((candidate) => candidate.path === path);
    calls.push({ method: 'downloadFile', body: { file_path: path } });
    if (!file) return answer(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    response.setHeader('content-type', 'application/octet-stream');
    response.end(file.bytes);
  }

  function refusalOf(refusal: TelegramRefusal) {
    return { ok: false, ...refusal };
  }

  const fake = {
    token: TOKEN,
    apiRoot: server.config.apiURL,
    calls,
    server,
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    /** By polling: the bot has taken every update so far and waits for the next one. */
    waitingForUpdates: () => heldPolls > 0,
    /** Refuse the next `times` calls of `method` (matching `when`) the way Telegram does. */
    refuse(
      method: string,
      refusal: TelegramRefusal,
      rule: { times?: number; when?: (body: Json) => boolean } = {},
    ) {
      refusals.push({ method, refusal, times: rule.times ?? 1, when: rule.when ?? (() => true) });
    },
    /** Answers the next `times` calls of `method` only after `ms`, as a slow network would. */
    hold(method: string, ms: number, times = 1) {
      holds.push({ method, ms, times });
    },
    /** A file stored "on Telegram's servers", for getFile and the download; a message may announce any size. */
    addFile(bytes: Uint8Array): FakeFile {
      const fileId = `file-${files.size + 1}-${Date.now()}`;
      files.set(fileId, { bytes, path: `documents/${fileId}.bin` });
      return { fileId, size: bytes.length };
    },
    /** Someone new talking to the bot, in a private chat unless told otherwise. */
    person(options: { languageCode?: string; chatType?: 'private' | 'group' } = {}) {
      return fakePerson(emulator, TOKEN, calls, ++nextPersonId, options);
    },
    /** Sends every update to this webhook from now on (the bot's setWebhook is not needed for it). */
    pushToWebhook,
    /** The webhook's answers so far (0: no connection). */
    webhookStatuses,
    async stop() {
      if (pushing) clearInterval(pushing);
      await server.stop();
    },
  };
  return fake;
}

function fakePerson(
  // biome-ignore lint/suspicious/noExplicitAny: the emulator's user-side methods.
  emulator: any,
  token: string,
  calls: BotApiCall[],
  id: number,
  options: { languageCode?: string; chatType?: 'private' | 'group' },
) {
  const group = options.chatType === 'group';
  const chatId = group ? -id : id;
  const from = { id, is_bot: false, first_name: 'Test', language_code: options.languageCode };
  const chat = group
    ? { id: chatId, type: 'group', title: 'A group' }
    : { id: chatId, type: 'private', first_name: 'Test' };
  const common = () => ({ botToken: token, date: Math.floor(Date.now() / 1000), from, chat });
  // A document's caption is what the person reads with it: it counts as a message's text.
  const sentToMe = () =>
    calls.filter(
      (call) =>
        (call.method === 'sendMessage' || call.method === 'sendDocument') &&
        String(call.body.chat_id) === String(chatId),
    );
  return {
    id,
    chatId,
    sendText: (text: string) => emulator.addUserMessage({ ...common(), text }),
    /** A command as Telegram apps send it: with its `bot_command` entity. */
    sendCommand: (text: string) =>
      emulator.addUserCommand({
        ...common(),
        text,
        entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? text.length }],
      }),
    sendPhoto: (sizes: { file_id: string; width: number; height: number; file_size?: number }[]) =>
      emulator.addUserMessage({
        ...common(),
        photo: sizes.map((size) => ({ file_unique_id: size.file_id, ...size })),
      }),
    sendDocument: (document: {
      file_id: string;
      file_size?: number;
      file_name?: string;
      mime_type?: string;
    }) =>
      emulator.addUserMessage({ ...common(), document: { file_unique_id: document.file_id, ...document } }),
    sendSticker: () =>
      emulator.addUserMessage({
        ...common(),
        sticker: { file_id: 'sticker', width: 1, height: 1, type: 'regular' },
      }),
    /** Presses a button of a message the bot sent (the emulator leaves `message_id` out: it is put back here). */
    press: (data: string, messageId = 1) =>
      emulator.addUserCallback({
        botToken: token,
        date: Math.floor(Date.now() / 1000),
        from,
        data,
        message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat },
      }),
    /** What the bot sent to this chat, in order. */
    received: () => sentToMe().map((call) => call.body),
    texts: () => sentToMe().map((call) => String(call.body.text ?? call.body.caption ?? '')),
    /** The documents the bot sent to this chat, in order: their file name and exact bytes. */
    documents: () =>
      sentToMe()
        .filter((call) => call.method === 'sendDocument')
        .map((call) => call.body.document as UploadedDocument),
  };
}

/**
 * A Bot API call's parameters: JSON, or multipart when telegraf uploads a file. There every field is
 * text (telegraf writes `reply_markup` as JSON), and the file part is kept with its name and bytes.
 */
async function bodyOf(raw: Buffer, contentType: string): Promise<Json> {
  if (!contentType.startsWith('multipart/form-data'))
    return (raw.length ? JSON.parse(raw.toString()) : {}) as Json;
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const body: Json = {};
  for (const [key, value] of form) {
    if (typeof value !== 'string') {
      body[key] = {
        name: value.name,
        bytes: new Uint8Array(await value.arrayBuffer()),
      } satisfies UploadedDocument;
    } else body[key] = key === 'reply_markup' ? JSON.parse(value) : value;
  }
  return body;
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(body));
}

function isRefusal(value: unknown): value is { ok: false } {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;
export type FakePerson = ReturnType<FakeTelegram['person']>;

/** Waits until `probe` returns something truthy; fails after `ms`. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
