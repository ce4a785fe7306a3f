import { expect } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { blockAction, FAKE_TEAM } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, type SlackHarness, textOf } from './harness.ts';

/** Alice as the audit log names her: every action she runs through Slack is recorded under this. */
export const MEDIATOR = `mediator:slack:${FAKE_TEAM}:${ALICE.id}`;

/**
 * Alice typing `/mediation <action>` in a test file's Slack app: the plain commands, the irreversible
 * ones through their confirmation buttons, and the audit entry each leaves.
 */
export function mediationCommands(h: SlackHarness) {
  let presses = 0;
  const auditCount = () => h.t.db.prisma.auditEntry.count();

  /** Types `/mediation <text>` as Alice; returns the text of each answer, all shown only to her. */
  async function mediation(text: string, answers = 1): Promise<string[]> {
    const answer = await h.command(text, ALICE, answers);
    expect(answer.status).toBe(200);
    for (const message of answer.answers) expect(message.response_type).toBe('ephemeral');
    return answer.answers.map(textOf);
  }

  /**
   * An irreversible action: Slack first shows the question with « Confirmer » / « Annuler » and nothing
   * is done; pressing « Confirmer » runs it and replaces the question with the result's text.
   */
  async function confirmed(text: string): Promise<string> {
    const before = await auditCount();
    const asked = await h.command(text);
    const question = asked.answers[0];
    expect(textOf(question)).toBe(t('fr', 'slack:confirm.question', { command: `/mediation ${text}` }));
    const buttons = ((question?.blocks ?? []) as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .filter((element) => element.action_id);
    expect(buttons.map((button) => button.action_id)).toEqual(['mediation:confirm', 'mediation:dismiss']);
    expect(await auditCount()).toBe(before);

    const id = `confirm-${++presses}`;
    const pressed = await h.post(
      blockAction({
        actionId: 'mediation:confirm',
        value: buttons[0]?.value ?? '',
        user: ALICE,
        responseUrl: h.fake.responseUrl(id),
      }),
    );
    expect(pressed.status).toBe(200);
    const [done] = await waitFor(() => h.fake.responsesTo(id).length > 0 && h.fake.responsesTo(id));
    expect(done).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    return textOf(done);
  }

  /** The latest audit entry of `action`, which must be Alice's own. */
  async function audited(action: string) {
    const entry = await h.t.db.prisma.auditEntry.findFirst({ where: { action }, orderBy: { seq: 'desc' } });
    expect(entry?.actor).toBe(MEDIATOR);
    return entry;
  }

  return { mediation, confirmed, audited, auditCount };
}
