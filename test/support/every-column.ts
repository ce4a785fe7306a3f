import type { Database } from '../../core/db/connect.ts';

interface Column {
  table: string;
  column: string;
  type: string;
}

/**
 * Every place in the database that still holds `needle`: each text, json and bytea column (and arrays)
 * of every table, found through information_schema, so that a table added later is searched too.
 * Answers `table.column` names.
 */
export async function columnsHolding(db: Database, needle: string): Promise<string[]> {
  const columns = await db.sql.query<Column>(
    `SELECT table_name AS "table", column_name AS "column", data_type AS "type"
     FROM information_schema.columns
     WHERE table_schema = current_schema()
       AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')
     ORDER BY table_name, column_name`,
  );
  if (columns.length < 20) throw new Error(`only ${columns.length} columns found: is the schema right?`);
  const found: string[] = [];
  for (const { table, column, type } of columns) {
    const test =
      type === 'bytea'
        ? `position(convert_to($1, 'UTF8') in "${column}") > 0`
        : `strpos("${column}"::text, $1) > 0`;
    const [row] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE ${test}`,
      [needle],
    );
    if ((row?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}
