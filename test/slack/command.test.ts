import { describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { blockAction, FAKE_TEAM, nextTriggerId, slashCommand } from '../support/fake-slack.ts';
import { waitFor } from '../support/fake-telegram.ts';
import { ALICE, GABRIEL, MALLORY, settle, textOf, useSlackApp } from './harness.ts';
import { probeActions } from './probe-actions.ts';

const h = useSlackApp({ actions: probeActions });

const companies = (slug: string) => h.t.db.prisma.company.count({ where: { slug } });
const auditCount = () => h.t.db.prisma.auditEntry.count();

describe('/mediation, signed by Slack', () => {
  it('runs the action as the mediator, answers at once, and shows the result only to them', async () => {
    const answer = await h.command('create-company acme "Acme SA"');
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(3000);
    expect(await companies('acme')).toBe(1);
    const [reply] = answer.answers;
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: 'Entreprise « Acme SA » enregistrée.' });
    expect(textOf(reply)).toBe('Entreprise « Acme SA » enregistrée.');
    // Every mediator action is recorded with its author, workspace included.
    const entry = await h.t.db.prisma.auditEntry.findFirst({ where: { action: 'company.created' } });
    expect(entry?.actor).toBe(`mediator:slack:${FAKE_TEAM}:${ALICE.id}`);
  });

  it('answers « aide », and an empty command, with every action and how to type it', async () => {
    for (const text of ['aide', '']) {
      const help = textOf((await h.command(text)).answers[0]);
      expect(help).toContain(t('fr', 'slack:help.title'));
      expect(help).toContain('/mediation create-company <slug> <name>');
      expect(help).toContain('/mediation export-csv');
    }
  });

  it('explains an unknown action, a missing argument or an unclosed quote, and does nothing', async () => {
    const before = await auditCount();
    expect(textOf((await h.command('fly-away')).answers[0])).toBe(
      t('fr', 'slack:command.unknown', { name: 'fly-away', command: '/mediation' }),
    );
    const missing = textOf((await h.command('create-company solo')).answers[0]);
    expect(missing).toContain('/mediation create-company <slug> <name>');
    expect(textOf((await h.command('create-company x "Acme')).answers[0])).toBe(
      t('fr', 'slack:command.unclosedQuote'),
    );
    expect(await companies('solo')).toBe(0);
    expect(await auditCount()).toBe(before);
  });

  it('lets in the members of the mediators’ user group, asking Slack at most once a minute', async () => {
    const listed = h.fake.callsOf('usergroups.users.list').length;
    await h.command('create-company groupie Groupie', GABRIEL);
    await h.command('create-company groupie2 Groupie2', GABRIEL);
    expect(await companies('groupie')).toBe(1);
    expect(await companies('groupie2')).toBe(1);
    expect(h.fake.callsOf('usergroups.users.list').length - listed).toBe(1);
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'company.created', actor: { contains: GABRIEL.id } },
    });
    expect(entry?.actor).toBe(`mediator:slack:${FAKE_TEAM}:${GABRIEL.id}`);
  });

  it('politely refuses anyone else, and audits the attempt with their account and the action only', async () => {
    const answer = await h.command('create-company evil "Evil Corp"', MALLORY);
    expect(answer.status).toBe(200);
    expect(answer.answers[0]).toMatchObject({ response_type: 'ephemeral', text: t('fr', 'slack:refused') });
    expect(await companies('evil')).toBe(0);
    const entry = await h.t.db.prisma.auditEntry.findFirst({ where: { action: 'mediator.accessRefused' } });
    expect(entry).toMatchObject({
      actor: 'system:slack',
      details: { platformUserId: `slack:${FAKE_TEAM}:${MALLORY.id}`, attempted: 'command:create-company' },
    });
    expect(JSON.stringify(entry?.details)).not.toContain('Evil');
  });

  it('does an action once when Slack retries the same request (X-Slack-Retry-Num)', async () => {
    const responseUrl = h.fake.responseUrl('retried');
    const body = slashCommand({
      text: 'create-company twice Twice',
      user: ALICE,
      responseUrl,
      triggerId: nextTriggerId(),
    });
    const first = await h.post(body);
    const retries = await Promise.all([h.post(body, { retryNum: 1 }), h.post(body, { retryNum: 2 })]);
    expect([first, ...retries].map((response) => response.status)).toEqual([200, 200, 200]);
    await waitFor(() => h.fake.responsesTo('retried').length > 0);
    await settle();
    expect(await companies('twice')).toBe(1);
    expect(h.fake.responsesTo('retried')).toHaveLength(1);
    expect(await h.t.db.prisma.inboundUpdate.count({ where: { platform: 'SLACK' } })).toBeGreaterThan(0);
  });

  it('hands a CSV file to the mediator in a direct message', async () => {
    const answer = await h.command('export-csv', ALICE, 2);
    expect(textOf(answer.answers[0])).toBe('Export prêt.');
    expect(textOf(answer.answers[1])).toBe(
      t('fr', 'slack:file.sent', { count: 1, name: 'participants.csv' }),
    );
    expect(h.fake.callsOf('conversations.open').at(-1)?.args.users).toBe(ALICE.id);
    const [upload] = h.fake.uploads;
    expect(upload).toMatchObject({
      filename: 'participants.csv',
      content: 'numero;statut\n1;ADMIS\n2;REFUSE\n',
    });
    const completed = h.fake.callsOf('files.completeUploadExternal').at(-1);
    expect(completed?.args.channel_id).toBe('D0ALICE');
    expect(completed?.args.files).toEqual([{ id: upload?.fileId, title: 'participants.csv' }]);
  });

  it('answers a result too long for Slack in a few messages of at most 50 blocks, saying the rest was cut', async () => {
    const answer = await h.command('long-report', ALICE, 4);
    await settle();
    const messages = h.fake.responsesTo(answer.responseId);
    expect(messages).toHaveLength(4);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const block of message.blocks)
        expect([...(block.text?.text ?? '')].length).toBeLessThanOrEqual(3000);
    }
    expect(messages[3]?.blocks.at(-1).elements[0].text).toBe(t('fr', 'slack:truncated'));
  });
});

describe('an irreversible action', () => {
  const confirmButton = (message: Record<string, unknown> | undefined) => {
    const blocks = (message?.blocks ?? []) as {
      type: string;
      elements?: { action_id: string; value: string }[];
    }[];
    return blocks.flatMap((block) => block.elements ?? []).filter((element) => element.action_id);
  };

  it('asks for confirmation first, then runs when confirmed, in place of the question', async () => {
    const asked = await h.command('found-company final "Final SA"');
    expect(await companies('final')).toBe(0);
    expect(textOf(asked.answers[0])).toBe(
      t('fr', 'slack:confirm.question', { command: '/mediation found-company final "Final SA"' }),
    );
    const [yes, no] = confirmButton(asked.answers[0]);
    expect(yes?.action_id).toBe('mediation:confirm');
    expect(no?.action_id).toBe('mediation:dismiss');

    const pressed = await h.post(
      blockAction({
        actionId: 'mediation:confirm',
        value: yes?.value ?? '',
        user: ALICE,
        responseUrl: h.fake.responseUrl('confirmed'),
      }),
    );
    expect(pressed.status).toBe(200);
    const [done] = await waitFor(
      () => h.fake.responsesTo('confirmed').length > 0 && h.fake.responsesTo('confirmed'),
    );
    expect(done).toMatchObject({ replace_original: true, text: 'Entreprise « Final SA » enregistrée.' });
    expect(await companies('final')).toBe(1);
  });

  it('does nothing when dismissed, or when someone else than a mediator presses « Confirmer »', async () => {
    const asked = await h.command('found-company never Never');
    const [yes] = confirmButton(asked.answers[0]);
    await h.post(
      blockAction({
        actionId: 'mediation:dismiss',
        value: 'dismiss',
        user: ALICE,
        responseUrl: h.fake.responseUrl('dismissed'),
      }),
    );
    const [dismissed] = await waitFor(
      () => h.fake.responsesTo('dismissed').length > 0 && h.fake.responsesTo('dismissed'),
    );
    expect(dismissed).toMatchObject({ replace_original: true, text: t('fr', 'slack:confirm.cancelled') });

    await h.post(
      blockAction({
        actionId: 'mediation:confirm',
        value: yes?.value ?? '',
        user: MALLORY,
        responseUrl: h.fake.responseUrl('intruder'),
      }),
    );
    const [refused] = await waitFor(
      () => h.fake.responsesTo('intruder').length > 0 && h.fake.responsesTo('intruder'),
    );
    expect(refused).toMatchObject({ text: t('fr', 'slack:refused') });
    expect(await companies('never')).toBe(0);
    const entry = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(entry?.details).toEqual({
      platformUserId: `slack:${FAKE_TEAM}:${MALLORY.id}`,
      attempted: 'button:confirm:found-company',
    });
  });
});

describe('requests not signed by Slack', () => {
  it('get 401 and run nothing: forged, made with another secret, stale, or without the headers', async () => {
    const before = {
      audit: await auditCount(),
      calls: h.fake.calls.length,
      companies: await companies('forged'),
    };
    const body = slashCommand({
      text: 'create-company forged Forged',
      user: ALICE,
      responseUrl: h.fake.responseUrl('forged'),
    });
    const statuses = [
      (await h.post(body, { tamper: true })).status,
      (await h.post(body, { secret: 'anotherSecret0123456789abcdef00' })).status,
      (await h.post(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status,
      (await h.post(body, { omit: ['x-slack-signature'] })).status,
      (await h.post(body, { omit: ['x-slack-request-timestamp'] })).status,
      (
        await fetch(h.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        })
      ).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    await settle();
    expect(await companies('forged')).toBe(before.companies);
    expect(await auditCount()).toBe(before.audit);
    expect(h.fake.calls.length).toBe(before.calls);
    expect(h.fake.responsesTo('forged')).toEqual([]);
    expect(h.logs.filter((line) => line.msg === 'slack request refused').map((line) => line.why)).toContain(
      'stale timestamp',
    );
  });
});

describe('the logs', () => {
  it('hold no error from all of the above, and never the words typed after /mediation', () => {
    expect(h.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
    const everything = JSON.stringify(h.logs);
    for (const typed of ['Acme SA', 'Evil Corp', 'Final SA', 'numero;statut'])
      expect(everything).not.toContain(typed);
  });
});
