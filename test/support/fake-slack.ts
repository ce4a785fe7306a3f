import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';
import { freePort } from './free-port.ts';

/**
 * A local Slack for real @slack/bolt, on 127.0.0.1: a Web API recorder (`<base>/api/<method>`), the
 * upload URLs of `files.uploadV2`, and a `response_url` sink. Every call is recorded with its parsed
 * arguments; a method can be made to answer 429 (with Retry-After) or a Slack error. Socket Mode too:
 * `apps.connections.open` gives a `ws://` address where the fake says hello and sends envelopes. The
 * helpers at the end play Slack's side over HTTP: signed slash commands, button presses and modals.
 */
export interface SlackApiCall {
  method: string;
  // biome-ignore lint/suspicious/noExplicitAny: Web API arguments are checked by the tests that read them.
  args: Record<string, any>;
  /** The `Authorization` header: `Bearer xoxb-…`. */
  auth?: string;
}

export interface ResponseUrlPost {
  id: string;
  // biome-ignore lint/suspicious/noExplicitAny: what Bolt's respond() sent, checked by the tests.
  body: Record<string, any>;
}

export interface UploadedFile {
  fileId: string;
  filename: string;
  /** The bytes read as UTF-8 text (a CSV export). */
  content: string;
  /** The bytes as uploaded (a proof file). */
  bytes: Uint8Array;
}

type Json = Record<string, unknown>;

export const FAKE_TEAM = 'T0FAKE';
export const FAKE_BOT_USER = 'U0BOT';
export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token';
export const FAKE_SIGNING_SECRET = 'fakeSigningSecret0123456789abcdef';

/** Arguments Slack form-encodes as JSON strings: parsed back so tests read objects. */
const JSON_ARGS = ['blocks', 'attachments', 'view', 'files'];

export async function startFakeSlack() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const calls: SlackApiCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const uploads: UploadedFile[] = [];
  const groups = new Map<string, string[]>();
  const refusals: { method: string; times: number; answer: (response: ServerResponse) => void }[] = [];
  let ts = 1_700_000_000;
  let nextId = 0;
  const nextTs = () => `${++ts}.000100`;

  const results: Record<string, (args: Json) => Json> = {
    'auth.test': () => ({
      url: 'https://fake.slack.com/',
      team: 'Fake',
      user: 'bot',
      team_id: FAKE_TEAM,
      user_id: FAKE_BOT_USER,
      bot_id: 'B0BOT',
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => ({ channel: args.channel, ts: nextTs(), message: { text: args.text } }),
    'chat.postEphemeral': () => ({ message_ts: nextTs() }),
    'apps.connections.open': () => ({ url: `ws://127.0.0.1:${port}/socket` }),
    'chat.update': (args) => ({ channel: args.channel, ts: args.ts, text: args.text }),
    'conversations.open': (args) => ({ channel: { id: `D${String(args.users).replace(/^U/, '')}` } }),
    'views.open': (args) => ({ view: { id: `V${++nextId}`, ...(args.view as Json) } }),
    'views.publish': (args) => ({ view: { id: `V${++nextId}`, ...(args.view as Json) } }),
    'views.update': (args) => ({ view: { id: args.view_id ?? `V${++nextId}`, ...(args.view as Json) } }),
    'usergroups.users.list': (args) => {
      const users = groups.get(String(args.usergroup));
      return users ? { users } : { ok: false, error: 'no_such_subteam' };
    },
    'files.getUploadURLExternal': (args) => {
      const fileId = `F${++nextId}`;
      return { upload_url: `${base}/upload/${fileId}?filename=${String(args.filename)}`, file_id: fileId };
    },
    'files.completeUploadExternal': (args) => ({
      files: ((args.files ?? []) as { id: string; title?: string }[]).map((file) => ({
        id: file.id,
        title: file.title,
      })),
    }),
  };

  const send = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', base);
    const contentType = String(request.headers['content-type'] ?? '');
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (api) {
      const method = api[1] as string;
      const args = parseArgs(raw.toString(), contentType);
      calls.push({ method, args, auth: request.headers.authorization });
      const refusal = refusals.find((candidate) => candidate.method === method && candidate.times > 0);
      if (refusal) {
        refusal.times--;
        return refusal.answer(response);
      }
      if (!request.headers.authorization && !args.token)
        return send(response, 200, { ok: false, error: 'not_authed' });
      const result = results[method]?.(args) ?? {};
      return send(response, 200, { ok: true, ...result });
    }
    const upload = /^\/upload\/(\w+)$/.exec(url.pathname);
    if (upload) {
      // files.uploadV2 posts the bytes as multipart/form-data.
      const form = await new Request(url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: new Uint8Array(raw),
      })
        .formData()
        .catch(() => undefined);
      const part = form ? [...form.values()][0] : undefined;
      const bytes =
        part instanceof Blob
          ? new Uint8Array(await part.arrayBuffer())
          : new TextEncoder().encode(String(part ?? raw));
      const content = new TextDecoder().decode(bytes);
      uploads.push({
        fileId: upload[1] as string,
        filename: url.searchParams.get('filename') ?? '',
        content,
        bytes,
      });
      response.writeHead(200).end(`OK - ${content.length}`);
      return;
    }
    const sink = /^\/response\/([\w-]+)$/.exec(url.pathname);
    if (sink) {
      responses.push({ id: sink[1] as string, body: parseArgs(raw.toString(), contentType) });
      response.writeHead(200).end('ok');
      return;
    }
    send(response, 404, { ok: false, error: 'fake_slack_not_found' });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, { ok: false, error: 'fake_slack_failed' }));
  });
  // Socket Mode: the app connects here, we say hello, send envelopes and collect its acks.
  const sockets = new WebSocketServer({ server, path: '/socket' });
  const acks: Json[] = [];
  let socket: WebSocket | undefined;
  sockets.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => acks.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    base,
    /** For `SLACK_API_URL`. */
    apiUrl: `${base}/api/`,
    calls,
    responses,
    uploads,
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    /** A fresh `response_url`; what Bolt's respond() posts there is in `responsesTo(id)`. */
    responseUrl: (id = `r${++nextId}`) => `${base}/response/${id}`,
    responsesTo: (id: string) => responses.filter((post) => post.id === id).map((post) => post.body),
    /** The members `usergroups.users.list` returns for this group. */
    setGroupMembers: (groupId: string, users: string[]) => void groups.set(groupId, users),
    /** The next `times` calls of `method` get HTTP 429 with `Retry-After: retryAfter`. */
    rateLimit(method: string, retryAfter: number, times = 1) {
      refusals.push({
        method,
        times,
        answer: (response) => {
          response.writeHead(429, { 'retry-after': String(retryAfter), 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        },
      });
    },
    /** The next `times` calls of `method` answer `{ ok: false, error }`, as Slack does for a bad channel. */
    refuse(method: string, error: string, times = 1) {
      refusals.push({ method, times, answer: (response) => send(response, 200, { ok: false, error }) });
    },
    /** Socket Mode: the acks the app sent back, by envelope. */
    acks,
    isSocketConnected: () => socket?.readyState === 1,
    /** Socket Mode: sends an envelope (`slash_commands`, `interactive`) to the connected app. */
    sendEnvelope(envelopeId: string, type: string, payload: Json) {
      if (!socket) throw new Error('no app connected over Socket Mode');
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
    },
    /** Forget the calls recorded so far (refusals and group members stay). */
    clear() {
      calls.length = 0;
      responses.length = 0;
      uploads.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(raw: string, contentType: string): Json {
  if (!raw) return {};
  const args: Json = contentType.includes('json')
    ? JSON.parse(raw)
    : Object.fromEntries(new URLSearchParams(raw));
  for (const name of JSON_ARGS) {
    const value = args[name];
    if (typeof value !== 'string') continue;
    try {
      args[name] = JSON.parse(value);
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return args;
}

// ── Slack's side: requests to our server ───────────────────────────────────────────────────────

export const FORM = 'application/x-www-form-urlencoded';

export interface SignOptions {
  secret?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** Flip the last character of the signature. */
  tamper?: boolean;
  /** Leave these headers out. */
  omit?: ('x-slack-signature' | 'x-slack-request-timestamp')[];
  /** `X-Slack-Retry-Num`: Slack's own retry of a request it thinks failed. */
  retryNum?: number;
}

/** `v0=HMAC_SHA256(secret, "v0:" + timestamp + ":" + body)`, as Slack signs every request. */
export function slackSignature(body: string, secret: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  let signature = slackSignature(body, options.secret ?? FAKE_SIGNING_SECRET, timestamp);
  if (options.tamper) signature = signature.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
  const headers: Record<string, string> = {
    'content-type': FORM,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  for (const name of options.omit ?? []) delete headers[name];
  return headers;
}

/** POSTs a form body to our Slack endpoint as Slack would; returns the status, body and time taken. */
export async function postToApp(url: string, body: string, options: SignOptions = {}) {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers: signedHeaders(body, options), body });
  return { status: response.status, text: await response.text(), ms: Date.now() - started };
}

export interface SlackUser {
  id: string;
  name?: string;
}

/** A slash command's form body. */
export function slashCommand(fields: {
  command?: string;
  text: string;
  user: SlackUser;
  responseUrl: string;
  triggerId?: string;
  channelId?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM,
    team_domain: 'fake',
    channel_id: fields.channelId ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: fields.user.id,
    user_name: fields.user.name ?? fields.user.id.toLowerCase(),
    command: fields.command ?? '/mediation',
    text: fields.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? nextTriggerId(),
  }).toString();
}

/** A button press (`block_actions`) on a message, as its form body. */
export function blockAction(fields: {
  actionId: string;
  value: string;
  user: SlackUser;
  responseUrl: string;
  triggerId?: string;
  channelId?: string;
  messageTs?: string;
}): string {
  const channelId = fields.channelId ?? 'C0GENERAL';
  const messageTs = fields.messageTs ?? '1700000001.000100';
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: fields.user.id, username: fields.user.name ?? 'someone', team_id: FAKE_TEAM },
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
      trigger_id: fields.triggerId ?? nextTriggerId(),
      team: { id: FAKE_TEAM, domain: 'fake' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channelId, name: 'mediators' },
      message: { type: 'message', ts: messageTs, text: '…', user: FAKE_BOT_USER },
      response_url: fields.responseUrl,
      state: { values: {} },
      actions: [
        {
          action_id: fields.actionId,
          block_id: 'b1',
          type: 'button',
          value: fields.value,
          action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
        },
      ],
    }),
  }).toString();
}

/** A modal submitted (`view_submission`); `values` are `{ blockId: { actionId: value } }` text inputs. */
export function viewSubmission(fields: {
  callbackId: string;
  privateMetadata: string;
  /** Per block and action: typed text, or the element's whole state (pickers, selects, checkboxes). */
  values: Record<string, Record<string, string | Record<string, unknown>>>;
  user: SlackUser;
  viewId?: string;
  triggerId?: string;
}): string {
  const values = Object.fromEntries(
    Object.entries(fields.values).map(([blockId, inputs]) => [
      blockId,
      Object.fromEntries(
        Object.entries(inputs).map(([actionId, value]) => [
          actionId,
          typeof value === 'string' ? { type: 'plain_text_input', value } : value,
        ]),
      ),
    ]),
  );
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'view_submission',
      team: { id: FAKE_TEAM, domain: 'fake' },
      user: { id: fields.user.id, username: fields.user.name ?? 'someone', team_id: FAKE_TEAM },
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      trigger_id: fields.triggerId ?? nextTriggerId(),
      is_enterprise_install: false,
      enterprise: null,
      view: {
        id: fields.viewId ?? `V${nextTriggerId().replace(/\D/g, '')}`,
        team_id: FAKE_TEAM,
        type: 'modal',
        callback_id: fields.callbackId,
        private_metadata: fields.privateMetadata,
        hash: '1700000000.abcdef',
        state: { values },
        title: { type: 'plain_text', text: 'Modal' },
        blocks: [],
      },
      response_urls: [],
    }),
  }).toString();
}

let triggers = 0;
/** Slack gives every interaction its own trigger id; the app dedupes on it. */
export function nextTriggerId(): string {
  return `${Date.now()}.${++triggers}.${Math.random().toString(16).slice(2, 10)}`;
}
