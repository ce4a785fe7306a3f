import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChoiceMenu } from '../../bots/console/choice-menu.ts';
import { consoleChannel } from '../../bots/console/console-channel.ts';
import { choiceId } from '../../bots/conversation/choice-id.ts';
import { type Conversation, createConversation } from '../../bots/conversation/engine.ts';
import type { Flow } from '../../bots/conversation/flow.ts';
import { notificationChoices } from '../../bots/conversation/notification-choices.ts';
import type { Incoming } from '../../bots/conversation/types.ts';
import { t as text } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { pipeLines } from './terminal-driver.ts';

const t = useTestCore();

/** A stand-in flow: the terminal's job is to turn lines into the right events, whatever the flow says. */
const tryFlow: Flow = {
  name: 'try',
  commands: ['essai', 'montant'],
  async start(ctx) {
    if (ctx.incoming.event.type === 'command' && ctx.incoming.event.name === 'montant') {
      ctx.next('try', 'amount');
      return [
        {
          text: 'Quel montant ?',
          choices: [[{ id: choiceId('try', 'cancel'), label: 'Annuler' }]],
          expects: 'text',
        },
      ];
    }
    ctx.next('try', 'menu');
    return [
      {
        text: 'Que choisissez-vous ?',
        choices: [
          [
            { id: choiceId('try', 'pick', 'a'), label: 'Pomme' },
            { id: choiceId('try', 'pick', 'b'), label: 'Poire' },
          ],
          [{ id: choiceId('try', 'pick', 'c'), label: 'Cerise' }],
        ],
        expects: 'choice',
      },
    ];
  },
  async onChoice(ctx, action, args) {
    ctx.next(null, null, { [action]: args[0] ?? true });
    return [{ text: `Choix reçu : ${action} ${args.join(' ')}` }];
  },
  async onInput(ctx, event) {
    ctx.next(null);
    if (event.type === 'file')
      return [{ text: `Fichier reçu : ${event.file.fileName} (${event.file.bytes.byteLength} octets)` }];
    return [{ text: `Réponse reçue : ${event.text}` }];
  },
};

const conversation = () => createConversation(t.core, [tryFlow]);

async function terminalState() {
  return t.db.prisma.conversationState.findUnique({
    where: { platform_externalId: { platform: 'CONSOLE', externalId: 'terminal' } },
  });
}

describe('the terminal chat', () => {
  it('numbers the choices across rows and sends the one whose number is typed', async () => {
    const { text, ended } = await pipeLines(['/essai', '3'], { conversation: conversation() });
    expect(ended).toBe('end');
    expect(text).toContain('Que choisissez-vous ?\n  1. Pomme\n  2. Poire\n  3. Cerise\n');
    expect(text).toContain('Tapez le numéro de votre choix');
    expect(text).toContain('Choix reçu : pick c');
    expect((await terminalState())?.data).toEqual({ pick: 'c' });
    const identity = await t.db.prisma.platformIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'CONSOLE', externalId: 'terminal' } },
    });
    expect(identity.chatId).toBe('terminal');
  });

  it('answers a number that matches no choice kindly, and sends nothing', async () => {
    const { text } = await pipeLines(['/essai', '7', '0'], { conversation: conversation() });
    expect(text).toContain('Il n’y a pas de choix numéro 7\u00a0:');
    expect(text).toContain('tapez un numéro entre 1 et 3.');
    expect(text).toContain('Il n’y a pas de choix numéro 0');
    expect(text).not.toContain('Choix reçu');
    expect(await terminalState()).toMatchObject({ flow: 'try', step: 'menu' });
  });

  it('takes a bare number as the answer while free text is awaited, and #1 as the first choice', async () => {
    const { text } = await pipeLines(['/montant', '50', '/montant', '#1'], { conversation: conversation() });
    expect(text).toContain('Quel montant ?\n  1. Annuler\nTapez votre réponse, ou # suivi du numéro');
    expect(text).toContain('Réponse reçue : 50');
    expect(text).toContain('Choix reçu : cancel');
    expect((await terminalState())?.data).toEqual({ cancel: true });
  });

  it('passes other lines on as text, and commands with their arguments', async () => {
    const { text } = await pipeLines(['bonjour', '/inconnue', '   '], { conversation: conversation() });
    expect(text).toContain('Je n’attends pas de réponse de votre part en ce moment.');
    expect(text).toContain('Je ne connais pas cette commande.');
    // The blank line is not sent: two answers, two hints.
    expect(text.match(/Tapez une commande, par exemple/g)).toHaveLength(2);
  });

  it('sends a local file as evidence, after checking its size and before reading it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clf-terminal-'));
    await writeFile(join(dir, 'facture mars.pdf'), Buffer.from('%PDF-1.4\n%%EOF\n'));
    await writeFile(join(dir, 'enorme.pdf'), Buffer.alloc(1024 * 1024 + 1));
    const { text } = await pipeLines(
      ['/montant', 'fichier "facture mars.pdf"', 'file enorme.pdf', 'fichier absent.pdf', `fichier ${dir}`],
      { conversation: conversation(), maxEvidenceBytes: 1024 * 1024, cwd: dir },
    );
    expect(text).toContain('Fichier reçu : facture mars.pdf (15 octets)');
    expect(text).toContain('Ce fichier dépasse 1\u00a0Mo');
    expect(text).toContain('Je ne trouve pas le fichier «\u00a0absent.pdf\u00a0»');
    expect(text).toContain('est un dossier, pas un fichier');
  });

  it('lets a typed number answer the buttons of a notification printed meanwhile', async () => {
    const menu = createChoiceMenu();
    const printed: string[] = [];
    const channel = consoleChannel({
      menu,
      write: (text) => printed.push(text),
      choicesOf: (message) => [
        [
          { id: choiceId('try', 'vote', message.payload.refs.voteId ?? ''), label: 'Accepter' },
          { id: choiceId('try', 'vote', 'refuse'), label: 'Refuser' },
        ],
      ],
    });
    await channel.deliver({
      outboxId: 'o1',
      kind: 'voteOpened',
      audience: 'person',
      chatId: 'terminal',
      locale: 'fr',
      payload: { textKey: 'console:hint.command', params: {}, refs: { voteId: 'v1' } },
      attempt: 1,
    });
    expect(printed.join('')).toContain(
      'Message pour vous ──\nTapez une commande, par exemple /start ou /aide.\n  1. Accepter\n  2. Refuser\n',
    );
    const { text } = await pipeLines(['1'], { conversation: conversation(), menu });
    expect(text).toContain('Choix reçu : vote v1');
  });

  it('numbers the ballot buttons of a vote notification, so typing 1 casts that choice', async () => {
    const menu = createChoiceMenu();
    const printed: string[] = [];
    await consoleChannel({ menu, write: (text) => printed.push(text) }).deliver({
      outboxId: 'o2',
      kind: 'voteOpened',
      audience: 'person',
      chatId: 'terminal',
      locale: 'fr',
      payload: {
        textKey: 'votes:notify.voteOpened',
        params: {
          title: 'RED by SFR',
          round: 1,
          terms: '50 €',
          base: 'ELECTORATE',
          thresholdPercent: 75,
          closesAt: '1 mai',
        },
        refs: { voteId: '6f1c2a9e-0000-4000-8000-000000000001' },
      },
      attempt: 1,
    });
    const ballot = notificationChoices(
      'voteOpened',
      { voteId: '6f1c2a9e-0000-4000-8000-000000000001' },
      'fr',
    );
    const labels = ballot.flat().map((choice, index) => `  ${index + 1}. ${choice.label}`);
    expect(labels.length).toBeGreaterThan(1);
    expect(printed.join('')).toContain(`${labels.join('\n')}\n${text('fr', 'console:hint.choice')}`);
    const sent: string[] = [];
    const recording: Conversation = {
      async handle(incoming) {
        if (incoming.event.type === 'choice') sent.push(incoming.event.id);
        return [{ text: 'ok' }];
      },
    };
    await pipeLines(['1'], { conversation: recording, menu });
    expect(sent).toEqual([ballot[0]?.[0]?.id]);
  });

  it("prints the mediators' notifications without numbers: their buttons are not the consumer's", async () => {
    const menu = createChoiceMenu();
    const printed: string[] = [];
    await consoleChannel({ menu, write: (text) => printed.push(text) }).deliver({
      outboxId: 'o3',
      kind: 'voteOpened',
      audience: 'mediators',
      chatId: 'terminal',
      locale: 'fr',
      payload: { textKey: 'console:hint.command', params: {}, refs: { voteId: 'v1' } },
      attempt: 1,
    });
    expect(printed.join('')).toContain('Message pour l’équipe de médiation');
    expect(printed.join('')).not.toContain('  1. ');
    expect(menu.size).toBe(0);
  });

  it('handles piped lines one at a time, in order, each after the previous answer', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const seen: string[] = [];
    const slow: Conversation = {
      async handle(incoming: Incoming) {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(incoming.event.type === 'text' ? incoming.event.text : incoming.event.type);
        running--;
        return [{ text: 'ok' }];
      },
    };
    await pipeLines(['un', 'deux', 'trois', 'quatre'], { conversation: slow });
    expect(seen).toEqual(['un', 'deux', 'trois', 'quatre']);
    expect(mostAtOnce).toBe(1);
  });
});
