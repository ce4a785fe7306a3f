/**
 * Malformed inputs, generated: a seeded generator (the same run every time, so a failure can be
 * replayed) that swaps any field of a well-formed example for a value of another kind.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values of every kind a field should not hold, including huge, empty and odd Unicode ones. */
export function oddValue(random: () => number): unknown {
  const values: (() => unknown)[] = [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => '',
    () => ' ',
    () => 'x'.repeat(100_000),
    () => '\u202e\u0000\ud800 zalgo̷̢͚',
    () => `/start ${'\u200b'.repeat(50)}`,
    () => [],
    () => [1, 'two', null],
    () => ({}),
    () => ({ nested: { deeper: [{}] } }),
    () => 'fr'.repeat(3),
  ];
  return values[Math.floor(random() * values.length)]?.();
}

/** A deep copy of `example` with one to three of its fields (at any depth) replaced by odd values. */
export function mutate<T>(example: T, random: () => number): unknown {
  const copy = structuredClone(example) as unknown;
  const paths = fieldPaths(copy);
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const path = paths[Math.floor(random() * paths.length)] ?? [];
    setAt(copy, path, oddValue(random));
  }
  return copy;
}

function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const own = Object.keys(value).flatMap((key) =>
    fieldPaths((value as Record<string, unknown>)[key], [...prefix, key]),
  );
  return prefix.length > 0 ? [prefix, ...own] : own;
}

function setAt(root: unknown, path: string[], value: unknown): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return;
    node = next as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}
