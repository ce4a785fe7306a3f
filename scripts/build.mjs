// `npm run build`: compiles the product to JavaScript in dist/, so production runs `node dist/bots/main.js`
// without tsx. TypeScript itself emits it (tsconfig.build.json: `rewriteRelativeImportExtensions` turns
// the sources' `./x.ts` imports into `./x.js`); no bundler. The generated Prisma client is TypeScript in
// core/db/generated and is compiled with the rest.
//
// dist/ mirrors the source tree (dist/core, dist/bots), so the files the program reads at run time go
// where its code looks for them relative to itself: `../../locales/` from core/i18n and
// `../../prisma/migrations/` from core/db, `./site.css` from bots/web. They are copied, so dist/ plus
// node_modules is the whole program.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// `--out-dir` builds elsewhere (the test of the compiled program builds into a temporary folder).
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const dist = resolve(values['out-dir'] ?? join(root, 'dist'));
// It is emptied first, so only a folder that is new, empty or an earlier build: never the repository, a
// folder holding it, or anything else a mistyped `--out-dir` could name.
if (!isEarlierBuildOrEmpty(dist) || !relative(dist, root).startsWith('..')) {
  console.error(`Refusing to build into ${dist}: it is not empty and holds no earlier build.`);
  process.exit(2);
}
rmSync(dist, { recursive: true, force: true });

// typescript's package exports hide bin/tsc from require.resolve; its package.json is exported.
const typescriptDir = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
execFileSync(
  process.execPath,
  [join(typescriptDir, 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist],
  {
    stdio: 'inherit',
  },
);

cpSync(join(root, 'locales'), join(dist, 'locales'), { recursive: true });
cpSync(join(root, 'prisma', 'migrations'), join(dist, 'prisma', 'migrations'), { recursive: true });
// The web site's stylesheet is read beside its module (bots/web/site.tsx), like the locales.
cpSync(join(root, 'bots', 'web', 'site.css'), join(dist, 'bots', 'web', 'site.css'));

console.log(
  `Built ${dist}: \`node ${join(dist, 'bots', 'main.js')}\` starts the product (npm run start:prod).`,
);

/** Whatever an earlier build left (a file since renamed or removed) must not be shipped: it is removed. */
function isEarlierBuildOrEmpty(dir) {
  if (!existsSync(dir)) return true;
  return readdirSync(dir).length === 0 || existsSync(join(dir, 'bots', 'main.js'));
}
