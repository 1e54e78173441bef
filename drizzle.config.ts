import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema and committed; both PGlite and PostgreSQL run the same files.
// Generate with: flock /tmp/drizzle.lock npx drizzle-kit generate --name <what>
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
