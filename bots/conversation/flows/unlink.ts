import { personActor } from '../../../core/domain/actor.ts';
import { formatDateTime } from '../../../core/i18n/index.ts';
import { platformName } from '../../../core/people/platform-names.ts';
import { choiceId } from '../choice-id.ts';
import type { Flow, FlowContext } from '../flow.ts';
import type { Reply } from '../types.ts';

/**
 * `/delier`: undoes a `/lier` (core/people/unlinking.ts). Lists the person's accounts, offers the ones
 * this account may unlink (itself, or an account linked after it), then asks for a confirmation that
 * says what will happen to the files.
 */
export const unlinkFlow: Flow = {
  name: 'unlink',
  commands: ['delier'],

  async start(ctx) {
    const accounts = await accountsOf(ctx);
    if (accounts.length < 2) return [{ text: ctx.t('linking:unlink.none') }];
    const lines = accounts.map((account) =>
      account.isThisAccount
        ? ctx.t('linking:unlink.thisAccount', { platform: platformName(account.platform) })
        : ctx.t('linking:unlink.otherAccount', {
            platform: platformName(account.platform),
            joinedAt: formatDateTime(account.joinedAt, ctx.locale),
          }),
    );
    const choices = accounts
      .filter((account) => account.mayUnlink)
      .map((account) => [
        {
          id: choiceId('unlink', 'pick', account.identityId),
          label: account.isThisAccount
            ? ctx.t('linking:unlink.pickThis')
            : ctx.t('linking:unlink.pickOther', { platform: platformName(account.platform) }),
        },
      ]);
    return [
      {
        text: [ctx.t('linking:unlink.accounts'), ...lines, '', ctx.t('linking:unlink.choose')].join('\n'),
        choices: [...choices, [{ id: choiceId('unlink', 'keep'), label: ctx.t('linking:unlink.no') }]],
        expects: 'choice',
      },
    ];
  },

  async onChoice(ctx, action, [identityId = '']) {
    if (action === 'keep') return [{ text: ctx.t('linking:unlink.kept') }];
    const account = (await accountsOf(ctx)).find((candidate) => candidate.identityId === identityId);
    if (!account?.mayUnlink || (action !== 'pick' && action !== 'confirm')) {
      return [{ text: ctx.t('conversation:staleButton') }];
    }
    const platform = platformName(account.platform);
    if (action === 'pick') return confirmation(ctx, account.identityId, account.isThisAccount, platform);
    const result = await ctx.core.unlinkAccount(personActor(ctx.personId), {
      identityId: account.identityId,
      by: { platform: ctx.incoming.platform, externalId: ctx.incoming.userId },
      confirm: true,
    });
    if (!result.ok) return [{ text: ctx.explain(result.error) }];
    const { self, filesReturned } = result.value;
    if (self) ctx.forget();
    const lines = [ctx.t(self ? 'linking:unlink.doneThis' : 'linking:unlink.doneOther', { platform })];
    if (filesReturned > 0) lines.push(ctx.t('linking:unlink.filesReturned', { count: filesReturned }));
    return [{ text: lines.join('\n\n') }];
  },
};

async function accountsOf(ctx: FlowContext) {
  return ctx.core.query.linkedAccounts({
    personId: ctx.personId,
    by: { platform: ctx.incoming.platform, externalId: ctx.incoming.userId },
  });
}

function confirmation(ctx: FlowContext, identityId: string, self: boolean, platform: string): Reply[] {
  return [
    {
      text: ctx.t(self ? 'linking:unlink.confirmThis' : 'linking:unlink.confirmOther', { platform }),
      choices: [
        [
          { id: choiceId('unlink', 'confirm', identityId), label: ctx.t('linking:unlink.yes') },
          { id: choiceId('unlink', 'keep'), label: ctx.t('linking:unlink.no') },
        ],
      ],
      expects: 'choice',
    },
  ];
}
