// Generates the Prisma client into core/db/generated (run by `npm install`).
// `prisma generate` never runs the schema engine, but the CLI insists on finding one and would
// otherwise download it from Prisma's server, which is unreachable offline. Any existing file will do.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

// The Prisma CLI is a development tool: a production install (`npm ci --omit=dev`) has none, and needs
// no client source either, since the compiled build (`npm run build`, dist/) already contains it.
try {
  createRequire(import.meta.url).resolve('prisma/package.json');
} catch {
  console.log('Prisma CLI not installed (production install): the client is not generated.');
  process.exit(0);
}

execFileSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  },
});
