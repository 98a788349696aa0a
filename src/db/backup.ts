import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync, copyFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createOwnerOnlyFile, databaseFilePath, OWNER_ONLY, SIDECARS } from './database-url.js';
import { applyPendingMigrations, readMigrations } from './migrations.js';

/** A backup or restore that cannot go ahead, with a message meant for the operator. */
export class BackupError extends Error {}

/** What a finished backup wrote. */
export interface BackupResult {
  file: string;
  bytes: number;
  milliseconds: number;
}

/** What a finished restore did. */
export interface RestoreResult {
  /** Where the database it replaced now lies, if there was one. */
  previous?: string;
  /** Migrations applied to the restored copy, oldest first. */
  applied: string[];
}

/** What a readable Jiashu database holds, as far as a restore needs to know. */
export interface DatabaseCheck {
  migrations: string[];
  tables: number;
}

function sqliteMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeWithSidecars(file: string): void {
  for (const suffix of ['', ...SIDECARS]) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Copies the live database into `destination` while the bot keeps running. It uses
 * `VACUUM INTO`: one read transaction, so the copy is a single consistent snapshot however
 * much the bot writes meanwhile (in WAL mode readers never wait for the writer, nor the writer
 * for them), and a compact file without the free pages. The online backup API
 * (`db.backup()`) copies page by page and starts over whenever another connection writes,
 * which with a busy bot may never finish. The copy is written beside the destination, checked
 * like a restore would check it, and only then renamed into place. Like the database, it is
 * readable by its owner only.
 */
export async function backupDatabase(databaseUrl: string, destination: string, options: { force?: boolean } = {}): Promise<BackupResult> {
  const started = performance.now();
  const source = databaseFilePath(databaseUrl);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} (DATABASE_URL).`);
  const target = path.resolve(destination);
  if (target === path.resolve(source)) throw new BackupError('The backup cannot be the database itself.');
  if (existsSync(target) && !options.force) throw new BackupError(`${destination} already exists; pass --force to replace it.`);
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  removeWithSidecars(partial);
  try {
    createOwnerOnlyFile(partial);
    const sqlite = new Database(source, { fileMustExist: true });
    try {
      sqlite.pragma('busy_timeout = 5000');
      sqlite.prepare('VACUUM INTO ?').run(partial);
    } finally {
      sqlite.close();
    }
    await checkJiashuDatabase(partial);
    syncFile(partial);
    renameSync(partial, target);
  } catch (error) {
    removeWithSidecars(partial);
    if (error instanceof BackupError) throw new BackupError(error.message.replaceAll(partial, source));
    throw new BackupError(`The backup failed: ${sqliteMessage(error)}`);
  }
  return { file: target, bytes: statSync(target).size, milliseconds: Math.round(performance.now() - started) };
}

/**
 * The tables a database with these migrations must have: those the migrations create
 * (a table Prisma redefines is created as `new_<name>` and renamed back, so it counts once).
 */
async function expectedTables(migrations: string[]): Promise<string[]> {
  const known = await readMigrations();
  const tables = new Set<string>();
  for (const folder of known.migrationDirectories) {
    if (!migrations.includes(folder.path) || folder.migrationFile.content.tag !== 'ok') continue;
    for (const match of folder.migrationFile.content.value.matchAll(/CREATE TABLE "(\w+)"/g)) {
      if (!match[1]!.startsWith('new_')) tables.add(match[1]!);
    }
  }
  return [...tables];
}

/**
 * Refuses anything that is not a readable Jiashu database this version can migrate: not
 * SQLite, damaged (`PRAGMA integrity_check`), without `_prisma_migrations`, with a failed
 * migration or one this version does not know, or missing a table its migrations created.
 * Opens the file read-only, so checking a backup never changes it.
 */
export async function checkJiashuDatabase(file: string): Promise<DatabaseCheck> {
  if (!existsSync(file)) throw new BackupError(`There is no file ${file}.`);
  let sqlite: Database.Database | undefined;
  let names: string[];
  let migrations: { migration_name: string; finished_at: string | null; rolled_back_at: string | null }[];
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    if (problems.length > 0) throw new BackupError(`${file} is damaged (integrity check: ${problems.slice(0, 3).join('; ')}).`);
    names = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
    if (!names.includes('_prisma_migrations')) throw new BackupError(`${file} is not a Jiashu database: it has no _prisma_migrations table.`);
    migrations = sqlite.prepare('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations').all() as typeof migrations;
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a readable SQLite database (${sqliteMessage(error)}).`);
  } finally {
    sqlite?.close();
  }
  const failed = migrations.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) throw new BackupError(`${file} has a migration that did not finish (${failed.migration_name}); it cannot be restored.`);
  const applied = migrations.filter((row) => row.rolled_back_at === null).map((row) => row.migration_name).sort();
  if (applied.length === 0) throw new BackupError(`${file} is not a Jiashu database: no migration was ever applied to it.`);
  const known = new Set((await readMigrations()).migrationDirectories.map((folder) => folder.path));
  const unknown = applied.find((name) => !known.has(name));
  if (unknown) throw new BackupError(`${file} comes from a newer Jiashu (migration ${unknown} is unknown here); update Jiashu first.`);
  const missing = (await expectedTables(applied)).filter((table) => !names.includes(table));
  if (missing.length > 0) throw new BackupError(`${file} is not a Jiashu database: tables missing: ${missing.join(', ')}.`);
  return { migrations: applied, tables: names.length };
}

/**
 * Fails unless no other connection has the database open: leaving WAL mode needs the only
 * connection, so a running bot makes it fail at once. Leaving WAL mode also folds the
 * write-ahead log into the file, so the file alone holds all of its data afterwards.
 */
function takeOverDatabase(file: string): void {
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('journal_mode = DELETE');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new BackupError(`The database ${file} is in use (${sqliteMessage(error)}): stop the bot before restoring.`);
    }
    throw new BackupError(`The current database ${file} cannot be opened (${sqliteMessage(error)}); move it away and restore again.`);
  } finally {
    sqlite.close();
  }
}

/**
 * Puts a backup in place of the database: checks it, refuses while another process has the
 * database open, keeps the current file as `<db>.before-restore`, moves the backup in and
 * applies the migrations it lacks. The database is never left half-copied: the backup is
 * copied and checked beside it first, then renamed. The restored file is readable by its owner
 * only, whatever the backup's mode.
 */
export async function restoreDatabase(databaseUrl: string, backupFile: string, options: { force?: boolean } = {}): Promise<RestoreResult> {
  const target = path.resolve(databaseFilePath(databaseUrl));
  if (!existsSync(backupFile)) throw new BackupError(`There is no file ${backupFile}.`);
  if (path.resolve(backupFile) === target) throw new BackupError('The backup is the database itself.');
  mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  removeWithSidecars(staging);
  try {
    copyFileSync(backupFile, staging);
    chmodSync(staging, OWNER_ONLY);
    await checkJiashuDatabase(staging);
  } catch (error) {
    removeWithSidecars(staging);
    throw error instanceof BackupError ? new BackupError(error.message.replaceAll(staging, backupFile)) : error;
  }
  let previous: string | undefined;
  try {
    if (existsSync(target)) {
      previous = `${target}.before-restore`;
      if (existsSync(previous) && !options.force) {
        throw new BackupError(`${previous} is there from an earlier restore; move it away or pass --force to replace it.`);
      }
      takeOverDatabase(target);
      removeWithSidecars(previous);
      renameSync(target, previous);
    }
    for (const suffix of SIDECARS) rmSync(`${target}${suffix}`, { force: true });
    syncFile(staging);
    renameSync(staging, target);
  } finally {
    removeWithSidecars(staging);
  }
  return { previous, applied: await applyPendingMigrations(`file:${target}`) };
}
