import { parseArgs } from 'node:util';
import { ConfigError, loadDatabaseUrl } from '../config.js';
import { MigrationError } from './migration-history.js';
import { applyPendingMigrations, resolveFailedMigration } from './migrations.js';

/**
 * `npm run db:migrate`: applies the pending migrations to the database at DATABASE_URL.
 * `npm run db:migrate -- --resolve <migration>`: marks a migration that never finished as
 * rolled back, so that the next start (or `npm run db:migrate`) applies it again.
 */
const { values } = parseArgs({ options: { resolve: { type: 'string' } } });

try {
  const databaseUrl = loadDatabaseUrl();
  if (values.resolve !== undefined) {
    await resolveFailedMigration(databaseUrl, values.resolve);
    console.log(`${values.resolve} is marked rolled back; the next start (or npm run db:migrate) applies it again.`);
  } else {
    const applied = await applyPendingMigrations(databaseUrl);
    console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
  }
} catch (error) {
  if (!(error instanceof MigrationError || error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
