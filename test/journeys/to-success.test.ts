import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { CONTACT_REPLY_ACTION } from '../../bots/slack/delivery-channel.ts';
import { t as text } from '../../core/i18n/index.ts';
import { ALICE, MALLORY, MEDIATORS_CHANNEL, useSlackApp } from '../slack/harness.ts';
import { MEDIATOR, mediationCommands } from '../slack/mediation-command.ts';
import { useTestCore } from '../support/core.ts';
import { blockAction, viewSubmission } from '../support/fake-slack.ts';
import { type FakePerson, waitFor } from '../support/fake-telegram.ts';
import { command, exchange, press, quiet, say, useTelegramBot } from '../telegram/harness.ts';
import { joinThroughTheChat, pdfBytes } from './consumer-on-telegram.ts';
import { journeyTeam } from './team.ts';

/**
 * A whole mediation carried to CLOSED_SUCCESS with nothing but what people have: three consumers on
 * Telegram (one in English), the mediators in Slack and with the admin command line, all on one
 * database. No test writes a row: every change comes from a chat message, a button, a slash command
 * or the command line, and each step is checked in the database, the audit log and what the fake
 * platforms received.
 */
const t = useTestCore({ checkAuditChain: true });
const tg = useTelegramBot({ flows: consumerFlows, core: t });
const sl = useSlackApp({ actions: mediatorActions, core: t });
const { mediation, confirmed, audited } = mediationCommands(sl);

const SLUG = 'frais-acme';
const NBSP = '\u00a0';
const eur = (text: string) => text.replace(' ', NBSP).replace(' €', `${NBSP}€`);

/** The consumers, their claim, and what 33,33 % capped at 300 € gives each: rounded down to the cent. */
const people = {
  anna: { lang: 'fr' as const, amount: '259,21', expected: 8639, shown: eur('86,39 €') },
  bruno: { lang: 'fr' as const, amount: '80', expected: 2666, shown: eur('26,66 €') },
  chloe: { lang: 'en' as const, amount: '1000', expected: 30000, shown: '€300.00' },
};
type Name = keyof typeof people;
const persons = {} as Record<Name, FakePerson>;
const files = {} as Record<Name, string>;
const payouts = {} as Record<Name, string>;
const proof = pdfBytes(1);

const { admin, deliver, postedToTeam } = journeyTeam(t, tg, sl);

/** Delivers, then returns what each of these people received meanwhile. */
async function deliverTo(...names: Name[]): Promise<Record<Name, string>> {
  const before = Object.fromEntries(names.map((name) => [name, persons[name].texts().length]));
  await deliver();
  const received = {} as Record<Name, string>;
  for (const name of names) {
    await waitFor(() => persons[name].texts().length > (before[name] ?? 0));
    await quiet(persons[name]);
    received[name] = persons[name].texts().slice(before[name]).join('\n---\n');
  }
  return received;
}

const payoutRow = (name: Name) => t.db.prisma.payout.findUniqueOrThrow({ where: { id: payouts[name] } });

describe('a mediation from the first message to its success, on Telegram, Slack and the command line', () => {
  it('is set up with the admin command line', async () => {
    await admin('create-company', 'acme', 'Acme SA');
    await admin(
      'create-mediation',
      SLUG,
      '--company',
      'acme',
      ...['--title-fr', 'Frais cachés Acme', '--title-en', 'Acme hidden fees'],
      ...['--summary-fr', 'Des frais facturés sans accord.', '--summary-en', 'Fees charged without consent.'],
      ...['--goal-fr', 'Le remboursement des frais.', '--goal-en', 'A refund of the fees.'],
      ...['--registration-closes-at', '2026-03-20'],
      ...['--question', 'Êtes-vous client·e d’Acme ? | Are you an Acme customer? | oui'],
    );
    expect(await admin('open-registration', SLUG)).toContain('Inscriptions ouvertes');
    const row = await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: SLUG } });
    expect(row).toMatchObject({ status: 'OPEN', createdBy: 'mediator:cli:camille' });
  });

  it('is joined by three consumers through the deep link, one in English with a proof file', async () => {
    const complaints = {
      anna: {
        description: 'Acme m’a facturé des frais de dossier cachés.',
        proof: { name: 'Facture Acme.pdf', bytes: proof },
      },
      bruno: { description: 'Des frais de 80 € prélevés sans mon accord.' },
      chloe: { description: 'Acme charged me fees I never agreed to.' },
    };
    for (const name of Object.keys(people) as Name[]) {
      const { lang, amount } = people[name];
      persons[name] = tg.fake.person({ languageCode: lang });
      const last = await joinThroughTheChat(tg.fake, persons[name], SLUG, {
        lang,
        amount,
        ...complaints[name],
      });
      expect(last).toContain(lang === 'fr' ? 'C’est envoyé' : 'Sent');
    }
    const sent = await t.db.prisma.participant.findMany({ where: { mediation: { slug: SLUG } } });
    expect(sent.map((file) => [file.status, file.amountCents]).sort()).toEqual(
      [
        ['SUBMITTED', 8000],
        ['SUBMITTED', 25921],
        ['SUBMITTED', 100000],
      ].sort(),
    );
    const evidence = await t.db.prisma.evidence.findMany();
    expect(evidence).toEqual([
      expect.objectContaining({ mimeType: 'application/pdf', fileName: 'Facture Acme.pdf' }),
    ]);
    // R612-2: each file received, its owner is told in their Telegram chat, in their language, that the
    // mediation is seized for them and that they may withdraw at any time; the 90 days start then.
    const received = await deliverTo('anna', 'bruno', 'chloe');
    expect(received.anna).toContain(
      'nous avons bien reçu votre dossier. La médiation est désormais saisie de votre demande',
    );
    expect(received.anna).toContain(
      'Vous pouvez vous retirer de la médiation à tout moment, sans frais, avec /retirer.',
    );
    expect(received.chloe).toContain('we have received your file. The mediation now handles your claim');
    expect((await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: SLUG } })).endsBy).not.toBeNull();
  }, 120_000);

  it('is reviewed in Slack by the files’ short ids; the proof reaches a mediator only, and every look is audited', async () => {
    const [listed] = await mediation(`participants ${SLUG}`);
    const shortIds = [...(listed ?? '').matchAll(/^([0-9a-f]{8}) — /gm)].map((match) => match[1] as string);
    expect(shortIds).toHaveLength(3);
    const rows = await t.db.prisma.participant.findMany({
      include: { person: { include: { identities: true } } },
    });
    for (const name of Object.keys(people) as Name[]) {
      const row = rows.find((file) =>
        file.person.identities.some((id) => id.externalId === String(persons[name].id)),
      );
      files[name] = row?.id ?? '';
      expect(shortIds).toContain(files[name].slice(0, 8));
    }
    const annaRef = files.anna.slice(0, 8);
    expect(listed).toContain(`${annaRef} — `);

    // Mallory is in the workspace, not a mediator: refused, and the attempt is audited.
    const uploadsBefore = sl.fake.uploads.length;
    const refused = await sl.command(`evidence ${annaRef}`, MALLORY);
    expect(refused.answers.map((answer) => answer.text)).toEqual([text('fr', 'slack:refused')]);
    const attempt = await t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(attempt?.details).toMatchObject({ attempted: 'command:evidence' });
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'evidence.viewed' } })).toBe(0);

    // Alice gets the proof in her direct messages, under the name Anna gave it.
    const [told, handed] = await mediation(`evidence ${annaRef}`, 2);
    expect(told).toBe(text('fr', 'mediator:evidence.done', { id: annaRef, count: 1 }));
    expect(handed).toBe(text('fr', 'slack:file.sent', { count: 1, name: 'Facture Acme.pdf' }));
    const upload = sl.fake.uploads[uploadsBefore];
    expect(upload?.filename).toBe('Facture Acme.pdf');
    expect(Buffer.from(upload?.bytes ?? []).equals(Buffer.from(proof))).toBe(true);
    expect(sl.fake.callsOf('files.completeUploadExternal').at(-1)?.args.channel_id).toBe('D0ALICE');
    expect(await audited('evidence.viewed')).toMatchObject({ subjectId: files.anna, details: { files: 1 } });

    // The command line writes it into a folder, named by the file's reference; that look is audited too.
    const folder = await mkdtemp(join(tmpdir(), 'proofs-'));
    expect(await admin('evidence', annaRef, '--out', folder)).toContain(
      join(folder, `${annaRef}-1-facture-acme.pdf`),
    );
    expect(await readdir(folder)).toEqual([`${annaRef}-1-facture-acme.pdf`]);
    expect(
      Buffer.from(await readFile(join(folder, `${annaRef}-1-facture-acme.pdf`))).equals(Buffer.from(proof)),
    ).toBe(true);
    const looks = await t.db.prisma.auditEntry.findMany({
      where: { action: 'evidence.viewed' },
      orderBy: { seq: 'asc' },
    });
    expect(looks.map((entry) => entry.actor)).toEqual([MEDIATOR, 'mediator:cli:camille']);

    for (const name of Object.keys(people) as Name[]) {
      const short = files[name].slice(0, 8);
      expect(await mediation(`admit ${short}`)).toEqual([text('fr', 'mediator:admit.done', { id: short })]);
    }
    expect((await deliverTo('anna', 'bruno', 'chloe')).chloe).toContain('Acme hidden fees');
  }, 60_000);

  it('negotiates in Slack: a share of each claim, capped; each voter sees their own amount on the card', async () => {
    await confirmed(`close-registration ${SLUG}`);
    await confirmed(`invite-company ${SLUG}`);
    await mediation(
      `record-offer ${SLUG} --terms-fr "Remboursement d’un tiers des frais" --terms-en "A third of the fees refunded" --percent "33,33 %" --cap 300`,
    );
    await confirmed(`open-vote ${SLUG} 2026-03-09T18:00`);
    await deliverTo('anna', 'bruno', 'chloe');
    for (const name of Object.keys(people) as Name[]) {
      const { lang, shown } = people[name];
      const card = await command(persons[name], '/voter');
      expect(card).toContain(text(lang, 'agreement:chat.compensation.VOTING', { amount: shown }));
      expect(await press(persons[name], text(lang, 'common:ballotChoice.ACCEPT'))).toContain(
        lang === 'fr' ? 'C’est noté' : 'Done',
      );
    }
    expect(await confirmed(`close-vote ${SLUG}`)).toContain(
      `3 pour sur 3 votant·es possibles, soit 100${NBSP}% (il en fallait au moins 75${NBSP}%)`,
    );
    expect(await confirmed(`open-adhesion ${SLUG} 2026-03-16T18:00`)).toContain('3 participant·es');
  }, 60_000);

  it('is signed in the chat, each adherent told their own amount; the command line closes the signing', async () => {
    const asked = await deliverTo('anna', 'bruno', 'chloe');
    for (const name of Object.keys(people) as Name[]) {
      const { lang, shown } = people[name];
      expect(asked[name]).toContain(
        lang === 'fr' ? `Votre indemnisation${NBSP}: ${shown}.` : `Your compensation: ${shown}.`,
      );
      expect(await press(persons[name], text(lang, 'account:adhesion.adhere'))).toContain(
        lang === 'fr' ? 'vous adhérez' : 'you adhere',
      );
    }
    expect(await admin('close-adhesion', SLUG, '--yes')).toContain('3 adhésions');
    const created = await t.db.prisma.payout.findMany({ include: { participant: true } });
    for (const name of Object.keys(people) as Name[]) {
      const payout = created.find((row) => row.participantId === files[name]);
      // What each one was shown is what they are paid, to the cent.
      expect(payout?.amountCents, name).toBe(people[name].expected);
      payouts[name] = payout?.id ?? '';
    }
    const listed = await admin('payouts', SLUG);
    for (const name of Object.keys(people) as Name[]) expect(listed).toContain(payouts[name].slice(0, 8));
  });

  it('pays: the mediator marks each payout sent, the adherents confirm with a button, one reports a problem first', async () => {
    for (const name of Object.keys(people) as Name[]) {
      await mediation(`mark-payout-sent ${payouts[name].slice(0, 8)}`);
    }
    const told = await deliverTo('anna', 'bruno', 'chloe');
    expect(told.anna).toContain(`le versement de votre indemnisation, ${people.anna.shown}, a été envoyé`);
    expect(told.chloe).toContain(`your compensation of ${people.chloe.shown} has been sent`);

    // Anna confirms from the notice; pressing again changes nothing.
    expect(await press(persons.anna, text('fr', 'agreement:chat.received'))).toContain(
      text('fr', 'agreement:chat.confirmed'),
    );
    expect(await press(persons.anna, text('fr', 'agreement:chat.received'))).toContain(
      text('fr', 'agreement:chat.alreadyConfirmed'),
    );
    expect(
      await t.db.prisma.auditEntry.count({ where: { action: 'payout.confirmed', subjectId: payouts.anna } }),
    ).toBe(1);

    // Chloé presses a button carrying Anna's payout (forged): not hers, not found, nothing changes.
    const annaBefore = await payoutRow('anna');
    const forged = await exchange(persons.chloe, () => persons.chloe.press(`payout:confirm:${payouts.anna}`));
    expect(forged).toContain(text('en', 'agreement:errors.payoutNotFound'));
    expect(await payoutRow('anna')).toEqual(annaBefore);
    expect((await payoutRow('chloe')).status).toBe('SENT');
    expect(await t.db.prisma.auditEntry.count({ where: { action: 'payout.confirmed' } })).toBe(1);

    // Bruno got 20 € only: he says so, the team reads it in Slack with the mediation, file and payout.
    expect(await press(persons.bruno, text('fr', 'agreement:chat.reportProblem'))).toContain(
      'Que se passe-t-il',
    );
    expect(await say(persons.bruno, 'Je n’ai reçu que 20 € sur mon compte.')).toContain(
      text('fr', 'agreement:chat.problemSent'),
    );
    expect((await payoutRow('bruno')).status).toBe('PROBLEM');
    const teamBefore = postedToTeam().length;
    await deliver();
    const alert = await waitFor(() =>
      postedToTeam()
        .slice(teamBefore)
        .find((call) => String(call.args.text).includes('Je n’ai reçu que 20 €')),
    );
    expect(alert.args.text).toContain(`(${SLUG})`);
    expect(alert.args.text).toContain(`versement ${payouts.bruno.slice(0, 8)}`);
    expect(alert.args.text).toContain(`dossier ${files.bruno.slice(0, 8)}`);
    const reply = (alert.args.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === CONTACT_REPLY_ACTION);
    expect(reply).toBeDefined();

    // Alice answers with « Répondre »; Bruno reads it in Telegram.
    const opened = sl.fake.callsOf('views.open').length;
    await sl.post(
      blockAction({
        actionId: CONTACT_REPLY_ACTION,
        value: reply?.value ?? '',
        user: ALICE,
        responseUrl: sl.fake.responseUrl(),
        channelId: MEDIATORS_CHANNEL,
        messageTs: '1700000099.000100',
      }),
    );
    const modal = await waitFor(() => sl.fake.callsOf('views.open')[opened]);
    const answer = 'Acme renvoie les 6,66 € manquants cette semaine.';
    await sl.post(
      viewSubmission({
        callbackId: 'contact:reply',
        privateMetadata: modal.args.view.private_metadata,
        values: { answer: { message: answer } },
        user: ALICE,
      }),
    );
    await waitFor(() => t.db.prisma.outboxMessage.findFirst({ where: { kind: 'contactAnswer' } }));
    expect((await deliverTo('bruno')).bruno).toContain(answer);
    expect(await audited('person.contactAnswered')).toMatchObject({ details: { messageId: reply?.value } });

    // Settled with the company: the command line marks it sent again, and Bruno confirms.
    await admin('mark-payout-sent', payouts.bruno.slice(0, 8));
    expect((await deliverTo('bruno')).bruno).toContain('a été envoyé');
    expect(await press(persons.bruno, text('fr', 'agreement:chat.received'))).toContain(
      text('fr', 'agreement:chat.confirmed'),
    );
    expect(await press(persons.chloe, text('en', 'agreement:chat.received'))).toContain(
      text('en', 'agreement:chat.confirmed'),
    );
    for (const name of Object.keys(people) as Name[])
      expect((await payoutRow(name)).status).toBe('CONFIRMED');
  }, 90_000);

  it('is closed as a success by a mediator once told every payout is confirmed; everyone is told', async () => {
    const teamBefore = postedToTeam().length;
    await deliver();
    const ready = await waitFor(() =>
      postedToTeam()
        .slice(teamBefore)
        .find((call) => String(call.args.text).includes(`close-succeeded ${SLUG}`)),
    );
    expect(ready.args.text).toContain('les 3 adhérent·es ont confirmé');
    expect((await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: SLUG } })).status).toBe(
      'EXECUTION',
    );

    expect(await confirmed(`close-succeeded ${SLUG}`)).toBe(
      text('fr', 'mediator:closeSucceeded.done', { title: 'Frais cachés Acme' }),
    );
    expect(await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: SLUG } })).toMatchObject({
      status: 'CLOSED_SUCCESS',
      closingReason: 'all_payouts_confirmed',
    });
    expect((await audited('mediation.status'))?.details).toMatchObject({
      from: 'EXECUTION',
      to: 'CLOSED_SUCCESS',
    });
    const closing = await deliverTo('anna', 'bruno', 'chloe');
    expect(closing.anna).toContain('toutes les indemnisations ont été versées');
    expect(closing.chloe).toContain('Acme hidden fees');
    const mine = await command(persons.anna, '/mesdossiers');
    expect(mine).toContain(text('fr', 'agreement:chat.payout.CONFIRMED', { amount: people.anna.shown }));
  });
});
