import { parseArgs } from 'node:util';
import { ConfigError, loadDatabaseUrl } from '../config.js';
import { BackupError, backupDatabase } from '../db/backup.js';
import { formatBytes } from './format-bytes.js';

/**
 * `npm run backup -- <file> [--force]`: a consistent copy of the database at DATABASE_URL,
 * taken while the bot runs. Prints the size and the time it took.
 */
const usage = 'Usage: npm run backup -- <file> [--force]';
const { values, positionals } = parseArgs({ options: { force: { type: 'boolean' } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}

try {
  const result = await backupDatabase(loadDatabaseUrl(), positionals[0]!, { force: values.force });
  console.log(`Backup written to ${result.file}: ${formatBytes(result.bytes)} in ${result.milliseconds} ms.`);
} catch (error) {
  if (!(error instanceof BackupError || error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
