import { randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite makes a new database by running PostgreSQL's initdb in WebAssembly: 4–5 s on a 2-core machine,
 * most of a first `npm start`, and paid again by every test, script or second installation on a new
 * folder. An empty database is the same every time for one PGlite version, so one is made once per
 * machine, kept in node_modules' cache, and copied into each new folder (0.1 s), which then opens like
 * an existing one (0.7 s). A throw-away in-memory database loads the same one from a tar (1.5 s).
 *
 * Anything going wrong here (a read-only node_modules, a full disk) only costs the time it saves: the
 * caller then creates the database as before.
 */

const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');

/** Where the empty databases are kept: `node_modules/.cache`, beside PGlite itself, where tools keep theirs. */
function defaultCacheRoot(): string {
  const modules = pgliteEntry.slice(0, pgliteEntry.lastIndexOf('/node_modules/') + '/node_modules'.length);
  return join(modules, '.cache', 'cessez-le-feu');
}

/** The dump PGlite loads for an in-memory database, kept inside the template (and never copied out). */
const TAR = 'empty-database.tar';

export interface EmbeddedTemplate {
  /** Fills `dir`, new or empty, with an empty database; false when it could not (then create it). */
  copyInto(dir: string): Promise<boolean>;
  /** The empty database as PGlite's `loadDataDir` takes it, or undefined when there is none. */
  dump(): Promise<Blob | undefined>;
}

export function embeddedTemplate(cacheRoot: string = defaultCacheRoot()): EmbeddedTemplate {
  const template = join(cacheRoot, `pglite-${pgliteVersion()}`);

  /** The template's folder, made first if needed; undefined if it cannot be. */
  async function ready(): Promise<string | undefined> {
    if (existsSync(join(template, TAR))) return template;
    // Made aside and renamed into place when complete: a process killed halfway, or two making it at
    // once (test workers), never leave a half-made template under the name the others read.
    const aside = `${template}.${process.pid}-${randomUUID()}`;
    try {
      mkdirSync(cacheRoot, { recursive: true });
      const pglite = await PGlite.create(aside);
      const dump = await pglite.dumpDataDir('none');
      await pglite.close();
      writeFileSync(join(aside, TAR), Buffer.from(await dump.arrayBuffer()));
      renameSync(aside, template);
    } catch {
      // Another process renamed its template first (fine: it is the same), or the cache is not writable.
      removeQuietly(aside);
    }
    return existsSync(join(template, TAR)) ? template : undefined;
  }

  return {
    async copyInto(dir) {
      if (existsSync(dir) && readdirSync(dir).length > 0) return false;
      const from = await ready();
      if (!from) return false;
      try {
        cpSync(from, dir, { recursive: true, filter: (path) => !path.endsWith(TAR) });
        return true;
      } catch {
        // Half copied (a full disk): emptied, so the caller's own creation starts clean.
        for (const name of readdirSync(dir)) removeQuietly(join(dir, name));
        return false;
      }
    },
    async dump() {
      const from = await ready();
      return from ? new Blob([readFileSync(join(from, TAR))]) : undefined;
    },
  };
}

function pgliteVersion(): string {
  const packageJson = join(pgliteEntry.slice(0, pgliteEntry.lastIndexOf('/dist/')), 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Not there, or not ours to remove: nothing was made there that needs cleaning.
  }
}
