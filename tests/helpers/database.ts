import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

/**
 * A fresh, fully migrated SQLite database for one test file: a copy of the template that
 * the global setup migrated once, so test files run in parallel without sharing data.
 */
export async function freshDatabaseUrl(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-test-'));
  const file = path.join(dir, 'test.db');
  await copyFile(inject('templateDatabase'), file);
  return `file:${file}`;
}
