import type { PrefetchedConversation } from '../../core/conversations/inbound-updates.ts';
import {
  type ConversationSnapshot,
  finishTurn,
  loadConversation,
  saveConversation,
} from '../../core/conversations/store.ts';
import { journalOf, LeaseLost, runInTurn, type Turn } from '../../core/conversations/turn-journal.ts';
import type { Core } from '../../core/core.ts';
import { systemActor } from '../../core/domain/actor.ts';
import { negotiateLocale, renderError, t } from '../../core/i18n/index.ts';
import { recognisedAccount } from '../../core/people/known-account.ts';
import { parseChoiceId } from './choice-id.ts';
import { commandOfName } from './commands.ts';
import type { Flow, FlowContext } from './flow.ts';
import { notificationChoiceTyped } from './notification-choices.ts';
import { choicesAwaitingAnswer, choiceTyped } from './typed-choice.ts';
import type { Choice, Incoming, IncomingEvent, Reply, TurnAnswer } from './types.ts';

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
export function createConversation(
  core: Core,
  flows: readonly Flow[],
  options: { publicUrl?: string } = {},
): Conversation {
  const byName = new Map(flows.map((flow) => [flow.name, flow]));
  const byCommand = new Map(flows.flatMap((flow) => (flow.commands ?? []).map((command) => [command, flow])));
  const queues = new Map<string, Promise<unknown>>();
  const handlings = handlingsOfThisProcess();

  async function handleOnce(incoming: Incoming): Promise<Reply[]> {
    const key = `${incoming.platform}:${incoming.userId}`;
    try {
      return await handleAndSave(incoming, key);
    } finally {
      // Saved, failed after committing a command, or lost its answer: what was read before is stale.
      handlings.ended(key);
    }
  }

  async function handleAndSave(incoming: Incoming, key: string): Promise<Reply[]> {
    const update = incoming.update;
    let journal = update?.journal ?? {};
    // Read with the update's record while still trustworthy (see `usable`); a run that lost its save reads again.
    let recorded = update?.conversation && handlings.usable(key, update.conversation);
    // Handled again after a crash, a turn takes the person its journal holds, as `identifyPerson` gives it.
    const firstHandling = Object.keys(journal).length === 0;
    for (let attempt = 1; ; attempt++) {
      let turn: Turn | undefined;
      const { replies, saved, next } = update
        ? await runInTurn({ ...update, journal }, (current) => {
            turn = current;
            return runTurn();
          })
        : await runTurn();
      if (update) {
        const answer: TurnAnswer = { chatId: incoming.chatId, replies };
        const finished = await finishTurn(core.deps, incoming.userId, saved.version, next, update, answer);
        if (finished === 'finished') return replies;
        if (finished === 'leaseLost') throw new LeaseLost();
      } else if (
        !next ||
        (await saveConversation(core.deps, incoming.platform, incoming.userId, saved.version, next))
      ) {
        return replies;
      }
      if (attempt >= MAX_ATTEMPTS)
        return [
          { text: t(negotiateLocale({ platformLanguage: incoming.languageCode }), 'conversation:busy') },
        ];
      // Run again, the turn must not redo what this run committed.
      if (turn) journal = journalOf(turn);
    }

    /** One run of the flows: the replies and the next state (null: nothing to save). */
    async function runTurn(): Promise<{
      replies: Reply[];
      saved: ConversationSnapshot;
      next: Omit<ConversationSnapshot, 'version'> | null;
    }> {
      const account = {
        platform: incoming.platform,
        externalId: incoming.userId,
        chatId: incoming.chatId,
        languageCode: incoming.languageCode,
      };
      const recognised =
        recorded && firstHandling && recognisedAccount(recorded.account, account, core.deps.clock.now());
      const [identified, saved] = await Promise.all([
        recognised
          ? { ok: true as const, value: recognised }
          : core.identifyPerson(systemActor(incoming.platform.toLowerCase()), account),
        recorded?.state ?? loadConversation(core.deps, incoming.platform, incoming.userId),
      ]);
      recorded = undefined;
      if (!identified.ok)
        return {
          replies: [
            {
              text: renderError(
                negotiateLocale({ platformLanguage: incoming.languageCode }),
                identified.error,
              ),
            },
          ],
          saved,
          next: null,
        };
      const { personId } = identified.value;
      const locale = negotiateLocale({
        saved: identified.value.locale,
        platformLanguage: incoming.languageCode,
      });
      const typed = incoming.choosing === 'typed';
      const { [OFFERED]: offered, ...flowData } = saved.data;
      let next = { flow: saved.flow, step: saved.step, data: saved.data };
      let forgotten = false;
      const ctx: FlowContext = {
        core,
        personId,
        locale,
        incoming,
        // A text with a `_typed` form (« tapez… » for « appuyez sur… ») says it that way in the terminal.
        t: (key, params) => t(locale, key, typed ? { context: 'typed', ...params } : params),
        explain: (error) => renderError(locale, error),
        state: { flow: saved.flow, step: saved.step, data: flowData },
        next: (flow, step = null, data = {}) => {
          next = { flow, step, data };
        },
        forget: () => {
          forgotten = true;
        },
        publicUrl: options.publicUrl,
      };
      const replies = await route(ctx, offeredOf(offered), saved.updatedAt);
      next = withOffered(next, saved, replies);
      // Erasure deleted this account's state: saving now would bring a row back.
      return { replies, saved, next: forgotten || sameState(saved, next) ? null : next };
    }
  }

  /**
   * A bug of ours must not leave the person without an answer, nor stop the bot. A recorded update that
   * failed is the adapter's to answer: it stays unfinished, to be handled again (a database that went
   * away mid-turn) until it is given up.
   */
  async function handleSafely(incoming: Incoming): Promise<Reply[]> {
    try {
      return await handleOnce(incoming);
    } catch (error) {
      if (incoming.update) throw error;
      core.deps.logger.error(
        { err: error, platform: incoming.platform, event: incoming.event.type },
        'conversation failed',
      );
      return [{ text: t(negotiateLocale({ platformLanguage: incoming.languageCode }), 'errors:internal') }];
    }
  }

  async function route(ctx: FlowContext, offered: Choice[], askedAt: Date | undefined): Promise<Reply[]> {
    const typed = ctx.incoming.event;
    // Words typed where a choice was offered are that choice, on every platform: offered by a
    // notification that reached the person since the conversation last asked, or else by the conversation.
    const picked =
      typed.type === 'text'
        ? ((await notificationChoiceTyped(core, {
            personId: ctx.personId,
            locale: ctx.locale,
            text: typed.text,
            since: askedAt,
          })) ?? choiceTyped(typed.text, offered))
        : undefined;
    const event: IncomingEvent = picked ? { type: 'choice', id: picked.id } : typed;
    if (event.type === 'command') {
      const flow = byCommand.get(commandOfName(event.name));
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
    if (owner?.onInput) return owner.onInput(ctx, event);
    // Words that match none of the choices still waiting are no answer: the choices are offered again.
    if (event.type === 'text' && offered.length > 0) {
      return [
        {
          text: ctx.t('conversation:notAChoice'),
          choices: offered.map((choice) => [choice]),
          expects: 'choice',
        },
      ];
    }
    return [{ text: ctx.t('conversation:nothingPending') }];
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
      // Both ways: a recorded update's failure reaches its adapter through `run`, never as unhandled here.
      const forget = () => {
        if (queues.get(key) === run) queues.delete(key);
      };
      run.then(forget, forget);
      return run;
    },
  };
}

/**
 * How long a state and account read with an update's record are used without reading them again. Under
 * load the turn runs a few milliseconds after the read; past this, another instance or an unlink on
 * another platform had time to change them, and a turn run on them could act before its save is refused.
 */
const PREFETCH_TRUSTED_MS = 50;

/**
 * Conversations this process handled, and when each handling ended. A handling may change what the next
 * one reads: the conversation's state, and through its commands the account (`/langue`, `/lier`,
 * erasure) — even one that failed after a commit. What was read before it ended is stale.
 */
function handlingsOfThisProcess() {
  const endedAt = new Map<string, number>();
  // Bounded: past this many people the whole map is dropped, and all that was read before is stale.
  let forgottenAt = 0;
  function ended(key: string) {
    if (endedAt.size >= 10_000) {
      endedAt.clear();
      forgottenAt = performance.now();
    }
    endedAt.set(key, performance.now());
  }
  return {
    /** What was read with the update, if it is recent and no handling of that conversation ended since. */
    usable(key: string, prefetched: PrefetchedConversation): PrefetchedConversation | undefined {
      const { readFrom } = prefetched;
      const trusted =
        performance.now() - readFrom < PREFETCH_TRUSTED_MS &&
        readFrom >= forgottenAt &&
        readFrom >= (endedAt.get(key) ?? 0);
      return trusted ? prefetched : undefined;
    },
    ended,
  };
}

/**
 * The choices last offered with a question, kept beside the flow's own data (flows never see them), so
 * an answer typed in words later picks one. A turn that asks nothing new leaves them as they were; a
 * flow that moved on without a new question drops them.
 */
const OFFERED = 'offeredChoices';

function offeredOf(value: unknown): Choice[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (choice): choice is Choice => typeof choice?.id === 'string' && typeof choice?.label === 'string',
  );
}

/** At most this many are kept: a page of mediations, a review screen's edits. */
const MAX_OFFERED = 30;

function withOffered(
  next: Omit<ConversationSnapshot, 'version'>,
  saved: ConversationSnapshot,
  replies: readonly Reply[],
): Omit<ConversationSnapshot, 'version'> {
  const asked = choicesAwaitingAnswer(replies).slice(0, MAX_OFFERED);
  const { [OFFERED]: _previous, ...data } = next.data;
  if (asked.length > 0)
    return { ...next, data: { ...data, [OFFERED]: asked.map(({ id, label }) => ({ id, label })) } };
  // The flow moved on (a new state without a question): what was offered before no longer applies.
  return next.data === saved.data ? next : { ...next, data };
}

/** Browsing and reading change no state: no need to write it back. */
function sameState(saved: ConversationSnapshot, next: Omit<ConversationSnapshot, 'version'>): boolean {
  return (
    saved.flow === next.flow &&
    saved.step === next.step &&
    JSON.stringify(saved.data) === JSON.stringify(next.data)
  );
}
