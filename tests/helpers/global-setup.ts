import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { applyPendingMigrations } from '../../src/db/migrations.js';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database for the whole run (each test file copies it) and builds
 * `dist/` once, so the tests that run `npm start` in parallel do not compile over each other.
 */
export default async function setup(project: TestProject) {
  await run('npm', ['run', 'build', '--silent'], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-template-'));
  const file = path.join(dir, 'template.db');
  await applyPendingMigrations(`file:${file}`);
  project.provide('templateDatabase', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
