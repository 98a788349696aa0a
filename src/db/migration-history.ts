import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { databaseFilePath } from './database-url.js';

/** A migration problem the operator has to act on; the message says what to do. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** A migration that started and never finished, as `_prisma_migrations` recorded it. */
export interface FailedMigration {
  name: string;
  /** What went wrong, as the engine logged it. */
  logs: string | null;
}

/** What `_prisma_migrations` says about a database. */
export interface MigrationHistory {
  /** Migrations that finished and were not rolled back. */
  finished: Set<string>;
  /** Migrations that started and neither finished nor were marked rolled back. */
  failed: FailedMigration[];
}

/**
 * Reads `_prisma_migrations` directly: when there is nothing to apply the schema engine is
 * not started, and it would wait for the lock that a running bot holds on the file. The
 * connection may write, so that a journal left by a crash is rolled back first.
 */
export function readMigrationHistory(databaseUrl: string): MigrationHistory {
  const file = databaseFilePath(databaseUrl);
  const history: MigrationHistory = { finished: new Set(), failed: [] };
  if (file === ':memory:' || !existsSync(file)) return history;
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasTable) return history;
    const rows = sqlite
      .prepare('SELECT migration_name, finished_at, logs FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at')
      .all() as { migration_name: string; finished_at: string | null; logs: string | null }[];
    for (const row of rows) {
      if (row.finished_at !== null) history.finished.add(row.migration_name);
      else history.failed.push({ name: row.migration_name, logs: row.logs });
    }
    return history;
  } finally {
    sqlite.close();
  }
}

/** The command that marks a failed migration rolled back. */
export function resolveCommand(name: string): string {
  return `npm run db:migrate -- --resolve ${name}`;
}

/**
 * The error for a database with a migration that never finished (Prisma's P3009), naming the
 * command that lets the next start apply it again. Such a record comes from a migration that
 * could not run in a transaction, or from a version of Jiashu that did not use one.
 */
export function failedMigrationError(failed: FailedMigration): MigrationError {
  const reason = failed.logs?.split('\n')[0]?.trim();
  return new MigrationError(
    [
      `The database migration ${failed.name} did not finish${reason ? ` (${reason})` : ''}.`,
      `Part of it may be in the database: compare with prisma/migrations/${failed.name}/migration.sql and undo that part`,
      '(or put back a backup with `npm run restore`). Then run',
      `  ${resolveCommand(failed.name)}`,
      'to mark it rolled back; the next start applies it again.',
    ].join('\n'),
  );
}
