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

type Prepared = Promise<{ dir: string; file: string }>;
/** Kept on globalThis: each project loads this module anew. */
const shared = globalThis as { jiashuTestPreparation?: Prepared };

/**
 * Builds `dist/` (so the tests that run `npm start` in parallel do not compile over each
 * other) and migrates one template database that each test file copies. Both test projects
 * share the one preparation. `JIASHU_TEST_SKIP_BUILD=1` skips the build when running only
 * tests that never start the process.
 */
function prepareOnce(): Prepared {
  shared.jiashuTestPreparation ??= (async () => {
    if (process.env.JIASHU_TEST_SKIP_BUILD !== '1') {
      await run('npm', ['run', 'build', '--silent'], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-template-'));
    const file = path.join(dir, 'template.db');
    await applyPendingMigrations(`file:${file}`);
    return { dir, file };
  })();
  return shared.jiashuTestPreparation;
}

/** Hands each test project the template database; the last one to finish removes it. */
export default async function setup(project: TestProject) {
  const { dir, file } = await prepareOnce();
  project.provide('templateDatabase', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
