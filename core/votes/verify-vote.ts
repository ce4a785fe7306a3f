import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Database } from '../db/connect.ts';
import { prefixDigits, uuidRange } from '../references/short-id.ts';
import { normalizeReceiptCode } from './receipt.ts';
import { type CheckedVote, verifyVote } from './verification.ts';

/** Exit codes: scripts can tell "the vote does not check out" from "you asked wrongly". */
export const verifyExitCodes = { verified: 0, notVerified: 3, badRequest: 4 } as const;

const USAGE =
  'Usage: npm run verify-vote -- <vote id or its first 6+ characters> [--file <list.csv>] [--receipt <code>]';

/**
 * `npm run verify-vote`: recounts a closed vote from its published list (the database's, or a file
 * someone downloaded), checks the list's sha256 against the `vote.closed` audit entry, recomputes the
 * outcome with the vote's rule, and says whether a receipt is in the list.
 */
export async function verifyVoteCommand(
  db: Database,
  argv: readonly string[],
): Promise<{ output: string; exitCode: number }> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    return { output: `${(error as Error).message}\n${USAGE}`, exitCode: verifyExitCodes.badRequest };
  }
  const [ref] = args.positionals;
  const voteId = ref ? await findVote(db, ref) : undefined;
  if (!voteId)
    return {
      output: `No single vote matches "${ref ?? ''}".\n${USAGE}`,
      exitCode: verifyExitCodes.badRequest,
    };
  const receipt = args.values.receipt === undefined ? undefined : normalizeReceiptCode(args.values.receipt);
  if (receipt === null)
    return {
      output: 'That is not a receipt code (e.g. 7KQ2-M9XF-3D8R).',
      exitCode: verifyExitCodes.badRequest,
    };
  let listText: string | undefined;
  try {
    listText = args.values.file === undefined ? undefined : await readFile(args.values.file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { output: `Cannot read ${args.values.file} (${reason}).`, exitCode: verifyExitCodes.badRequest };
  }
  const check = await verifyVote(db, voteId, { listText, receipt });
  switch (check.status) {
    case 'notFound':
      return { output: `Vote ${voteId} not found.`, exitCode: verifyExitCodes.badRequest };
    case 'open':
      return {
        output: `Vote ${voteId} is still open: its list is published when it closes.`,
        exitCode: verifyExitCodes.badRequest,
      };
    case 'voided':
      return {
        output: `Vote ${voteId} was voided (its offer was replaced): it has no result.`,
        exitCode: verifyExitCodes.badRequest,
      };
    case 'unhashed':
      return {
        output: `Vote ${voteId} closed before results were hashed: there is no digest to check its list against.`,
        exitCode: verifyExitCodes.notVerified,
      };
    case 'badList':
      return {
        output: `NOT VERIFIED: the list is not in the published format (line ${check.line}: ${check.problem}).`,
        exitCode: verifyExitCodes.notVerified,
      };
    case 'checked':
      return report(check, args.values.file ?? 'the database');
  }
}

function report(check: CheckedVote, source: string): { output: string; exitCode: number } {
  const { listed, recorded } = check.counts;
  const same = (yes: boolean) => (yes ? 'matches' : 'DIFFERS from');
  const countsMatch =
    listed.accept === recorded.accept &&
    listed.refuse === recorded.refuse &&
    listed.abstain === recorded.abstain;
  const lines = [
    `Vote ${check.voteId}, list read from ${source}.`,
    `sha256 of the list: ${check.digest.listed} — ${same(check.digest.listed === check.digest.recorded)} the vote.closed audit entry (${check.digest.recorded}).`,
    `Recounted: ${listed.accept} accept, ${listed.refuse} refuse, ${listed.abstain} abstain, of ${recorded.electorate} elector${recorded.electorate === 1 ? '' : 's'} — ${same(countsMatch)} the recorded counts (${recorded.accept}, ${recorded.refuse}, ${recorded.abstain}).`,
    `Outcome by the vote's rule: ${check.outcome.listed} — ${same(check.outcome.listed === check.outcome.recorded)} the recorded outcome (${check.outcome.recorded}).`,
  ];
  if (!check.entryIntact) lines.push('The vote.closed audit entry was edited: its hash no longer matches.');
  let found = true;
  if (check.receipt) {
    found = check.receipt.choice !== null;
    lines.push(
      found
        ? `Receipt ${check.receipt.code} is in the list, with the choice ${check.receipt.choice}.`
        : `Receipt ${check.receipt.code} is NOT in the list.`,
    );
  }
  const ok = check.ok && found;
  lines.push(ok ? 'VERIFIED.' : 'NOT VERIFIED.');
  return { output: lines.join('\n'), exitCode: ok ? verifyExitCodes.verified : verifyExitCodes.notVerified };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { file: { type: 'string' }, receipt: { type: 'string' } },
  });
}

/** A full vote id, or a prefix of at least 6 hex digits that only one vote starts with. */
async function findVote(db: Database, ref: string): Promise<string | undefined> {
  const digits = prefixDigits(ref);
  if (!digits) return undefined;
  const rows = await db.sql.query<{ id: string }>(
    'SELECT id FROM vote WHERE id BETWEEN $1::uuid AND $2::uuid ORDER BY id LIMIT 2',
    uuidRange(digits),
  );
  return rows.length === 1 ? rows[0]?.id : undefined;
}
