import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** The file path inside a SQLite `file:` URL. */
export function databaseFilePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '');
}

/** Creates the folder of the database file, so a fresh checkout starts without setup. */
export function ensureDatabaseDirectory(databaseUrl: string): void {
  const file = databaseFilePath(databaseUrl);
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}
