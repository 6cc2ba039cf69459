import { defineConfig } from 'drizzle-kit';

// Used only by `drizzle-kit generate`; the app applies migrations itself (db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
