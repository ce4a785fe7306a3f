import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { embeddedTemplate } from './embedded-template.ts';
import { PrismaClient } from './generated/client.ts';

export type { PrismaClient };
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/**
 * A transaction that only sends SQL, written as Prisma's tagged templates (`${value}` becomes a
 * parameter). A Prisma `Tx` is one too, so code written for it runs inside either kind of transaction.
 */
export interface SqlTx {
  $queryRaw<Row = unknown>(sql: TemplateStringsArray, ...values: unknown[]): Promise<Row>;
  $executeRaw(sql: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

/** Plain SQL for what Prisma's client cannot do: multi-statement migrations, advisory locks, benchmarks. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  kind: 'embedded' | 'postgres';
  prisma: PrismaClient;
  sql: SqlRunner;
  /** Runs `work` on one connection, for session-level state such as advisory locks. */
  session<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in a transaction straight on the driver: for the commands of every message and every
   * ballot, where Prisma's client around each statement cost more CPU than the statements themselves.
   * Rolled back if it lasts longer than `timeoutMs` (the server cancels a statement or an idle wait).
   */
  transaction<T>(work: (tx: SqlTx) => Promise<T>, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL server; without it the embedded PGlite database is used. */
  databaseUrl?: string;
  /** Folder for the embedded database, or `memory://` for a throw-away one. */
  embeddedDir?: string;
  /** Connections to a server (the embedded database has exactly one). */
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openServer(options.databaseUrl, options.poolSize ?? 10)
    : openEmbedded(options.embeddedDir ?? 'memory://');
}

async function openServer(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server closes (restart, failover, admin) must not crash the process:
  // the pool drops it and opens a new one on the next query.
  pool.on('error', () => {});
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, {
      // Prisma's statements are few and always the same text: prepared once per connection too. Those
      // without parameters (BEGIN, COMMIT, savepoints) stay unnamed: pg takes '' as "no name".
      statementNameGenerator: (query) => (query.args.length > 0 ? statementName(query.sql) : ''),
    }),
  });
  const runnerOf = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async (sql, params) =>
      (await client.query(params ? { name: statementName(sql), text: sql, values: params } : sql)).rows,
  });
  return {
    kind: 'postgres',
    prisma,
    sql: runnerOf(pool),
    session: async (work) => {
      const client = await pool.connect();
      try {
        return await work(runnerOf(client));
      } finally {
        client.release();
      }
    },
    transaction: async (work, timeoutMs) => {
      const client = await pool.connect();
      let broken: unknown;
      try {
        const ms = Math.max(1, Math.round(timeoutMs));
        await client.query(
          `BEGIN; SET LOCAL statement_timeout = ${ms}; SET LOCAL idle_in_transaction_session_timeout = ${ms}`,
        );
        const result = await work(
          sqlTx(async (text, values) => {
            const { rows, rowCount } = await client.query({ name: statementName(text), text, values });
            return { rows, count: rowCount ?? 0 };
          }),
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is closed rather than handed to the next caller.
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Prisma's two tagged templates over a driver's query: its rows, or how many rows it changed. */
function sqlTx(
  query: (text: string, values: unknown[]) => Promise<{ rows: unknown[]; count: number }>,
): SqlTx {
  return {
    $queryRaw: async <Row>(strings: TemplateStringsArray, ...values: unknown[]) =>
      (await query(placeholders(strings), values)).rows as Row,
    $executeRaw: async (strings, ...values) => (await query(placeholders(strings), values)).count,
  };
}

/** `a ${x} b ${y}` → `a $1 b $2`, once per template (a template's strings are the same object at every call). */
const placeholderTexts = new WeakMap<TemplateStringsArray, string>();
function placeholders(strings: TemplateStringsArray): string {
  let text = placeholderTexts.get(strings);
  if (text === undefined) {
    text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`);
    placeholderTexts.set(strings, text);
  }
  return text;
}

/**
 * The hot reads and writes of every message go through `sql.query` with parameters: named, they are
 * parsed and planned once per connection instead of at every call (the mediation details statement
 * took longer to plan than to run). Named by their text, so one name always means one statement.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `clf_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function openEmbedded(dir: string): Promise<Database> {
  // A new database starts as a copy of an empty one made once per machine (initdb takes seconds).
  const template = embeddedTemplate();
  let pglite: PGlite;
  if (dir.startsWith('memory://')) {
    pglite = await PGlite.create(dir, { loadDataDir: await template.dump() });
  } else {
    mkdirSync(dir, { recursive: true });
    await template.copyInto(dir);
    pglite = await PGlite.create(dir);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const sql: SqlRunner = {
    exec: async (text) => {
      await pglite.exec(text);
    },
    query: async <Row>(text: string, params?: unknown[]) => (await pglite.query<Row>(text, params)).rows,
  };
  return {
    kind: 'embedded',
    prisma,
    sql,
    // PGlite is a single connection: every call already shares one session.
    session: (work) => work(sql),
    // One connection, one process: nothing can leave a transaction waiting, so no timeout is needed.
    transaction: (work) =>
      pglite.transaction((t) =>
        work(
          sqlTx(async (text, values) => {
            const { rows, affectedRows } = await t.query(text, values);
            return { rows, count: affectedRows ?? 0 };
          }),
        ),
      ),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
