import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { withSchemaEngine, type SchemaFile } from './schema-engine.js';
import Database from 'better-sqlite3';
import { databaseFilePath, ensureDatabaseDirectory } from './database-url.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where `schema.prisma` and `migrations/` live. */
export const prismaDir = path.join(projectRoot, 'prisma');
const migrationsDir = path.join(prismaDir, 'migrations');
const noTableFilters = { externalTables: [], externalEnums: [] };
const EMPTY_MIGRATION = '-- This is an empty migration.';

/** Reads `schema.prisma` in the shape the schema engine takes. */
export async function readSchema(): Promise<SchemaFile> {
  const schemaPath = path.join(prismaDir, 'schema.prisma');
  return { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
}

/** Reads every migration folder, oldest first, as the schema engine's migration list. */
export async function readMigrations(): Promise<MigrationList> {
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const folders = existsSync(migrationsDir)
    ? (await readdir(migrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, folder, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/**
 * Applies the migrations this database has not had yet and records them in
 * `_prisma_migrations`, as `prisma migrate deploy` would, without the native engine.
 * Returns the names of the migrations it applied.
 */
export async function applyPendingMigrations(databaseUrl: string): Promise<string[]> {
  ensureDatabaseDirectory(databaseUrl);
  const migrationsList = await readMigrations();
  const applied = recordedMigrations(databaseUrl);
  if (migrationsList.migrationDirectories.every((folder) => applied.has(folder.path))) return [];
  const { appliedMigrationNames } = await withSchemaEngine(databaseUrl, await readSchema(), (engine) =>
    engine.applyMigrations({ migrationsList, filters: noTableFilters }),
  );
  return appliedMigrationNames;
}

/**
 * The migrations a database has recorded as finished, read directly: when there is
 * nothing to apply the schema engine is not started, and it would wait for the lock
 * that a running bot holds on the file.
 */
function recordedMigrations(databaseUrl: string): Set<string> {
  const file = databaseFilePath(databaseUrl);
  if (file === ':memory:' || !existsSync(file)) return new Set();
  const sqlite = new Database(file, { readonly: true });
  try {
    const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasTable) return new Set();
    const rows = sqlite
      .prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { migration_name: string }[];
    return new Set(rows.map((row) => row.migration_name));
  } finally {
    sqlite.close();
  }
}

/**
 * The SQL that would bring a database migrated with every existing migration up to
 * `schema.prisma` (or the schema given), or `null` when the migrations already cover the schema. It migrates a
 * scratch database and diffs it against the schema, since SQLite gives the engine no shadow database.
 */
export async function pendingSchemaChanges(schema?: SchemaFile): Promise<string | null> {
  const scratchDir = await mkdtemp(path.join(tmpdir(), 'jiashu-migration-'));
  const scratchUrl = `file:${path.join(scratchDir, 'scratch.db')}`;
  try {
    const target = schema ?? (await readSchema());
    const migrations = await readMigrations();
    return await withSchemaEngine(scratchUrl, target, async (engine) => {
      await engine.applyMigrations({ migrationsList: migrations, filters: noTableFilters });
      const from = migrations.migrationDirectories.length === 0
        ? { tag: 'empty' as const }
        : { tag: 'schemaDatasource' as const, files: [target], configDir: prismaDir };
      const { stdout } = await engine.diff({
        from,
        to: { tag: 'schemaDatamodel', files: [target] },
        script: true,
        exitCode: null,
        filters: noTableFilters,
      });
      const sql = (stdout ?? '').trim();
      return sql === '' || sql === EMPTY_MIGRATION ? null : `${sql}\n`;
    });
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** The folder where the next migration called `name` goes: `<UTC timestamp>_<name>`. */
export function nextMigrationFolder(name: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return path.join(migrationsDir, `${stamp}_${name}`);
}
