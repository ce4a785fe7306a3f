import type { BallotChoice } from '../db/generated/enums.ts';
import type { CoreDeps } from '../deps.ts';
import { LIST_HEADER, type PublishedLine } from '../votes/published-list.ts';

/**
 * Published lists, read once and kept in memory for the web site: a list never changes once written
 * (the `published_list_frozen` trigger refuses it), so a copy can never be stale. With the start of each
 * line indexed, a page of a 100,000-ballot list is a binary search and a slice, instead of the database
 * reading the whole text for each visitor. Bounded: the lists read least recently leave first.
 */
export interface FrozenList {
  text: string;
  /** Receipts in the list. */
  size: number;
  /** The position (from 0) of a receipt in the list, or -1. */
  indexOf(receipt: string): number;
  /** Lines `from` (included) to `to` (excluded), by position. */
  lines(from: number, to: number): PublishedLine[];
}

/** The memory the lists may take, per database (a 100,000-ballot list takes about 2.5 MB). */
const MAX_CACHED_CHARS = 64 * 2 ** 20;
const RECEIPT_LENGTH = 14;

const caches = new WeakMap<object, Map<string, FrozenList>>();

export async function frozenList(deps: CoreDeps, voteId: string): Promise<FrozenList | null> {
  const cache = caches.get(deps.db) ?? new Map<string, FrozenList>();
  caches.set(deps.db, cache);
  const cached = cache.get(voteId);
  if (cached) {
    // Most recently read last: a Map iterates in insertion order.
    cache.delete(voteId);
    cache.set(voteId, cached);
    return cached;
  }
  const [row] = await deps.db.sql.query<{ body: string }>(
    'SELECT body FROM published_list WHERE vote_id = $1::uuid',
    [voteId],
  );
  if (!row?.body.startsWith(`${LIST_HEADER}\n`)) return null;
  const list = indexed(row.body);
  cache.set(voteId, list);
  let total = 0;
  for (const { text } of cache.values()) total += text.length;
  for (const [id, { text }] of cache) {
    if (total <= MAX_CACHED_CHARS || id === voteId) break;
    cache.delete(id);
    total -= text.length;
  }
  return list;
}

function indexed(text: string): FrozenList {
  const starts: number[] = [];
  for (let at = LIST_HEADER.length + 1; at < text.length; ) {
    starts.push(at);
    const end = text.indexOf('\n', at);
    if (end < 0) break;
    at = end + 1;
  }
  const receiptAt = (i: number) => text.slice(starts[i], (starts[i] ?? 0) + RECEIPT_LENGTH);
  return {
    text,
    size: starts.length,
    indexOf(receipt) {
      // The list is sorted by receipt in byte order, which is JavaScript's order for these ASCII codes.
      let low = 0;
      let high = starts.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const code = receiptAt(middle);
        if (code === receipt) return middle;
        if (code < receipt) low = middle + 1;
        else high = middle - 1;
      }
      return -1;
    },
    lines(from, to) {
      const page: PublishedLine[] = [];
      for (let i = from; i < Math.min(to, starts.length); i++) {
        const start = starts[i] ?? 0;
        const end = text.indexOf('\n', start);
        page.push({
          receiptCode: text.slice(start, start + RECEIPT_LENGTH),
          choice: text.slice(start + RECEIPT_LENGTH + 1, end) as BallotChoice,
        });
      }
      return page;
    },
  };
}
