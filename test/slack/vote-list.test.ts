import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mediatorActions } from '../../bots/mediator/actions/index.ts';
import { t } from '../../core/i18n/index.ts';
import { runCli } from '../admin/support.ts';
import { votedByPerson } from '../votes/fixtures.ts';
import { MALLORY, textOf, useSlackApp } from './harness.ts';
import { mediationCommands } from './mediation-command.ts';

/** `vote-list`: the list a mediation's last closed vote published, handed to a mediator only. */
const h = useSlackApp({ actions: mediatorActions });
const { mediation } = mediationCommands(h);
const closed = { slug: '', voteId: '', list: '', sha256: '' };
let running = '';

beforeAll(async () => {
  const person = await h.t.db.prisma.person.create({ data: {} });
  const vote = await votedByPerson(h.t, person.id);
  const { list, sha256 } = await vote.close();
  const row = await h.t.db.prisma.mediation.findUniqueOrThrow({ where: { id: vote.mediationId } });
  Object.assign(closed, { slug: row.slug, voteId: vote.voteId, list, sha256 });
  const other = await votedByPerson(h.t, (await h.t.db.prisma.person.create({ data: {} })).id);
  running = (await h.t.db.prisma.mediation.findUniqueOrThrow({ where: { id: other.mediationId } })).slug;
});

const fileName = () => `vote-${closed.voteId.slice(0, 8)}-receipts.csv`;

describe('/mediation vote-list', () => {
  it('uploads the published list, byte for byte, to the mediator’s direct messages', async () => {
    const uploads = h.fake.uploads.length;
    const [told, handed] = await mediation(`vote-list ${closed.slug}`, 2);
    expect(told).toBe(
      [
        t('fr', 'mediator:voteList.done', { slug: closed.slug, round: 1, count: 3 }),
        t('fr', 'mediator:voteList.digest', { digest: closed.sha256 }),
      ].join('\n'),
    );
    expect(handed).toBe(t('fr', 'slack:file.sent', { count: 1, name: fileName() }));
    const upload = h.fake.uploads[uploads];
    expect(upload?.filename).toBe(fileName());
    const bytes = Buffer.from(upload?.bytes ?? []);
    expect(bytes.equals(Buffer.from(closed.list, 'utf8'))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(closed.sha256);
    // Her direct messages with the app, never the team's channel.
    expect(h.fake.callsOf('files.completeUploadExternal').at(-1)?.args.channel_id).toBe('D0ALICE');
  });

  it('refuses someone who is not a mediator, audits the attempt, and uploads nothing', async () => {
    const uploads = h.fake.uploads.length;
    const refused = await h.command(`vote-list ${closed.slug}`, MALLORY);
    expect(refused.answers.map(textOf)).toEqual([t('fr', 'slack:refused')]);
    const attempt = await h.t.db.prisma.auditEntry.findFirst({
      where: { action: 'mediator.accessRefused' },
      orderBy: { seq: 'desc' },
    });
    expect(attempt?.details).toMatchObject({ attempted: 'command:vote-list' });
    expect(h.fake.uploads.length).toBe(uploads);
  });

  it('says when the mediation has no closed vote yet, and uploads nothing', async () => {
    const uploads = h.fake.uploads.length;
    expect(await mediation(`vote-list ${running}`)).toEqual([
      t('fr', 'mediator:errors.noClosedVote', { slug: running }),
    ]);
    expect(h.fake.uploads.length).toBe(uploads);
  });
});

describe('npm run admin -- vote-list', () => {
  it('writes the list into --out’s folder, readable by the mediator only, never over a copy', async () => {
    const folder = join(await mkdtemp(join(tmpdir(), 'clf-vote-list-')), 'listes');
    const run = await runCli(['vote-list', closed.slug, '--out', folder], { core: h.t });
    expect(run.code).toBe(0);
    const path = join(folder, fileName());
    expect(run.stdout).toContain(t('fr', 'mediator:cli.fileWritten', { path }));
    expect((await readFile(path)).equals(Buffer.from(closed.list, 'utf8'))).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(folder)).toEqual([fileName()]);

    const again = await runCli(['vote-list', closed.slug, '--out', folder], { core: h.t });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(t('fr', 'mediator:cli.alreadyThere', { path }));
  });
});
