import type { DatabaseShape, ForeignKeyShape, IndexShape, TableShape } from './database-shape.ts';

/**
 * Every way the migrated database differs from what schema.prisma describes, one readable line each.
 * An empty list means Prisma's client and the database agree on every table, column, key and index.
 */
export function diffShapes(expected: DatabaseShape, actual: DatabaseShape): string[] {
  const problems: string[] = [];
  for (const [name, values] of expected.enums) {
    const found = actual.enums.get(name);
    if (!found) problems.push(`enum "${name}": missing in the database`);
    else if (found.join(',') !== values.join(',')) {
      problems.push(`enum "${name}": database has (${found.join(', ')}), schema says (${values.join(', ')})`);
    }
  }
  for (const name of actual.enums.keys()) {
    if (!expected.enums.has(name)) problems.push(`enum "${name}": in the database but not in schema.prisma`);
  }
  for (const [name, table] of expected.tables) {
    const found = actual.tables.get(name);
    if (!found) problems.push(`table "${name}" (${table.origin}): missing in the database`);
    else problems.push(...diffTable(table, found));
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name))
      problems.push(`table "${name}": in the database but not in schema.prisma`);
  }
  return problems;
}

function diffTable(expected: TableShape, actual: TableShape): string[] {
  const problems: string[] = [];
  const at = (what: string) => `${expected.name}${what} (${expected.origin})`;
  for (const [name, column] of expected.columns) {
    const found = actual.columns.get(name);
    if (!found) {
      problems.push(`${at(`.${name}`)}: column missing in the database`);
      continue;
    }
    if (found.type !== column.type) {
      problems.push(`${at(`.${name}`)}: type is ${found.type}, schema says ${column.type}`);
    }
    if (found.nullable !== column.nullable) {
      const says = (nullable: boolean) => (nullable ? 'nullable' : 'NOT NULL');
      problems.push(
        `${at(`.${name}`)}: column is ${says(found.nullable)}, schema says ${says(column.nullable)}`,
      );
    }
    if (found.default !== column.default) {
      const show = (value: string | null) => value ?? 'no default';
      problems.push(
        `${at(`.${name}`)}: default is ${show(found.default)}, schema says ${show(column.default)}`,
      );
    }
  }
  for (const name of actual.columns.keys()) {
    if (!expected.columns.has(name))
      problems.push(`${at(`.${name}`)}: column in the database but not in the schema`);
  }

  const key = (columns: string[]) => `(${columns.join(', ')})`;
  if (!expected.primaryKey !== !actual.primaryKey) {
    problems.push(
      `${at('')}: primary key is ${actual.primaryKey ? key(actual.primaryKey.columns) : 'missing'}, schema says ${expected.primaryKey ? key(expected.primaryKey.columns) : 'none'}`,
    );
  } else if (expected.primaryKey && actual.primaryKey) {
    if (key(expected.primaryKey.columns) !== key(actual.primaryKey.columns)) {
      problems.push(
        `${at('')}: primary key is ${key(actual.primaryKey.columns)}, schema says ${key(expected.primaryKey.columns)}`,
      );
    }
    if (expected.primaryKey.name !== actual.primaryKey.name) {
      problems.push(
        `${at('')}: primary key is named ${actual.primaryKey.name}, Prisma expects ${expected.primaryKey.name}`,
      );
    }
  }

  problems.push(
    ...matchByColumns('index', expected.indexes, actual.indexes, at, describeIndex, indexMismatch),
  );
  problems.push(
    ...matchByColumns(
      'foreign key',
      expected.foreignKeys,
      actual.foreignKeys,
      at,
      describeForeignKey,
      foreignKeyMismatch,
    ),
  );
  return problems;
}

/** Pairs expected and actual items over the same columns, reporting the unpaired and the different. */
function matchByColumns<T extends { name: string; columns: string[] }>(
  kind: string,
  expected: T[],
  actual: T[],
  at: (what: string) => string,
  describe: (item: T) => string,
  mismatch: (expected: T, actual: T) => string[],
): string[] {
  const problems: string[] = [];
  const unpaired = [...actual];
  for (const item of expected) {
    const index = unpaired.findIndex(
      (candidate) =>
        candidate.columns.join(',') === item.columns.join(',') && mismatch(item, candidate).length === 0,
    );
    const fallback =
      index >= 0
        ? index
        : unpaired.findIndex((candidate) => candidate.columns.join(',') === item.columns.join(','));
    const found = unpaired[fallback];
    if (!found) {
      problems.push(`${at('')}: ${kind} ${describe(item)} missing in the database`);
      continue;
    }
    unpaired.splice(fallback, 1);
    for (const difference of mismatch(item, found))
      problems.push(`${at('')}: ${kind} ${describe(item)}: ${difference}`);
  }
  for (const item of unpaired)
    problems.push(`${at('')}: ${kind} ${describe(item)} in the database but not in the schema`);
  return problems;
}

function describeIndex(index: IndexShape): string {
  return `${index.unique ? 'UNIQUE ' : ''}${index.name} (${index.columns.join(', ')})`;
}

function indexMismatch(expected: IndexShape, actual: IndexShape): string[] {
  const problems: string[] = [];
  if (expected.unique !== actual.unique)
    problems.push(`is ${actual.unique ? '' : 'not '}unique in the database`);
  if (expected.method !== actual.method)
    problems.push(`uses ${actual.method}, schema says ${expected.method}`);
  if (expected.name !== actual.name) problems.push(`is named ${actual.name} in the database`);
  return problems;
}

function describeForeignKey(key: ForeignKeyShape): string {
  return `${key.name} (${key.columns.join(', ')}) → ${key.referencedTable}(${key.referencedColumns.join(', ')})`;
}

function foreignKeyMismatch(expected: ForeignKeyShape, actual: ForeignKeyShape): string[] {
  const problems: string[] = [];
  const target = (key: ForeignKeyShape) => `${key.referencedTable}(${key.referencedColumns.join(', ')})`;
  if (target(expected) !== target(actual)) problems.push(`references ${target(actual)} in the database`);
  if (expected.onDelete !== actual.onDelete)
    problems.push(`ON DELETE ${actual.onDelete}, schema says ${expected.onDelete}`);
  if (expected.onUpdate !== actual.onUpdate)
    problems.push(`ON UPDATE ${actual.onUpdate}, schema says ${expected.onUpdate}`);
  if (expected.name !== actual.name) problems.push(`is named ${actual.name} in the database`);
  return problems;
}
