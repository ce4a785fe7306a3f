import { personActor } from '../../../core/domain/actor.ts';
import { MAX_CONTACT_MESSAGE_LENGTH } from '../../../core/people/contact.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';

const max = MAX_CONTACT_MESSAGE_LENGTH;

/** `/contact`: one free-text message relayed to the mediators (`/contact <message>` sends it at once). */
export const contactFlow: Flow = {
  name: 'contact',
  commands: ['contact'],

  async start(ctx, args) {
    ctx.next('contact', 'message');
    if (args.trim()) return relay(ctx, args);
    return [{ text: ctx.t('account:contact.ask', { max }), expects: 'text' }];
  },

  async onInput(ctx, event) {
    if (event.type !== 'text') return [{ text: ctx.t('account:contact.textOnly'), expects: 'text' }];
    return relay(ctx, event.text);
  },
};

/** Checked here first, with the person's words, so a refusal is a second chance, not an error. */
async function relay(ctx: FlowContext, text: string): Promise<Reply[]> {
  const message = text.trim();
  if (!message) return [{ text: ctx.t('account:contact.empty'), expects: 'text' }];
  // The same count as the core's check (UTF-16 units), so both agree on the limit.
  if (message.length > max) {
    return [{ text: ctx.t('account:contact.tooLong', { length: message.length, max }), expects: 'text' }];
  }
  const result = await ctx.core.contactMediators(personActor(ctx.personId), { message });
  if (!result.ok) return [{ text: ctx.explain(result.error), expects: 'text' }];
  ctx.next(null);
  return [{ text: ctx.t('account:contact.sent') }];
}
