import type { Core } from '../../../core/core.ts';
import { personActor } from '../../../core/domain/actor.ts';
import { formatDateTime, formatList, formatMoney } from '../../../core/i18n/index.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { OutgoingFile } from '../types.ts';

type PersonData = Extract<Awaited<ReturnType<Core['exportPersonData']>>, { ok: true }>['value'];

/**
 * `/mesdonnees` (RGPD art. 15 and 20): a short summary in the chat, and everything as a JSON file, the
 * portable copy: a document on Telegram, an attachment on Discord, a saved file in the terminal (each
 * adapter hands over `Reply.file` its own way, like a vote's published list).
 */
export const exportFlow: Flow = {
  name: 'export',
  commands: ['mesdonnees'],

  async start(ctx) {
    const result = await ctx.core.exportPersonData(personActor(ctx.personId), {});
    if (!result.ok) return [{ text: ctx.explain(result.error) }];
    const data = result.value;
    return [
      { text: [summary(ctx, data), ...data.files.map((file) => fileSummary(ctx, file))].join('\n\n') },
      { text: ctx.t('account:export.json'), file: exportFile(data) },
    ];
  },
};

/** `mes-donnees-2026-03-02.json`: a safe name on any disk and app (see `OutgoingFile.name`). */
function exportFile(data: PersonData): OutgoingFile {
  return {
    name: `mes-donnees-${data.exportedAt.slice(0, 10)}.json`,
    mimeType: 'application/json',
    bytes: Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'),
  };
}

function summary(ctx: FlowContext, data: PersonData): string {
  return ctx.t('account:export.summary', {
    exportedAt: formatDateTime(data.exportedAt, ctx.locale),
    locale: data.person.locale
      ? ctx.t(`common:language.${data.person.locale}`)
      : ctx.t('account:export.noLocale'),
    identities:
      formatList(
        data.identities.map((identity) => ctx.t(`common:platform.${identity.platform}`)),
        ctx.locale,
      ) || ctx.t('account:export.none'),
    messages: data.messages.length,
    toMediators: data.messagesToMediators.length,
    files: data.files.length,
    auditEntries: data.auditEntries.length,
  });
}

function fileSummary(ctx: FlowContext, file: PersonData['files'][number]): string {
  const none = ctx.t('account:export.none');
  return ctx.t('account:export.file', {
    title: file.mediation.title[ctx.locale],
    status: file.status,
    amount: file.complaint.amountCents === null ? none : formatMoney(file.complaint.amountCents, ctx.locale),
    evidence: file.evidence.length,
    description: file.complaint.description ?? none,
  });
}
