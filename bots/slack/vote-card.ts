import type { types } from '@slack/bolt';
import type { Core } from '../../core/core.ts';
import { formatDateTime, type Locale, t } from '../../core/i18n/index.ts';
import { ruleTextParams } from '../../core/mediations/rule-profile.ts';
import { messageModal } from './modals/views.ts';

/**
 * A vote as the mediators may see it (product.md §5): the offer, the rule, the deadline and, while it
 * runs, the turnout only; the totals once it is closed. Never who voted what: the core has no such query.
 */
export async function voteCardModal(
  core: Core,
  locale: Locale,
  voteId: string,
): Promise<types.ModalView | undefined> {
  const card = await core.query.voteCard({ voteId });
  if (!card) return undefined;
  const m = await core.query.mediationDetails({ mediationId: card.mediationId });
  const inLocale = (text: { fr: string; en: string }) => (locale === 'en' ? text.en : text.fr);
  const at = formatDateTime(card.closesAt, locale);
  const lines = [
    t(locale, 'slack:voteCard.offer', { title: inLocale(card.title), round: card.round }),
    inLocale(card.terms),
    '',
  ];
  if (m) {
    lines.push(t(locale, 'mediations:ruleCard.rule', ruleTextParams(m.ruleCard)));
  }
  if (card.status === 'open') {
    const { voted, electorate } = card.turnout;
    lines.push(t(locale, 'mediator:show.voteRunning', { at, count: voted, electorate }));
  } else if (card.result) {
    const { outcome, tally } = card.result;
    lines.push(
      !outcome || outcome === 'VOIDED'
        ? t(locale, 'mediator:show.voteVoided')
        : t(locale, 'mediator:show.voteResult', { outcome, ...tally }),
    );
  }
  if (card.extension) {
    lines.push(
      t(locale, 'slack:voteCard.extended', {
        at: formatDateTime(card.extension.at, locale),
        reason: card.extension.reason ?? '',
      }),
    );
  }
  lines.push('', t(locale, 'mediator:statistics.secrecy'));
  return messageModal(locale, t(locale, 'slack:voteCard.title'), lines.join('\n'));
}
