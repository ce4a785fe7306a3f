import type { Flow } from '../flow.ts';

/** `/aide`: every consumer command, one line each. */
export const helpFlow: Flow = {
  name: 'help',
  commands: ['aide'],
  async start(ctx) {
    return [{ text: ctx.t('account:help.text') }];
  },
};
