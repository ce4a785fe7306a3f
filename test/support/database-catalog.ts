import type { SqlRunner } from '../../core/db/connect.ts';
import type { ColumnShape, DatabaseShape, ReferentialAction, TableShape } from './database-shape.ts';

/** Tables that belong to the migration machinery, not to schema.prisma. */
export const bookkeepingTables = new Set(['_prisma_migrations']);

/** Reads the public schema of a migrated database from pg_catalog and information_schema. */
export async function readDatabaseShape(sql: SqlRunner): Promise<DatabaseShape> {
  const enums = await sql.query<{ name: string; labels: string[] }>(`
    SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  const tables = new Map<string, TableShape>();
  const tableRows = await sql.query<{ name: string }>(`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
  for (const { name } of tableRows) {
    if (bookkeepingTables.has(name)) continue;
    tables.set(name, {
      name,
      origin: '',
      columns: new Map(),
      primaryKey: null,
      indexes: [],
      foreignKeys: [],
    });
  }
  const table = (name: string) => tables.get(name);

  for (const row of await readColumns(sql)) {
    table(row.table_name)?.columns.set(row.column_name, columnShape(row));
  }
  for (const index of await readIndexes(sql)) {
    const owner = table(index.table_name);
    if (!owner) continue;
    if (index.is_primary) owner.primaryKey = { name: index.name, columns: index.columns };
    else if (index.is_partial || index.has_expressions) {
      // Prisma cannot describe these: show them as an index over nothing, so they read as "unexpected".
      owner.indexes.push({ name: index.name, columns: [], unique: index.is_unique, method: index.method });
    } else {
      owner.indexes.push({
        name: index.name,
        columns: index.columns,
        unique: index.is_unique,
        method: index.method,
      });
    }
  }
  for (const key of await readForeignKeys(sql)) {
    table(key.table_name)?.foreignKeys.push({
      name: key.name,
      columns: key.columns,
      referencedTable: key.referenced_table,
      referencedColumns: key.referenced_columns,
      onDelete: actionCodes[key.on_delete] ?? 'NO ACTION',
      onUpdate: actionCodes[key.on_update] ?? 'NO ACTION',
    });
  }
  return { enums: new Map(enums.map((e) => [e.name, e.labels])), tables };
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  data_type: string;
  udt_name: string;
  datetime_precision: number | null;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

function readColumns(sql: SqlRunner): Promise<ColumnRow[]> {
  return sql.query<ColumnRow>(`
    SELECT table_name, column_name, is_nullable, column_default, data_type, udt_name,
           datetime_precision, character_maximum_length, numeric_precision, numeric_scale
    FROM information_schema.columns WHERE table_schema = 'public'`);
}

const udtNames: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
};

function columnShape(row: ColumnRow): ColumnShape {
  return {
    type: sqlType(row),
    nullable: row.is_nullable === 'YES',
    default: withoutCasts(row.column_default),
  };
}

function sqlType(row: ColumnRow): string {
  if (row.data_type === 'USER-DEFINED') return `enum "${row.udt_name}"`;
  if (row.data_type === 'ARRAY') return `${udtNames[row.udt_name.slice(1)] ?? row.udt_name.slice(1)}[]`;
  switch (row.udt_name) {
    case 'timestamptz':
    case 'timestamp':
      return `${row.udt_name}(${row.datetime_precision})`;
    case 'varchar':
      return row.character_maximum_length ? `varchar(${row.character_maximum_length})` : 'varchar';
    case 'numeric':
      return `numeric(${row.numeric_precision},${row.numeric_scale})`;
    default:
      return udtNames[row.udt_name] ?? row.udt_name;
  }
}

/** `'DRAFT'::"MediationStatus"` → `'DRAFT'`; `'-1'::integer` → `-1`; sequences → `nextval(…)`. */
function withoutCasts(expression: string | null): string | null {
  if (expression === null) return null;
  if (expression.startsWith('nextval(')) return 'nextval(…)';
  let text = expression;
  for (;;) {
    const stripped = text.replace(/::(?:"[^"]+"|[a-z_][a-z0-9_ ]*)(?:\(\d+(?:,\d+)?\))?(?:\[\])?$/i, '');
    if (stripped === text) break;
    text = stripped;
  }
  const quotedNumber = /^'(-?\d+(?:\.\d+)?)'$/.exec(text);
  return quotedNumber?.[1] ?? text;
}

interface IndexRow {
  table_name: string;
  name: string;
  columns: string[];
  is_unique: boolean;
  is_primary: boolean;
  is_partial: boolean;
  has_expressions: boolean;
  method: string;
}

function readIndexes(sql: SqlRunner): Promise<IndexRow[]> {
  return sql.query<IndexRow>(`
    SELECT t.relname AS table_name, i.relname AS name, ix.indisunique AS is_unique,
           ix.indisprimary AS is_primary, ix.indpred IS NOT NULL AS is_partial,
           ix.indexprs IS NOT NULL AS has_expressions, am.amname AS method,
           (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]'::json)
              FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'`);
}

interface ForeignKeyRow {
  table_name: string;
  name: string;
  columns: string[];
  referenced_table: string;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
}

const actionCodes: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

function readForeignKeys(sql: SqlRunner): Promise<ForeignKeyRow[]> {
  return sql.query<ForeignKeyRow>(`
    SELECT t.relname AS table_name, c.conname AS name, r.relname AS referenced_table,
           c.confdeltype AS on_delete, c.confupdtype AS on_update,
           (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
           (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS referenced_columns
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`);
}
