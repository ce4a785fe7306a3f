import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../core/config/logger.ts';
import type { Core } from '../../core/core.ts';
import type { Actor } from '../../core/domain/actor.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import { handedOver, type MediatorAction } from '../mediator/action.ts';
import { textMessages } from './blocks.ts';
import type { createGate } from './gate.ts';
import {
  FILES_SHOWN_AT_MOST,
  HOME_ACTION_PREFIX,
  type HomeButton,
  homeView,
  outsiderHomeView,
} from './home-blocks.ts';
import { runAction } from './mediation-command.ts';
import type { MediatorDirectory } from './mediators.ts';
import { bindForm, openForm, resolveSubject } from './modals/open.ts';
import { uploadPrivately } from './private-files.ts';
import { voteCardModal } from './vote-card.ts';

const uuid = z.uuid();

export interface HomeEnv {
  core: Core;
  locale: Locale;
  logger: Logger;
  admit: ReturnType<typeof createGate>;
  directory: MediatorDirectory;
  actions: readonly MediatorAction[];
}

/** The buttons that open a form, and the form (catalogue action) each opens. */
const FORM_BUTTONS: Partial<Record<HomeButton, string>> = {
  'new-mediation': 'create-mediation',
  'annual-report': 'annual-report',
  reject: 'reject',
  'extend-vote': 'extend-vote',
  'extend-mediation': 'extend-mediation',
  'record-offer': 'record-offer',
  'open-vote': 'open-vote',
  edit: 'edit-mediation',
  broadcast: 'broadcast',
};

/** The buttons that run an action at once (Slack asked for confirmation first where it matters). */
const RUN_BUTTONS: Partial<
  Record<HomeButton, { action: string; arg: 'participant' | 'mediation' | 'payout' }>
> = {
  admit: { action: 'admit', arg: 'participant' },
  evidence: { action: 'evidence', arg: 'participant' },
  'mark-payout-sent': { action: 'mark-payout-sent', arg: 'payout' },
  'close-vote': { action: 'close-vote', arg: 'mediation' },
  'close-registration': { action: 'close-registration', arg: 'mediation' },
};

const KNOWN = new Set<string>([
  ...Object.keys(FORM_BUTTONS),
  ...Object.keys(RUN_BUTTONS),
  'vote-card',
  'refresh',
]);
/** Buttons whose value is not an id. */
const WITHOUT_ID = new Set<string>(['new-mediation', 'annual-report', 'refresh']);

/**
 * The App Home (product.md §6): the dashboard for a mediator, a polite word for anyone else, published
 * when the tab is opened and again after an action taken from it. Every button goes through the gate
 * (a forged press from a non-mediator is refused and audited) and its id is checked before use.
 */
export function registerHome(app: App, env: HomeEnv): { publish(userId: string): Promise<void> } {
  const { core, locale } = env;

  async function publish(userId: string): Promise<void> {
    const view = (await env.directory.isMediator(userId))
      ? homeView(locale, {
          now: core.deps.clock.now(),
          overview: await core.query.mediationsOverview(),
          files: await core.query.filesAwaitingDecision({ limit: FILES_SHOWN_AT_MOST }),
          payouts: await core.query.payoutsToFollow(),
        })
      : outsiderHomeView(locale);
    await app.client.views.publish({ user_id: userId, view });
  }

  /** Results of a button go to the mediator's direct messages with the app: the Home has no thread. */
  async function tellPrivately(client: webApi.WebClient, userId: string, text: string) {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('no direct message channel');
    const [message] = textMessages(text, { maxMessages: 1, truncatedNote: t(locale, 'slack:truncated') });
    if (message) await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  }

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    try {
      await publish(event.user);
    } catch (error) {
      env.logger.error({ err: error }, 'slack home not published');
    }
  });

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${HOME_ACTION_PREFIX}`),
    async ({ ack, body, action, client }) => {
      await ack();
      const what = action.action_id.slice(HOME_ACTION_PREFIX.length);
      const userId = body.user.id;
      await env.admit(
        {
          teamId: body.team?.id ?? body.user.team_id ?? '',
          userId,
          key: `button:${body.trigger_id}`,
          attempted: `button:home:${KNOWN.has(what) ? what : 'unknown'}`,
          tell: (text) => tellPrivately(client, userId, text),
        },
        async (actor) => {
          const value = action.value ?? '';
          // Ids come back from Slack's side: anything but a well-formed one is refused unread.
          if (!KNOWN.has(what) || (!WITHOUT_ID.has(what) && !uuid.safeParse(value).success)) {
            await tellPrivately(client, userId, t(locale, 'slack:home.invalidButton'));
            return;
          }
          const button = what as HomeButton;
          if (button === 'refresh') return publish(userId);
          if (button === 'vote-card') return showVoteCard(client, body.trigger_id, value, userId);
          const formName = FORM_BUTTONS[button];
          if (formName) return openFormFor(client, body.trigger_id, formName, value, userId);
          const run = RUN_BUTTONS[button];
          if (run) return runFromHome(client, actor, userId, run.action, { [run.arg]: value });
        },
      );
    },
  );

  async function openFormFor(
    client: webApi.WebClient,
    triggerId: string,
    name: string,
    id: string,
    userId: string,
  ) {
    const bound = bindForm(env.actions, name);
    if (!bound) return tellPrivately(client, userId, t(locale, 'slack:home.unavailable'));
    const subject = await resolveSubject(core, locale, bound.form, id);
    if (!subject.ok) return tellPrivately(client, userId, subject.text);
    await openForm(
      { core, locale, client },
      { form: bound.form, triggerId, subject: subject.subject, about: subject.about, origin: 'home' },
    );
  }

  async function showVoteCard(client: webApi.WebClient, triggerId: string, voteId: string, userId: string) {
    const view = await voteCardModal(core, locale, voteId);
    if (!view) return tellPrivately(client, userId, t(locale, 'votes:errors.voteNotFound'));
    await client.views.open({ trigger_id: triggerId, view });
  }

  async function runFromHome(
    client: webApi.WebClient,
    actor: Actor,
    userId: string,
    name: string,
    args: Record<string, unknown>,
  ) {
    const action = env.actions.find((candidate) => candidate.name === name);
    if (!action) return tellPrivately(client, userId, t(locale, 'slack:home.unavailable'));
    const checked = action.args.safeParse(args);
    if (!checked.success) return tellPrivately(client, userId, t(locale, 'slack:home.invalidButton'));
    const result = await runAction(core, action, checked.data, actor, locale);
    await tellPrivately(client, userId, result.text);
    const files = handedOver(result);
    if (files.length > 0) {
      const sent = await uploadPrivately(client, userId, files, { locale, logger: env.logger });
      await tellPrivately(client, userId, sent);
    }
    await publish(userId);
  }

  return { publish };
}
