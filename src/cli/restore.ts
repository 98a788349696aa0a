import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadDatabaseUrl } from '../config.js';
import { BackupError, checkJiashuDatabase, restoreDatabase } from '../db/backup.js';
import { databaseFilePath } from '../db/database-url.js';
import { formatBytes } from './format-bytes.js';

/**
 * `npm run restore -- <file> --yes [--force]`: puts a backup in place of the database at
 * DATABASE_URL while the bot is stopped. Without `--yes` it only checks the backup and says
 * what a restore would do.
 */
const usage = 'Usage: npm run restore -- <backup file> --yes [--force]   (stop the bot first)';
const { values, positionals } = parseArgs({
  options: { yes: { type: 'boolean' }, force: { type: 'boolean' } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}
const backup = positionals[0]!;

try {
  const database = path.resolve(databaseFilePath(loadDatabaseUrl()));
  const check = await checkJiashuDatabase(backup);
  console.log(`${backup} is a Jiashu database (${formatBytes(statSync(backup).size)}, ${check.tables} tables, last migration ${check.migrations.at(-1)}).`);
  if (!values.yes) {
    console.error(`Restoring replaces ${database}; the current file is kept as ${database}.before-restore.`);
    console.error('Stop the bot first, then run again with --yes.');
    process.exit(2);
  }
  const started = performance.now();
  const result = await restoreDatabase(loadDatabaseUrl(), backup, { force: values.force });
  console.log(`Restored into ${database} in ${Math.round(performance.now() - started)} ms.`);
  if (result.previous) console.log(`The database it replaced is kept as ${result.previous}.`);
  console.log(result.applied.length === 0 ? 'No migration was pending.' : `Applied: ${result.applied.join(', ')}`);
} catch (error) {
  if (!(error instanceof BackupError || error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
