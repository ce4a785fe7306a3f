import { type Locale, t } from '../../core/i18n/index.ts';
import type { NotificationKind } from '../../core/outbox/notification-kinds.ts';
import { choiceId } from './choice-id.ts';
import { adhesionChoices } from './flows/adhesion.ts';
import { payoutChoices } from './flows/payout.ts';
import { ballotChoices, closedVoteChoices } from './flows/vote-card.ts';
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
