import { beforeAll, describe, expect, it } from 'vitest';
import { adminInTerminal } from '../../bots/admin/in-terminal.ts';
import { terminalLocale } from '../../bots/console/terminal-locale.ts';
import { createConversation } from '../../bots/conversation/engine.ts';
import { consumerFlows } from '../../bots/conversation/flows/index.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { useTestCore } from '../support/core.ts';
import { pipeLines } from './terminal-driver.ts';

const t = useTestCore();
beforeAll(async () => {
  await seedDemoData(t.db, t.clock);
});

// As `npm start` wires it: the same language as the chat's.
const localeOf = () => terminalLocale(t.core, 'fr');
const admin = () => adminInTerminal(t.core, { localeOf: localeOf(), env: { USER: 'newcomer' } });
const redBySfr = () => t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'red-by-sfr' } });

describe('playing the mediator in the terminal chat', () => {
  it('runs a mediator action on the database the chat uses, next to the consumer commands', async () => {
    const { text } = await pipeLines(
      [
        '/admin list',
        '/admin close-registration red-by-sfr',
        '/admin close-registration red-by-sfr --yes --as camille',
        '/mediations',
      ],
      { conversation: createConversation(t.core, consumerFlows), admin: admin() },
    );
    // The list, then a refusal to act without --yes (nobody can be asked in the middle of the chat).
    expect(text).toContain('red-by-sfr — Frais supplémentaires avec RED by SFR');
    expect(text).toContain('--yes');
    // Done with --yes, by the name given, and the consumer side sees it at once.
    expect((await redBySfr()).status).toBe('REGISTRATION_CLOSED');
    const [entry] = await t.db.prisma.auditEntry.findMany({
      where: { mediationId: (await redBySfr()).id, action: 'mediation.status' },
      orderBy: { seq: 'desc' },
      take: 1,
    });
    expect(entry?.actor).toBe('mediator:cli:camille');
    const list = text.slice(text.lastIndexOf('Médiations ouvertes'));
    expect(list).toContain('Abonnement non consenti avec l’assurance SFAM');
    expect(list).not.toContain('RED by SFR');
  });

  it('gives the help as it is typed here', async () => {
    const help = await admin()('');
    expect(help).toContain('/admin <action>');
    expect(help).not.toContain('npm run admin');
  });

  it('explains a quote left open instead of guessing', async () => {
    expect(await admin()('broadcast red-by-sfr "Bonjour à tous')).toBe(
      'Un guillemet n’est pas refermé. Vérifiez la commande et tapez-la de nouveau.',
    );
  });
  // Last: the choice stays with the terminal's account.
  it('speaks the language chosen with /langue, as the chat does', async () => {
    const { text } = await pipeLines(['/admin list', '/langue', 'english', '/admin list'], {
      conversation: createConversation(t.core, consumerFlows),
      admin: admin(),
      localeOf: localeOf(),
    });
    const [before, after] = text.split('Done: I will write to you in English');
    expect(before).toContain('dossiers acceptés');
    expect(before).not.toContain('files admitted');
    expect(after).toContain('files admitted');
    expect(after).not.toContain('dossiers acceptés');
  });
});
