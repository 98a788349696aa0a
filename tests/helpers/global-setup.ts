import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyPendingMigrations } from '../../src/db/migrations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database for the whole run; each test file copies it. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-template-'));
  const file = path.join(dir, 'template.db');
  await applyPendingMigrations(`file:${file}`);
  project.provide('templateDatabase', file);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
