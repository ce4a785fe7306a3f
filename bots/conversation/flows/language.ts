import { personActor } from '../../../core/domain/actor.ts';
import { isLocale, locales, t } from '../../../core/i18n/index.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow } from '../flow.ts';

/** `/langue`: each language is named in itself, so a person lost in the wrong one still finds theirs. */
export const languageFlow: Flow = {
  name: 'language',
  commands: ['langue'],

  async start(ctx) {
    return [
      {
        text: ctx.t('account:language.ask'),
        choices: [
          locales.map((locale) => ({
            id: choiceId('language', 'set', locale),
            label: t(locale, `common:language.${locale}`),
          })),
        ],
        expects: 'choice',
      },
    ];
  },

  async onChoice(ctx, action, [locale]) {
    if (action !== 'set' || !isLocale(locale)) return [{ text: ctx.t('conversation:staleButton') }];
    const result = await ctx.core.setLocale(personActor(ctx.personId), { locale });
    if (!result.ok) return [{ text: ctx.explain(result.error) }];
    // Confirmed in the language just chosen: the first proof that the change worked.
    return [{ text: t(locale, 'account:language.done') }];
  },
};
