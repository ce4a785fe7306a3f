import { defineConfig } from 'prisma/config';

// Only the Prisma CLI reads this file (generate, and migrate/studio for operators with internet access).
// The application builds its own connection: see core/db/connect.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/postgres' },
});
