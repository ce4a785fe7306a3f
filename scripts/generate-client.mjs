// Generates the Prisma client into core/db/generated (run by `npm install`).
// `prisma generate` never runs the schema engine, but the CLI insists on finding one and would
// otherwise download it from Prisma's server, which is unreachable offline. Any existing file will do.
import { execFileSync } from 'node:child_process';

execFileSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  },
});
