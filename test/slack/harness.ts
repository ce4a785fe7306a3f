import { afterAll, beforeAll } from 'vitest';
import { type HttpServer, startHttpServer } from '../../bots/http/server.ts';
import type { MediatorAction } from '../../bots/mediator/action.ts';
import { createSlackApp, type SlackApp } from '../../bots/slack/app.ts';
import { SLACK_EVENTS_PATH } from '../../bots/slack/events-route.ts';
import { loadConfig } from '../../core/config/config.ts';
import { createLogger } from '../../core/config/logger.ts';
import { type TestCore, useTestCore } from '../support/core.ts';
import {
  FAKE_BOT_TOKEN,
  FAKE_SIGNING_SECRET,
  type FakeSlack,
  postToApp,
  type SignOptions,
  type SlackUser,
  slashCommand,
  startFakeSlack,
} from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';

/** Listed by id in SLACK_MEDIATOR_IDS. */
export const ALICE: SlackUser = { id: 'U0ALICE', name: 'alice' };
/** A mediator through the user group SLACK_MEDIATOR_GROUP. */
export const GABRIEL: SlackUser = { id: 'U0GABRIEL', name: 'gabriel' };
/** In the workspace, not a mediator. */
export const MALLORY: SlackUser = { id: 'U0MALLORY', name: 'mallory' };
export const MEDIATORS_GROUP = 'S0MEDIATORS';
export const MEDIATORS_CHANNEL = 'C0MEDIATORS';

export interface SlackHarness {
  t: TestCore;
  fake: FakeSlack;
  app: SlackApp;
  /** `http://127.0.0.1:<port>/slack/events` on the program's HTTP server. */
  url: string;
  logs: Record<string, unknown>[];
  /** POSTs a signed form body as Slack would. */
  post(body: string, options?: SignOptions): ReturnType<typeof postToApp>;
  /**
   * Types `/mediation <text>` as `user`; resolves with the HTTP answer and, once `answers` messages
   * arrived on the command's response_url, with those messages.
   */
  command(
    text: string,
    user?: SlackUser,
    answers?: number,
  ): Promise<{ status: number; ms: number; responseId: string; answers: Record<string, unknown>[] }>;
}

/** A test file's Slack app: real Bolt over a fresh database, mounted on the HTTP server, against the fake. */
export function useSlackApp(options: {
  actions: readonly MediatorAction[];
  env?: Record<string, string>;
  /** A test core shared with other platforms' harnesses (one database for the whole product). */
  core?: TestCore;
}) {
  const t = options.core ?? useTestCore({ checkAuditChain: true });
  const h = { t, logs: [] as Record<string, unknown>[] } as SlackHarness;
  let http: HttpServer | undefined;
  let nextResponse = 0;
  beforeAll(async () => {
    h.fake = await startFakeSlack();
    h.fake.setGroupMembers(MEDIATORS_GROUP, [GABRIEL.id]);
    const config = loadConfig({
      SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
      SLACK_API_URL: h.fake.apiUrl,
      SLACK_MEDIATOR_IDS: ALICE.id,
      SLACK_MEDIATOR_GROUP: MEDIATORS_GROUP,
      SLACK_MEDIATORS_CHANNEL: MEDIATORS_CHANNEL,
      ...options.env,
    });
    h.app = createSlackApp({
      core: t.core,
      config,
      logger: createLogger('debug', { write: (line: string) => void h.logs.push(JSON.parse(line)) }),
      actions: options.actions,
      retryConfig: { retries: 0 },
    });
    await h.app.start();
    if (!h.app.route) throw new Error('expected HTTP mode');
    http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      routes: [h.app.route],
      logger: t.core.deps.logger,
    });
    h.url = `http://127.0.0.1:${http.port}${SLACK_EVENTS_PATH}`;
  });
  afterAll(async () => {
    await h.app?.stop();
    await http?.stop();
    await h.fake?.stop();
  });
  h.post = (body, signing) => postToApp(h.url, body, signing);
  h.command = async (text, user = ALICE, answers = 1) => {
    const responseId = `cmd${++nextResponse}`;
    const response = await h.post(slashCommand({ text, user, responseUrl: h.fake.responseUrl(responseId) }));
    const received = answers > 0 ? await waitFor(() => atLeast(h.fake.responsesTo(responseId), answers)) : [];
    return { ...response, responseId, answers: received };
  };
  return h;
}

const atLeast = <T>(items: T[], count: number) => (items.length >= count ? items : undefined);

/** The plain text of a message's sections and context blocks, joined. */
export function textOf(message: Record<string, unknown> | undefined): string {
  const blocks = (message?.blocks ?? []) as {
    type: string;
    text?: { text: string };
    elements?: { text?: string }[];
  }[];
  return blocks
    .flatMap((block) =>
      block.type === 'section'
        ? [block.text?.text ?? '']
        : block.type === 'context'
          ? (block.elements?.map((e) => e.text ?? '') ?? [])
          : [],
    )
    .join('\n');
}

/** Lets a moment pass, for asserting that something did not happen. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
