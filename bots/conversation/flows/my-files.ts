import { renderNotification } from '../../../core/i18n/index.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Choice, Reply } from '../types.ts';
import { adhesionChoices } from './adhesion.ts';
import { inLocale } from './mediation-views.ts';
import { missingItemsText, moneyLine, type OwnFile } from './own-file.ts';
import { payoutChoices } from './payout.ts';

/** `/mesdossiers`: each of the person's files, its status, what is missing and what happens next. */
export const myFilesFlow: Flow = {
  name: 'myFiles',
  commands: ['mesdossiers'],
  async start(ctx) {
    const files = await ctx.core.query.myFiles({ personId: ctx.personId });
    if (files.length === 0) return [{ text: ctx.t('joining:myFiles.none') }];
    return [
      { text: ctx.t('joining:myFiles.heading', { count: files.length }) },
      ...files.map((file) => fileReply(ctx, file)),
    ];
  },
};

function fileReply(ctx: FlowContext, file: OwnFile): Reply {
  const title = inLocale(ctx.locale, file.mediation.title);
  const lines = [
    ctx.t('joining:myFiles.file', { title, status: ctx.t(`participants:status.${file.status}`) }),
  ];
  if (file.missing.length > 0) {
    lines.push(ctx.t('joining:myFiles.missing', { items: missingItemsText(ctx, file.missing) }));
  }
  const money = moneyLine(ctx, file);
  if (money) lines.push(money);
  // The next step's params are the same kinds a notification carries (money, dates, texts).
  lines.push(renderNotification(ctx.locale, { textKey: file.next.key, params: file.next.params }));
  const choices: Choice[][] = [];
  const stepName = file.next.key.split('.').pop();
  if (file.status === 'DRAFT' && stepName !== 'registrationClosed') {
    choices.push([
      {
        id: choiceId('join', 'resume', file.participantId),
        label: ctx.t('joining:myFiles.continue', { title }),
      },
    ]);
  }
  const voteId = file.next.refs.voteId;
  if (voteId && (stepName === 'voteOpen' || stepName === 'voteCast')) {
    const label = stepName === 'voteOpen' ? 'joining:myFiles.vote' : 'joining:myFiles.changeVote';
    choices.push([{ id: choiceId('vote', 'open', voteId), label: ctx.t(label, { title }) }]);
  }
  if (stepName === 'adhesionOpen') {
    // R612-4: the buttons sign here too, so the reminder of what signing means comes with them.
    const closesAt = file.next.params.closesAt;
    if (closesAt) {
      lines.push(
        '',
        renderNotification(ctx.locale, { textKey: 'rights:reminder.adhesion', params: { closesAt } }),
      );
    }
    choices.push(...adhesionChoices(ctx.t, file.mediation.id));
  }
  // While the money is awaited (sent, or a problem being settled), the answer is one tap away.
  const { payout } = file;
  if (payout && (payout.status === 'SENT' || payout.status === 'PROBLEM')) {
    choices.push(...payoutChoices(ctx.t, payout.id));
  }
  return choices.length > 0 ? { text: lines.join('\n'), choices } : { text: lines.join('\n') };
}
