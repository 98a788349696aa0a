import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

/** Read and write for the owner only: the database holds children's files. */
export const OWNER_ONLY = 0o600;
/** The files SQLite keeps beside a database while it is open or after a crash. */
export const SIDECARS = ['-wal', '-shm', '-journal'];

/** The file path inside a SQLite `file:` URL. */
export function databaseFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

/**
 * Creates `file` empty and readable by its owner only, unless it exists. SQLite gives the
 * write-ahead log and the other files it makes beside a database the database's mode, and
 * `VACUUM INTO` accepts an empty file, so creating the file first is what keeps them private.
 */
export function createOwnerOnlyFile(file: string): void {
  if (existsSync(file)) return;
  closeSync(openSync(file, 'wx', OWNER_ONLY));
}

/** Takes group and other access away from a file of ours, such as a database made by an older version. */
function restrictToOwner(file: string): void {
  if (!existsSync(file)) return;
  const { mode, uid } = statSync(file);
  if ((mode & 0o077) !== 0 && uid === process.getuid?.()) chmodSync(file, mode & OWNER_ONLY);
}

/**
 * Creates the folder of the database file, so a fresh checkout starts without setup, and the
 * file itself readable by its owner only; an existing database and its side files lose any
 * group or other access.
 */
export function ensureDatabaseFile(databaseUrl: string): void {
  const file = databaseFilePath(databaseUrl);
  if (file === ':memory:') return;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  createOwnerOnlyFile(file);
  for (const suffix of ['', ...SIDECARS]) restrictToOwner(`${file}${suffix}`);
}
