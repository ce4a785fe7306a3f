import {
  type ConversationSnapshot,
  loadConversation,
  saveConversation,
} from '../../core/conversations/store.ts';
import type { Core } from '../../core/core.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { negotiateLocale, renderError, t } from '../../core/i18n/index.ts';
import { parseChoiceId } from './choice-id.ts';
import type { Flow, FlowContext } from './flow.ts';
import type { Incoming, Reply } from './types.ts';

export interface Conversation {
  handle(incoming: Incoming): Promise<Reply[]>;
}

/** Two instances saving the same conversation at once: the loser re-reads and runs again, this often. */
const MAX_ATTEMPTS = 3;

/**
 * Routes each incoming event to its flow and keeps the conversation state in the database. Events of
 * one person are handled one after another in this process; across processes the state's version
 * decides (see `saveConversation`).
 */
export function createConversation(core: Core, flows: readonly Flow[]): Conversation {
  const byName = new Map(flows.map((flow) => [flow.name, flow]));
  const byCommand = new Map(flows.flatMap((flow) => (flow.commands ?? []).map((command) => [command, flow])));
  const queues = new Map<string, Promise<unknown>>();

  async function handleOnce(incoming: Incoming): Promise<Reply[]> {
    const deps = core.deps;
    for (let attempt = 1; ; attempt++) {
      const [identified, saved] = await Promise.all([
        core.identifyPerson(systemActor(incoming.platform.toLowerCase()), {
          platform: incoming.platform,
          externalId: incoming.userId,
          chatId: incoming.chatId,
          languageCode: incoming.languageCode,
        }),
        loadConversation(deps, incoming.platform, incoming.userId),
      ]);
      if (!identified.ok)
        return [
          {
            text: renderError(negotiateLocale({ platformLanguage: incoming.languageCode }), identified.error),
          },
        ];
      const { personId } = identified.value;
      const locale = negotiateLocale({
        saved: identified.value.locale,
        platformLanguage: incoming.languageCode,
      });
      let next = { flow: saved.flow, step: saved.step, data: saved.data };
      let forgotten = false;
      const ctx: FlowContext = {
        core,
        personId,
        locale,
        incoming,
        t: (key, params) => t(locale, key, params),
        explain: (error) => renderError(locale, error),
        state: { flow: saved.flow, step: saved.step, data: saved.data },
        next: (flow, step = null, data = {}) => {
          next = { flow, step, data };
        },
        forget: () => {
          forgotten = true;
        },
      };
      const replies = await route(ctx);
      // Erasure deleted this account's state: saving now would bring a row back.
      if (forgotten || sameState(saved, next)) return replies;
      if (await saveConversation(deps, incoming.platform, incoming.userId, saved.version, next))
        return replies;
      if (attempt >= MAX_ATTEMPTS) return [{ text: ctx.t('conversation:busy') }];
    }
  }

  /** A bug of ours must not leave the person without an answer, nor stop the bot. */
  async function handleSafely(incoming: Incoming): Promise<Reply[]> {
    try {
      return await handleOnce(incoming);
    } catch (error) {
      core.deps.logger.error(
        { err: error, platform: incoming.platform, event: incoming.event.type },
        'conversation failed',
      );
      return [{ text: t(negotiateLocale({ platformLanguage: incoming.languageCode }), 'errors:internal') }];
    }
  }

  async function route(ctx: FlowContext): Promise<Reply[]> {
    const event = ctx.incoming.event;
    if (event.type === 'command') {
      const flow = byCommand.get(event.name.toLowerCase());
      if (!flow?.start) return [{ text: ctx.t('conversation:unknownCommand') }];
      return flow.start(ctx, event.args);
    }
    if (event.type === 'choice') {
      const { flow: name, action, args } = parseChoiceId(event.id);
      const flow = byName.get(name);
      if (!flow?.onChoice) return [{ text: ctx.t('conversation:staleButton') }];
      return flow.onChoice(ctx, action, args);
    }
    const owner = ctx.state.flow ? byName.get(ctx.state.flow) : undefined;
    if (!owner?.onInput) return [{ text: ctx.t('conversation:nothingPending') }];
    return owner.onInput(ctx, event);
  }

  return {
    handle(incoming) {
      // One person's events run in order: the second of two quick messages sees the first one's state.
      const key = `${incoming.platform}:${incoming.userId}`;
      const previous = queues.get(key) ?? Promise.resolve();
      const run = previous.then(
        () => handleSafely(incoming),
        () => handleSafely(incoming),
      );
      queues.set(key, run);
      void run.finally(() => {
        if (queues.get(key) === run) queues.delete(key);
      });
      return run;
    },
  };
}

/** Browsing and reading change no state: no need to write it back. */
function sameState(saved: ConversationSnapshot, next: Omit<ConversationSnapshot, 'version'>): boolean {
  return (
    saved.flow === next.flow &&
    saved.step === next.step &&
    JSON.stringify(saved.data) === JSON.stringify(next.data)
  );
}
