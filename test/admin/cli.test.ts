import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../../bots/admin/admin-cli.ts';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { seedDemoData } from '../../core/db/seed.ts';
import { t as translate } from '../../core/i18n/index.ts';
import { useTestCore } from '../support/core.ts';
import { parseCsv } from '../support/csv.ts';
import { emptyAllTables } from '../support/database.ts';
import { runCli } from './support.ts';

const t = useTestCore();
const dir = mkdtempSync(join(tmpdir(), 'clf-admin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  await emptyAllTables(t.db);
  await seedDemoData(t.db, t.clock);
});

const status = async (slug: string) =>
  (await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug } })).status;

describe('help', () => {
  it('--help lists every action with its summary, and how to write arguments', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(exitCodes.ok);
    for (const action of mediatorActions) {
      expect(run.stdout).toContain(`  ${action.name} `);
      expect(run.stdout).toContain(translate('fr', action.summaryKey));
    }
    expect(run.stdout).toContain('2026-03-20T18:00, heure de Paris');
    expect(run.stdout).toMatch(/close-vote +Clore le vote .* \*\n/);
    expect(run.opened).toBe(false);
    const nothing = await runCli([]);
    expect(nothing).toMatchObject({ code: exitCodes.usage, stdout: run.stdout });
    expect((await runCli(['--help', '--lang', 'en'])).stdout).toContain('Dashboard: every mediation');
  });

  it('answers in the language the .env file sets, unless --lang says otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clf-admin-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'DEFAULT_LOCALE=en\n');
      expect((await runCli(['--help'], { cwd: dir })).stdout).toContain('Dashboard: every mediation');
      expect((await runCli(['--help', '--lang', 'fr'], { cwd: dir })).stdout).not.toContain('Dashboard');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('<action> --help shows its usage and each argument', async () => {
    const run = await runCli(['record-offer', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Utilisation\u00a0: npm run admin -- record-offer <mediation> --terms-fr <terms-fr> --terms-en <terms-en> [--fixed <fixed>] [--percent <percent>] [--cap <cap>] [--min-adhesions <min-adhesions>]',
    );
    expect(run.stdout).toContain(
      '--fixed          montant fixe par adhérent·e, en euros\u00a0: 50 ou 12,50 (facultatif)',
    );
    const create = await runCli(['create-mediation', '-h']);
    expect(create.stdout).toContain('[--question <question>…]');
    expect(create.stdout).toContain('(facultatif, peut être répété)');
    expect((await runCli(['cancel', '--help'])).stdout).toContain('Action irréversible');
  });
});

describe('mistakes in the command', () => {
  it('are answered at once, in one line, with exit code 2, before the database is opened', async () => {
    const cases: [string[], string][] = [
      [
        ['open-votes'],
        'Action inconnue\u00a0: «\u00a0open-votes\u00a0». Tapez npm run admin -- --help pour voir la liste.',
      ],
      [['show', 'red-by-sfr', '--colour', 'red'], '«\u00a0show\u00a0» n’a pas d’option --colour.'],
      [
        ['show', 'red-by-sfr', 'sfam'],
        'Trop d’arguments pour «\u00a0show\u00a0»\u00a0: «\u00a0sfam\u00a0» n’est attendu nulle part.',
      ],
      [['show', '--mediation'], 'L’option --mediation attend une valeur.'],
      [['show', 'red-by-sfr', '--mediation', 'sfam'], '«\u00a0mediation\u00a0» est donné plusieurs fois'],
      [['list', '--lang', 'de'], 'Langue inconnue\u00a0: «\u00a0de\u00a0». Choisissez fr ou en.'],
      [
        ['open-vote', 'red-by-sfr', 'bientôt'],
        '«\u00a0closes-at\u00a0» ne convient pas\u00a0: une date est attendue',
      ],
      [['list', '--as', 'Jean Dupont'], 'Nom invalide pour --as'],
    ];
    for (const [words, message] of cases) {
      const run = await runCli(words, { core: t });
      expect(run.code, words.join(' ')).toBe(exitCodes.usage);
      expect(run.stderr, words.join(' ')).toContain(message);
      expect(run.stderr.trim().split('\n'), words.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
      expect(run.opened).toBe(false);
    }
    const invalid = await runCli(['open-vote', 'red-by-sfr', 'bientôt'], { core: t });
    expect(invalid.stderr).toContain('Voir\u00a0: npm run admin -- open-vote --help');
  });
});

describe('running an action', () => {
  it('prints readable French, or English with --lang en, or JSON with --json', async () => {
    const fr = await runCli(['show', 'red-by-sfr'], { core: t });
    expect(fr).toMatchObject({ code: 0, stderr: '' });
    expect(fr.stdout).toContain('Frais supplémentaires avec RED by SFR (red-by-sfr)\nIdentifiant\u00a0: ');
    const en = await runCli(['show', 'red-by-sfr', '--lang', 'en'], { core: t });
    expect(en.stdout).toContain('Status: open for registration');
    const json = await runCli(['list', '--json'], { core: t });
    const parsed = JSON.parse(json.stdout) as { ok: boolean; data: { slug: string; status: string }[] };
    expect(parsed.ok).toBe(true);
    expect(parsed.data.map((m) => m.slug).sort()).toEqual([
      'instagram-fausses-publicites',
      'kuvera',
      'prepaid-financial-services',
      'red-by-sfr',
      'sfam',
    ]);
  });

  it('exits 1 with the reason when the core refuses, as JSON too', async () => {
    const run = await runCli(['invite-company', 'sfam', '--yes'], { core: t });
    expect(run.code).toBe(exitCodes.refused);
    expect(run.stderr).toContain('la médiation est «\u00a0inscriptions ouvertes\u00a0»');
    const json = await runCli(['show', 'nowhere', '--json'], { core: t });
    expect(json.code).toBe(exitCodes.refused);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', messageKey: 'mediator:errors.mediationNotFound' },
    });
  });

  it('asks before an irreversible action, and refuses to guess without a terminal', async () => {
    const args = ['cancel', 'kuvera', 'Doublon de la médiation SFAM'];
    const piped = await runCli(args, { core: t });
    expect(piped.code).toBe(exitCodes.usage);
    expect(piped.stderr).toContain(
      '«\u00a0cancel\u00a0» est irréversible\u00a0: ajoutez --yes pour confirmer',
    );
    expect(piped.opened).toBe(false);
    const no = await runCli(args, { core: t, answer: 'non' });
    expect(no.asked).toEqual([
      'Action irréversible\u00a0: Annuler la médiation, avec un motif envoyé à chacun·e.\nContinuer\u00a0? Tapez «\u00a0oui\u00a0» pour confirmer\u00a0: ',
    ]);
    expect(no).toMatchObject({
      code: exitCodes.refused,
      stderr: 'Annulé\u00a0: rien n’a été fait.\n',
      opened: false,
    });
    expect(await status('kuvera')).toBe('OPEN');
    const yes = await runCli(args, { core: t, answer: 'Oui' });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('Médiation «\u00a0KUVERA');
    expect(await status('kuvera')).toBe('CANCELLED');
    const flagged = await runCli(['cancel', 'prepaid-financial-services', 'Doublon', '--yes'], {
      core: t,
      answer: 'non',
    });
    expect(flagged).toMatchObject({ code: 0, asked: [] });
    expect(await status('prepaid-financial-services')).toBe('CANCELLED');
  });

  it('makes a mediation confidential at once, and public again only once confirmed (L612-3)', async () => {
    const publicSince = async () =>
      (await t.db.prisma.mediation.findUniqueOrThrow({ where: { slug: 'sfam' } })).newsPublicSince;
    expect(await publicSince()).not.toBeNull();
    const privately = await runCli(['make-private', 'sfam', '--as', 'alice'], { core: t });
    expect(privately.code).toBe(0);
    expect(privately.stdout).toContain('de nouveau confidentielle');
    expect(await publicSince()).toBeNull();

    const args = ['make-public', 'sfam', 'Accord écrit de SFAM et des participant·es', '--as', 'alice'];
    const no = await runCli(args, { core: t, answer: 'non' });
    expect(no.asked[0]).toContain('les parties (participant·es et entreprise) ayant donné leur accord');
    expect(no.code).toBe(exitCodes.refused);
    expect(await publicSince()).toBeNull();
    const yes = await runCli(args, { core: t, answer: 'oui' });
    expect(yes.code).toBe(0);
    expect(await publicSince()).toEqual(t.clock.now());
    const entries = await t.db.prisma.auditEntry.findMany({
      where: { action: { startsWith: 'mediation.newsMade' } },
      orderBy: { seq: 'asc' },
    });
    expect(entries.map((entry) => [entry.actor, entry.action])).toEqual([
      ['mediator:cli:alice', 'mediation.newsMadePrivate'],
      ['mediator:cli:alice', 'mediation.newsMadePublic'],
    ]);
  });

  it('acts as the operator: --as, or the system user name', async () => {
    await runCli(['create-company', 'acme', 'ACME', '--as', 'alice'], { core: t });
    await runCli(['create-company', 'globex', 'Globex'], { core: t });
    const entries = await t.db.prisma.auditEntry.findMany({
      where: { action: 'company.created' },
      orderBy: { seq: 'asc' },
    });
    expect(entries.slice(-2).map((entry) => entry.actor)).toEqual([
      'mediator:cli:alice',
      `mediator:cli:${userInfo().username}`,
    ]);
  });

  it('writes a CSV export in the current folder, or where --out says, and tells where', async () => {
    const run = await runCli(['export-participants', 'red-by-sfr'], { core: t, cwd: dir });
    const path = join(dir, 'participants-red-by-sfr-2026-03-02.csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Fichier écrit\u00a0: ${path}`);
    expect(parseCsv(readFileSync(path, 'utf8'), ';')[0]?.[0]).toBe('Dossier');
    const out = await runCli(['export-participants', 'red-by-sfr', '--out', 'sub.csv', '--json'], {
      core: t,
      cwd: dir,
    });
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, file: join(dir, 'sub.csv'), data: { rows: 0 } });
    const bad = await runCli(
      ['export-participants', 'red-by-sfr', '--out', join(dir, 'no', 'such', 'x.csv')],
      { core: t },
    );
    expect(bad.code).toBe(exitCodes.refused);
    expect(bad.stderr).toContain('Impossible d’écrire le fichier');
  });

  it('says when it loaded the demo data, on stderr so that JSON stays clean', async () => {
    const run = await runCli(['list', '--json'], { core: t, seeded: 5 });
    expect(run.stderr).toBe(
      'Base de données neuve\u00a0: les 5 médiations de démonstration ont été chargées.\n',
    );
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it('turns an unexpected failure into one line and exit code 4', async () => {
    const run = await runCli(['list'], {
      openCore: async () => {
        throw new TypeError('boom\nwith details');
      },
    });
    expect(run.code).toBe(exitCodes.unexpected);
    expect(run.stderr).toBe(
      'Erreur inattendue (TypeError: boom). Relancez avec LOG_LEVEL=debug pour plus de détails\u00a0; si elle se répète, signalez-la.\n',
    );
  });
});
