import { personActor } from '../../../core/domain/actor.ts';
import { checkText } from '../../../core/participants/free-text.ts';
import { MAX_CONTACT_MESSAGE_LENGTH } from '../../../core/people/relay.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Choice, Reply } from '../types.ts';
import { inLocale } from './mediation-views.ts';

const max = MAX_CONTACT_MESSAGE_LENGTH;

/** The choice « no file in particular »: a question about the service, a file not sent yet. */
const GENERAL = 'none';

/**
 * `/contact`: one free-text message relayed to the mediators, saying which of the person's files it is
 * about. With one file, that one; with several, the person picks (or « another subject ») first.
 * `/contact <message>` sends at once when there is nothing to pick, else keeps the words until they do.
 */
export const contactFlow: Flow = {
  name: 'contact',
  commands: ['contact'],

  async start(ctx, args) {
    const files = await ctx.core.query.myFiles({ personId: ctx.personId });
    const words = args.trim();
    if (files.length > 1) {
      ctx.next('contact', 'about', words ? { message: words } : {});
      const choices: Choice[][] = files.map((file) => [
        {
          id: choiceId('contact', 'about', file.participantId),
          label: inLocale(ctx.locale, file.mediation.title),
        },
      ]);
      choices.push([
        { id: choiceId('contact', 'about', GENERAL), label: ctx.t('account:contact.otherSubject') },
      ]);
      return [{ text: ctx.t('account:contact.which'), choices, expects: 'choice' }];
    }
    const about = files[0]?.participantId;
    ctx.next('contact', 'message', about ? { participantId: about } : {});
    if (words) return relay(ctx, words, about);
    return [{ text: ctx.t('account:contact.ask', { max }), expects: 'text' }];
  },

  async onChoice(ctx, action, [choice = '']) {
    if (action !== 'about') return [{ text: ctx.t('conversation:staleButton') }];
    const files = await ctx.core.query.myFiles({ personId: ctx.personId });
    const about = files.find((file) => file.participantId === choice)?.participantId;
    if (!about && choice !== GENERAL) return [{ text: ctx.t('conversation:staleButton') }];
    const waiting = ctx.state.flow === 'contact' ? ctx.state.data.message : undefined;
    ctx.next('contact', 'message', about ? { participantId: about } : {});
    if (typeof waiting === 'string') return relay(ctx, waiting, about);
    return [{ text: ctx.t('account:contact.ask', { max }), expects: 'text' }];
  },

  async onInput(ctx, event) {
    if (ctx.state.step === 'about') return [{ text: ctx.t('account:contact.pickFirst'), expects: 'choice' }];
    if (event.type !== 'text') return [{ text: ctx.t('account:contact.textOnly'), expects: 'text' }];
    const about = ctx.state.data.participantId;
    return relay(ctx, event.text, typeof about === 'string' ? about : undefined);
  },
};

/**
 * The person's words, checked here first like the core does (cleaned, not empty, not too long) so
 * that a refusal is a second chance to type, not an error.
 */
export function checkMessage(
  ctx: FlowContext,
  text: string,
): { ok: true; message: string } | { ok: false; reply: Reply } {
  const checked = checkText(text, 1, max);
  if (checked.ok) return { ok: true, message: checked.text };
  const reply =
    checked.reason === 'tooLong'
      ? ctx.t('account:contact.tooLong', { length: [...text.trim()].length, max })
      : ctx.t('account:contact.empty');
  return { ok: false, reply: { text: reply, expects: 'text' } };
}

async function relay(ctx: FlowContext, text: string, participantId: string | undefined): Promise<Reply[]> {
  const checked = checkMessage(ctx, text);
  if (!checked.ok) return [checked.reply];
  const result = await ctx.core.contactMediators(personActor(ctx.personId), {
    message: checked.message,
    ...(participantId ? { participantId } : {}),
  });
  if (!result.ok) return [{ text: ctx.explain(result.error), expects: 'text' }];
  ctx.next(null);
  return [{ text: ctx.t('account:contact.sent') }];
}
