import {
  App,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  type RespondFn,
  type ViewSubmitAction,
  webApi,
} from '@slack/bolt';
import type { Config } from '../../core/config/config.ts';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import type { Actor } from '../../core/domain/actor.ts';
import { type Locale, renderError, t } from '../../core/i18n/index.ts';
import type { DeliveryChannel } from '../../core/outbox/delivery-channel.ts';
import type { ReadinessCheck } from '../http/readiness.ts';
import type { HttpRoute } from '../http/server.ts';
import { handedOver, type MediatorAction } from '../mediator/action.ts';
import { actions, button, type SlackMessage, textMessages } from './blocks.ts';
import { boltLogger } from './bolt-logger.ts';
import { CONTACT_REPLY_VIEW, contactReplyModal, readContactReply } from './contact-reply.ts';
import { CONTACT_REPLY_ACTION, slackDeliveryChannel } from './delivery-channel.ts';
import { slackEventsRoute } from './events-route.ts';
import { createGate } from './gate.ts';
import { registerHome } from './home.ts';
import {
  attemptedAction,
  type CommandSetting,
  confirmedText,
  helpText,
  planCommand,
  runAction,
} from './mediation-command.ts';
import { mediatorDirectory } from './mediators.ts';
import { formRequest, openForm, resolveSubject } from './modals/open.ts';
import { registerForms } from './modals/register.ts';
import { uploadPrivately } from './private-files.ts';

export interface SlackAppOptions {
  core: Core;
  config: Config;
  logger: Logger;
  /** The mediator actions `/mediation` offers (bots/mediator/actions). */
  actions: readonly MediatorAction[];
  /** Retries of the app's own Web API calls (answers, modals); tests give `{ retries: 0 }`. */
  retryConfig?: webApi.RetryOptions;
}

export interface SlackApp {
  mode: 'http' | 'socket';
  /** HTTP mode: `POST /slack/events`, to serve on the program's HTTP server. */
  route?: HttpRoute;
  /** The mediators' notifications, for the outbox (to `SLACK_MEDIATORS_CHANNEL`). */
  deliveryChannel: DeliveryChannel;
  /** For `/readyz`: Slack accepted the token at `start()` (auth.test) and, in Socket Mode, connected. */
  readiness: ReadinessCheck;
  /** Checks the token with Slack (auth.test); in Socket Mode, also connects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const CONFIRM_ACTION = 'mediation:confirm';
const DISMISS_ACTION = 'mediation:dismiss';

/**
 * The mediators' Slack app (product.md §6): the `/mediation` command over the mediator actions, the
 * confirmation of irreversible ones, the « Répondre » button under consumers' messages, and the delivery
 * of the team's notifications. Every interaction is acknowledged at once, then handled once, and only for
 * a configured mediator (see gate.ts). The only module that starts Bolt.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { core, config } = options;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error('createSlackApp needs SLACK_BOT_TOKEN');
  const logger = options.logger.child({ platform: 'slack' });
  const locale: Locale = config.DEFAULT_LOCALE;
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const libraryLogger = boltLogger(logger);
  const clientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: options.retryConfig ?? { retries: 2, factor: 2, minTimeout: 500 },
  };
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET ?? '', logger: libraryLogger });
  const app = new App({
    token,
    logger: libraryLogger,
    clientOptions,
    // auth.test at start(), not in the constructor where a refusal would go unhandled.
    deferInitialization: true,
    convoStore: false,
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.SLACK_APP_TOKEN }),
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack listener failed');
  });

  const directory = mediatorDirectory({
    ids: config.SLACK_MEDIATOR_IDS,
    groupId: config.SLACK_MEDIATOR_GROUP,
    listGroupMembers: async (usergroup) =>
      (await app.client.usergroups.users.list({ usergroup })).users ?? [],
    logger,
  });
  const admit = createGate({ core, directory, locale, logger });
  const setting: CommandSetting = { command: config.SLACK_COMMAND, actions: options.actions, locale };
  // The App Home and the forms (modals): the same actions, the same gate, richer surfaces.
  const home = registerHome(app, { core, locale, logger, admit, directory, actions: options.actions });
  registerForms(app, { core, locale, logger, admit, actions: options.actions, refreshHome: home.publish });
  const truncatedNote = t(locale, 'slack:truncated');
  const messagesOf = (text: string) => textMessages(text, { truncatedNote });

  /** Answers only the mediator sees, through the interaction's response_url. */
  const replier =
    (respond: RespondFn) =>
    async (messages: SlackMessage[], replaceOriginal = false): Promise<void> => {
      for (const [index, message] of messages.entries()) {
        await respond({
          response_type: 'ephemeral',
          replace_original: replaceOriginal && index === 0,
          text: message.text,
          blocks: message.blocks,
        });
      }
    };

  async function runAndAnswer(
    plan: { action: MediatorAction; args: unknown },
    actor: Actor,
    userId: string,
    reply: ReturnType<typeof replier>,
    replaceOriginal: boolean,
  ) {
    const result = await runAction(core, plan.action, plan.args, actor, locale);
    await reply(messagesOf(result.text), replaceOriginal);
    const files = handedOver(result);
    if (files.length > 0) {
      await reply(messagesOf(await uploadPrivately(app.client, userId, files, { locale, logger })));
    }
  }

  app.command(config.SLACK_COMMAND, async ({ ack, command, respond, client }) => {
    await ack();
    const reply = replier(respond);
    // `/mediation nouvelle`, `/mediation broadcast red-by-sfr`: the action's form rather than its words.
    const form = formRequest(options.actions, command.text);
    await admit(
      {
        teamId: command.team_id,
        userId: command.user_id,
        key: `command:${command.trigger_id}`,
        attempted: `command:${form ? form.bound.action.name : attemptedAction(setting, command.text)}`,
        tell: (text) => reply(messagesOf(text)),
      },
      async (actor) => {
        if (form) {
          const subject = await resolveSubject(core, locale, form.bound.form, form.ref);
          if (!subject.ok) return reply(messagesOf(subject.text));
          const { about } = subject;
          return openForm(
            { core, locale, client },
            {
              form: form.bound.form,
              triggerId: command.trigger_id,
              subject: subject.subject,
              about,
              origin: 'command',
            },
          );
        }
        const plan = planCommand(setting, command.text);
        if (plan.kind === 'help') return reply(messagesOf(helpText(setting)));
        if (plan.kind === 'problem') return reply(messagesOf(plan.text));
        if (plan.kind === 'run') return runAndAnswer(plan, actor, command.user_id, reply, false);
        const question = t(locale, 'slack:confirm.question', {
          command: `${setting.command} ${command.text.trim()}`,
        });
        return reply(
          textMessages(question, {
            truncatedNote,
            after: [
              actions([
                button({
                  text: t(locale, 'slack:confirm.yes'),
                  actionId: CONFIRM_ACTION,
                  value: plan.confirmation,
                  style: 'danger',
                }),
                button({ text: t(locale, 'slack:confirm.no'), actionId: DISMISS_ACTION, value: 'dismiss' }),
              ]),
            ],
          }),
        );
      },
    );
  });

  app.action<BlockAction<ButtonAction>>(CONFIRM_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const reply = replier(respond);
    const text = confirmedText(action.value);
    await admit(
      {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        userId: body.user.id,
        key: `button:${body.trigger_id}`,
        attempted: `button:confirm:${attemptedAction(setting, text)}`,
        tell: (words) => reply(messagesOf(words)),
      },
      async (actor) => {
        const plan = planCommand(setting, text, true);
        if (plan.kind === 'run') return runAndAnswer(plan, actor, body.user.id, reply, true);
        // The words were checked when typed; they may no longer be valid (the catalogue changed).
        return reply(
          messagesOf(plan.kind === 'problem' ? plan.text : t(locale, 'slack:command.failed')),
          true,
        );
      },
    );
  });

  app.action<BlockAction<ButtonAction>>(DISMISS_ACTION, async ({ ack, respond }) => {
    await ack();
    await replier(respond)(messagesOf(t(locale, 'slack:confirm.cancelled')), true);
  });

  app.action<BlockAction<ButtonAction>>(
    CONTACT_REPLY_ACTION,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const channel = body.channel?.id ?? body.container?.channel_id;
      const ts = body.message?.ts ?? body.container?.message_ts;
      await admit(
        {
          teamId: body.team?.id ?? body.user.team_id ?? '',
          userId: body.user.id,
          key: `button:${body.trigger_id}`,
          attempted: 'button:contact-reply',
          tell: (text) => replier(respond)(messagesOf(text)),
        },
        async () => {
          if (!action.value || !channel || !ts) throw new Error('contact reply button without its message');
          // The trigger id lasts three seconds: the modal opens before anything else is done.
          await client.views.open({
            trigger_id: body.trigger_id,
            view: contactReplyModal(locale, { messageId: action.value, channel, ts }),
          });
        },
      );
    },
  );

  app.view<ViewSubmitAction>(CONTACT_REPLY_VIEW, async ({ ack, body, view, client }) => {
    await ack();
    const submitted = readContactReply(view);
    const userId = body.user.id;
    const tell = (text: string) =>
      submitted
        ? client.chat.postEphemeral({ channel: submitted.target.channel, user: userId, text })
        : Promise.resolve();
    await admit(
      {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        userId,
        key: `modal:${body.trigger_id}`,
        attempted: 'modal:contact-reply',
        tell,
      },
      async (actor) => {
        if (!submitted) throw new Error('contact reply without its message');
        const answered = await core.answerContact(actor, {
          messageId: submitted.target.messageId,
          message: submitted.message,
        });
        if (!answered.ok) {
          await tell(renderError(locale, answered.error));
          return;
        }
        // In the message's thread, so the whole team sees it was answered, and by whom.
        await client.chat.postMessage({
          channel: submitted.target.channel,
          thread_ts: submitted.target.ts,
          text: t(locale, 'slack:contact.answered', { mediator: `<@${userId}>` }),
        });
      },
    );
  });

  // The outbox's own client: a 429 comes back to the dispatcher, which owns waiting and retrying.
  const deliveryClient = new webApi.WebClient(token, {
    slackApiUrl: config.SLACK_API_URL,
    logger: libraryLogger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });

  let started = false;
  return {
    mode: socketMode ? 'socket' : 'http',
    route: receiver
      ? slackEventsRoute({
          signingSecret: config.SLACK_SIGNING_SECRET ?? '',
          dispatch: receiver.requestListener,
          logger,
        })
      : undefined,
    deliveryChannel: slackDeliveryChannel(deliveryClient, logger),
    readiness: { name: 'slack', check: () => (started ? undefined : 'not connected') },
    async start() {
      await app.init();
      if (socketMode) await app.start();
      started = true;
      logger.info({ mode: socketMode ? 'socket' : 'http' }, 'slack app started');
    },
    async stop() {
      started = false;
      if (socketMode) await app.stop();
    },
  };
}
