import { formatDate, formatMoney } from '../../../core/i18n/index.ts';
import { choiceId } from '../choice-id.ts';
import type { FlowContext } from '../flow.ts';
import type { Choice, Reply } from '../types.ts';
import { inLocale } from './mediation-views.ts';
import { missingItemsText, type OwnFile } from './own-file.ts';

/**
 * The last screen before sending (product.md §4): everything the mediators will read, each part with
 * its own « Modifier » button, and « Envoyer » only once nothing is missing.
 */
export function reviewReply(ctx: FlowContext, file: OwnFile): Reply {
  const { locale } = ctx;
  const notGiven = ctx.t('joining:review.notGiven');
  const { complaint } = file;
  const lines = [
    ctx.t('joining:review.heading', { title: inLocale(ctx.locale, file.mediation.title) }),
    '',
    ctx.t('joining:review.description', { description: complaint.description ?? notGiven }),
    ctx.t('joining:review.amount', {
      amount: complaint.amountCents === null ? notGiven : formatMoney(complaint.amountCents, locale),
    }),
    ctx.t('joining:review.problemDate', {
      date: complaint.problemDate ? formatDate(complaint.problemDate, locale) : notGiven,
    }),
    ctx.t('joining:review.priorComplaintDate', {
      date: complaint.priorComplaintDate ? formatDate(complaint.priorComplaintDate, locale) : notGiven,
    }),
    file.evidence.length > 0
      ? ctx.t('joining:review.evidence', { count: file.evidence.length })
      : ctx.t('joining:review.noEvidence'),
  ];
  lines.push('', ctx.t(`joining:review.sharing.${complaint.descriptionShared ? 'yes' : 'no'}`));
  if (file.missing.length > 0) {
    lines.push('', ctx.t('joining:review.missing', { items: missingItemsText(ctx, file.missing) }));
  }
  const button = (action: string, label: string, arg?: string): Choice[] => [
    { id: arg ? choiceId('join', action, arg) : choiceId('join', action), label: ctx.t(label) },
  ];
  const choices: Choice[][] = [];
  if (file.missing.length === 0) choices.push(button('send', 'joining:review.send'));
  choices.push(
    button('edit', 'joining:review.editDescription', 'description'),
    button('edit', 'joining:review.editAmount', 'amount'),
    button('edit', 'joining:review.editProblemDate', 'problemDate'),
    button('edit', 'joining:review.editPriorComplaintDate', 'priorComplaintDate'),
    button('edit', 'joining:review.addEvidence', 'evidence'),
    complaint.descriptionShared
      ? button('share', 'joining:review.unshare', 'no')
      : button('share', 'joining:review.share', 'yes'),
    button('abort', 'joining:review.cancel'),
  );
  return { text: lines.join('\n'), choices, expects: 'choice' };
}
