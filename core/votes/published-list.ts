import { createHash } from 'node:crypto';
import type { BallotChoice } from '../db/generated/enums.ts';
import type { Counts } from './tally.ts';

/**
 * The published list of a closed vote, in the one format everybody checks (README « Checking a vote »):
 * UTF-8 text, the header line `receipt,choice`, then one line `<receipt>,<choice>` per ballot, sorted by
 * receipt code (byte order), each line ending with a line feed. Its sha256, in hex, is recorded in the
 * `vote.closed` audit entry and told to everyone with the result. The database writes this very text
 * when closing, hashing and counting it (`PUBLISH_LIST_SQL`), and recounts it for the chat's checks
 * (`PUBLISHED_TALLY_SQL`): keep all in step.
 */
export const LIST_HEADER = 'receipt,choice';

export interface PublishedLine {
  receiptCode: string;
  choice: BallotChoice;
}

const CHOICES: readonly string[] = ['ACCEPT', 'REFUSE', 'ABSTAIN'];
const RECEIPT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The list as a file people download: CSV, named after the vote (its id's first 8 characters). */
export const LIST_MIME_TYPE = 'text/csv';

export function listFileName(voteId: string): string {
  return `vote-${voteId.slice(0, 8)}-receipts.csv`;
}

export function listDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type ParsedList =
  | { ok: true; lines: PublishedLine[] }
  | { ok: false; line: number; problem: 'header' | 'format' | 'order' | 'duplicate' | 'ending' };

/**
 * Reads a list someone holds (downloaded, or read back from the database) and checks its format
 * strictly: a list that does not follow it cannot be the one whose digest was published.
 */
export function parseList(text: string): ParsedList {
  if (!text.endsWith('\n')) return { ok: false, line: 0, problem: 'ending' };
  const rows = text.slice(0, -1).split('\n');
  if (rows[0] !== LIST_HEADER) return { ok: false, line: 1, problem: 'header' };
  const lines: PublishedLine[] = [];
  let previous = '';
  for (let i = 1; i < rows.length; i++) {
    const [receiptCode = '', choice = '', extra] = (rows[i] ?? '').split(',');
    if (extra !== undefined || !RECEIPT.test(receiptCode) || !CHOICES.includes(choice)) {
      return { ok: false, line: i + 1, problem: 'format' };
    }
    if (receiptCode === previous) return { ok: false, line: i + 1, problem: 'duplicate' };
    if (receiptCode < previous) return { ok: false, line: i + 1, problem: 'order' };
    previous = receiptCode;
    lines.push({ receiptCode, choice: choice as BallotChoice });
  }
  return { ok: true, lines };
}

/** The counts a list gives, for an electorate told by the audit log (the list holds ballots only). */
export function countList(lines: readonly PublishedLine[], electorate: number): Counts {
  const counts = { electorate, accept: 0, refuse: 0, abstain: 0 };
  for (const { choice } of lines) {
    if (choice === 'ACCEPT') counts.accept += 1;
    else if (choice === 'REFUSE') counts.refuse += 1;
    else counts.abstain += 1;
  }
  return counts;
}

/**
 * Writes a vote's list, as one text, from its ballots: the one row the close adds for it, and returns
 * its counts and digest, all from one pass over the ballots ($1: the vote, $2: the header). An aggregate
 * without GROUP BY gives its row even for a vote without a ballot.
 */
export const PUBLISH_LIST_SQL = `
  WITH list AS (
    SELECT $2::text || E'\n' || coalesce(
        string_agg(receipt_code || ',' || choice::text || E'\n', '' ORDER BY receipt_code COLLATE "C"), '')
        AS body,
      count(*) FILTER (WHERE choice = 'ACCEPT')::int AS accept,
      count(*) FILTER (WHERE choice = 'REFUSE')::int AS refuse,
      count(*) FILTER (WHERE choice = 'ABSTAIN')::int AS abstain
    FROM ballot WHERE vote_id = $1::uuid),
  written AS (INSERT INTO published_list (vote_id, body) SELECT $1::uuid, body FROM list)
  SELECT accept, refuse, abstain, encode(sha256(convert_to(body, 'UTF8')), 'hex') AS sha256 FROM list`;

/**
 * The digest and counts of a vote's published list, recomputed by the database from the stored text
 * itself, for the checks in the chat, whatever the size of the vote ($1: the vote). A choice is
 * counted by its line ending, which only a ballot's line has.
 */
export const PUBLISHED_TALLY_SQL = `
  SELECT (length(body) - length(replace(body, E',ACCEPT\n', ''))) / 8 AS accept,
    (length(body) - length(replace(body, E',REFUSE\n', ''))) / 8 AS refuse,
    (length(body) - length(replace(body, E',ABSTAIN\n', ''))) / 9 AS abstain,
    encode(sha256(convert_to(body, 'UTF8')), 'hex') AS sha256
  FROM published_list WHERE vote_id = $1::uuid`;

/**
 * One receipt's choice in a vote's published list, looked up in its text ($1: the vote, $2: a receipt
 * in the canonical form, so it cannot carry a line break): null when it is not there.
 */
export const RECEIPT_IN_LIST_SQL = `
  SELECT CASE WHEN at > 0 THEN split_part(substr(body, at + 16, 8), E'\n', 1) END AS choice
  FROM (SELECT body, strpos(body, E'\n' || $2::text || ',') AS at FROM published_list
        WHERE vote_id = $1::uuid) list`;

export interface PublishedTally {
  accept: number;
  refuse: number;
  abstain: number;
  sha256: string;
}
