import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock/clock.ts';
import { mediatorActor, personActor } from '../../core/domain/actor.ts';
import { unwrap } from '../../core/domain/errors.ts';
import { verifyVoteCommand } from '../../core/votes/verify-vote.ts';
import { useTestCore } from '../support/core.ts';
import { emptyAllTables } from '../support/database.ts';
import { negotiationWithOffer } from './fixtures.ts';

// `npm run verify-vote`: anyone holding the published list recounts the vote and checks it is the one
// the close recorded in the audit log.
const t = useTestCore();
const mediator = mediatorActor('slack:T1/U1');
const folder = mkdtempSync(join(tmpdir(), 'clf-verify-'));
beforeEach(() => emptyAllTables(t.db));

async function closedVote() {
  const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 4 });
  const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
  const { voteId } = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
  const receipts: string[] = [];
  for (const [i, choice] of (['ACCEPT', 'ACCEPT', 'ACCEPT', 'REFUSE'] as const).entries()) {
    const cast = unwrap(
      await t.core.castBallot(personActor(f.electors[i]?.personId ?? ''), { voteId, choice }),
    );
    receipts.push(cast.receiptCode);
  }
  t.clock.set(closesAt);
  unwrap(await t.core.closeVote(mediator, { voteId }));
  const list = (await t.core.query.publishedReceipts({ voteId })) ?? '';
  return { voteId, receipts, list };
}

const run = (...argv: string[]) => verifyVoteCommand(t.db, argv);

function saved(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

describe('npm run verify-vote', () => {
  it('verifies an untouched vote by a short id, and finds a voter’s receipt (typed loosely)', async () => {
    const v = await closedVote();
    const loose = v.receipts[3]?.toLowerCase().replaceAll('-', '') ?? '';
    const result = await run(v.voteId.slice(0, 8), '--receipt', loose);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('Recounted: 3 accept, 1 refuse, 0 abstain, of 4 electors — matches');
    expect(result.output).toContain("Outcome by the vote's rule: ACCEPTED — matches");
    expect(result.output).toContain(`Receipt ${v.receipts[3]} is in the list, with the choice REFUSE.`);
    expect(result.output).toMatch(/VERIFIED\.$/);
    // The downloaded file checks out the same way.
    expect((await run(v.voteId, '--file', saved('good.csv', v.list))).exitCode).toBe(0);
  });

  it('says a receipt that is not in the list is missing', async () => {
    const v = await closedVote();
    const result = await run(v.voteId, '--receipt', '0000-0000-0000');
    expect(result).toMatchObject({ exitCode: 3 });
    expect(result.output).toContain('Receipt 0000-0000-0000 is NOT in the list.');
    expect(result.output).toContain('NOT VERIFIED.');
  });

  it('detects a list altered in a file, and one altered in the database', async () => {
    const v = await closedVote();
    const flipped = v.list.replace(`${v.receipts[3]},REFUSE`, `${v.receipts[3]},ACCEPT`);
    const fromFile = await run(v.voteId, '--file', saved('flipped.csv', flipped));
    expect(fromFile.exitCode).toBe(3);
    expect(fromFile.output).toContain('Recounted: 4 accept, 0 refuse, 0 abstain, of 4 electors — DIFFERS');
    expect(fromFile.output).toMatch(/sha256 of the list: [0-9a-f]{64} — DIFFERS/);

    // The table refuses the edit; whoever owns it can still force one: the check catches it.
    const line = `${v.receipts[3]},REFUSE\n`;
    await expect(
      t.db.sql.exec(`UPDATE published_list SET body = replace(body, '${line}', '')`),
    ).rejects.toThrow(/frozen/);
    await t.db.sql.exec(`
      ALTER TABLE published_list DISABLE TRIGGER published_list_frozen;
      UPDATE published_list SET body = replace(body, '${line}', '');
      ALTER TABLE published_list ENABLE TRIGGER published_list_frozen;`);
    const fromDatabase = await run(v.voteId, '--receipt', v.receipts[3] ?? '');
    expect(fromDatabase.exitCode).toBe(3);
    expect(fromDatabase.output).toContain(
      'Recounted: 3 accept, 0 refuse, 0 abstain, of 4 electors — DIFFERS',
    );
    expect(fromDatabase.output).toContain('is NOT in the list.');
  });

  it('tells the chat the list was altered, even when it was removed altogether', async () => {
    const v = await closedVote();
    const intact = await t.core.query.receiptCheck({ voteId: v.voteId, receipt: v.receipts[0] ?? '' });
    expect(intact).toMatchObject({ status: 'checked', ok: true, receipt: { choice: 'ACCEPT' } });
    await t.db.sql.exec(`
      ALTER TABLE published_list DISABLE TRIGGER published_list_frozen;
      DELETE FROM published_list;
      ALTER TABLE published_list ENABLE TRIGGER published_list_frozen;`);
    const gone = await t.core.query.receiptCheck({ voteId: v.voteId, receipt: v.receipts[0] ?? '' });
    expect(gone).toMatchObject({ status: 'checked', ok: false, receipt: { choice: null } });
  });

  it('detects a wrong hash even when the counts still add up (two receipts swapped choices)', async () => {
    const v = await closedVote();
    const [accepted, refused] = [v.receipts[0] ?? '', v.receipts[3] ?? ''];
    const swapped = v.list
      .replace(`${accepted},ACCEPT`, `${accepted},X`)
      .replace(`${refused},REFUSE`, `${refused},ACCEPT`)
      .replace(`${accepted},X`, `${accepted},REFUSE`);
    const result = await run(v.voteId, '--file', saved('swapped.csv', swapped));
    expect(result.exitCode).toBe(3);
    expect(result.output).toContain('Recounted: 3 accept, 1 refuse, 0 abstain, of 4 electors — matches');
    expect(result.output).toMatch(/sha256 of the list: [0-9a-f]{64} — DIFFERS/);
  });

  it('refuses a list out of format, an open vote and an unknown one', async () => {
    const v = await closedVote();
    const unsorted = `receipt,choice\n${v.list.split('\n').slice(1, -1).reverse().join('\n')}\n`;
    expect(await run(v.voteId, '--file', saved('unsorted.csv', unsorted))).toMatchObject({
      exitCode: 3,
      output: expect.stringContaining('not in the published format (line 3: order)'),
    });
    expect(await run('ffffffff')).toMatchObject({ exitCode: 4 });
    expect(await run(v.voteId, '--file', join(folder, 'missing.csv'))).toEqual({
      exitCode: 4,
      output: `Cannot read ${join(folder, 'missing.csv')} (ENOENT).`,
    });
    expect(await run()).toMatchObject({ exitCode: 4, output: expect.stringContaining('Usage') });
    const f = await negotiationWithOffer(t.db, t.clock.now(), { admitted: 1 });
    const closesAt = new Date(t.clock.now().getTime() + 7 * DAY);
    const open = unwrap(await t.core.openVote(mediator, { mediationId: f.mediationId, closesAt }));
    expect(await run(open.voteId)).toMatchObject({
      exitCode: 4,
      output: expect.stringContaining('still open'),
    });
  });
});
