import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MediatorAction } from '../../bots/mediator/action.ts';
import { SUBMISSION_BUDGET_MS } from '../../bots/slack/modals/register.ts';
import { t } from '../../core/i18n/index.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, useSlackApp } from './harness.ts';
import { submitForm, viewText } from './surfaces.ts';

/** An annual report that takes longer than Slack waits for a submission's answer. */
const slowReport: MediatorAction = {
  name: 'annual-report',
  summaryKey: 'slack:help.title',
  args: z.object({ year: z.string().optional() }),
  positional: ['year'],
  async run() {
    await new Promise((resolve) => setTimeout(resolve, SUBMISSION_BUDGET_MS + 700));
    return { ok: true, text: 'Rapport prêt.', data: null };
  },
};

const h = useSlackApp({ actions: [slowReport] });

describe('a form whose action is slow', () => {
  it('is answered within Slack’s 3 seconds with « en cours », then shows the result in the same modal', async () => {
    const sent = await submitForm(h, {
      callbackId: 'form:annual-report',
      privateMetadata: JSON.stringify({ o: 'command' }),
      values: { year: '2026' },
      user: ALICE,
    });
    expect(sent.ms).toBeLessThan(3000);
    expect(sent.answer.response_action).toBe('update');
    expect(viewText(sent.answer.view)).toBe(t('fr', 'slack:modal.working'));
    const update = await waitFor(() => h.fake.callsOf('views.update')[0], 5000);
    expect(viewText(update.args.view)).toBe('Rapport prêt.');
  });
});
