import type { Core } from '../../core/core.ts';
import { type Locale, t } from '../../core/i18n/index.ts';
import type { NotificationKind } from '../../core/outbox/notification-kinds.ts';
import { choiceId } from './choice-id.ts';
import { adhesionChoices } from './flows/adhesion.ts';
import { payoutChoices } from './flows/payout.ts';
import { ballotChoices, closedVoteChoices } from './flows/vote-card.ts';
import { choiceTyped } from './typed-choice.ts';
import type { Choice } from './types.ts';

/**
 * The buttons an outbox notification carries, so the person answers in one tap from the message
 * itself (product.md §6: "vote from the notification"). Adapters render them under the text; the
 * ids lead to the same flows as the commands. Kinds with nothing to answer carry none.
 */
export function notificationChoices(
  kind: NotificationKind,
  refs: Record<string, string> | undefined,
  locale: Locale,
): Choice[][] {
  const say = (key: string) => t(locale, key);
  const voteId = refs?.voteId;
  switch (kind) {
    case 'voteOpened':
    case 'voteReminder':
      return voteId ? ballotChoices(say, voteId) : [];
    case 'voteExtended':
      return voteId
        ? [[{ id: choiceId('vote', 'open', voteId), label: say('account:vote.button.vote') }]]
        : [];
    case 'voteResult':
      return voteId ? closedVoteChoices(say, voteId) : [];
    case 'adhesionRequested':
      return refs?.mediationId ? adhesionChoices(say, refs.mediationId) : [];
    case 'payoutSent':
    case 'payoutReminder':
      return refs?.payoutId ? payoutChoices(say, refs.payoutId) : [];
    default:
      return [];
  }
}

/** The kinds that carry buttons. */
const answerableKinds = [
  'voteOpened',
  'voteReminder',
  'voteExtended',
  'voteResult',
  'adhesionRequested',
  'payoutSent',
  'payoutReminder',
] as const satisfies readonly NotificationKind[];

/** Each kind's buttons with placeholder references, per language: to tell at once whether words could be one. */
const anyButtons = new Map<Locale, Choice[][]>();
function buttonsOfEveryKind(locale: Locale): Choice[][] {
  let buttons = anyButtons.get(locale);
  if (!buttons) {
    const refs = { voteId: '-', mediationId: '-', payoutId: '-' };
    buttons = answerableKinds.map((kind) => notificationChoices(kind, refs, locale).flat());
    anyButtons.set(locale, buttons);
  }
  return buttons;
}

/**
 * Words typed after a notification's buttons (« Accepter » under a vote card, « oui » under a payout
 * question) are the button they name, as in the conversation itself: the notification is the last
 * question the person saw when it reached them after the conversation last asked something (`since`).
 * Only words that could be such a button cost a look at the database.
 */
export async function notificationChoiceTyped(
  core: Core,
  input: { personId: string; locale: Locale; text: string; since: Date | undefined },
): Promise<Choice | undefined> {
  const { locale, text } = input;
  if (!buttonsOfEveryKind(locale).some((buttons) => choiceTyped(text, buttons))) return undefined;
  const last = await core.query.lastNotificationSent({
    personId: input.personId,
    kinds: answerableKinds,
    after: input.since?.toISOString() ?? null,
  });
  if (!last) return undefined;
  return choiceTyped(text, notificationChoices(last.kind as NotificationKind, last.refs, locale).flat());
}
