import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { withSchemaEngine, type SchemaFile } from './schema-engine.js';
import { ensureDatabaseFile } from './database-url.js';
import { failedMigrationError, MigrationError, readMigrationHistory, resolveCommand } from './migration-history.js';
import { canRunInTransaction, inMigrationTransaction } from './migration-transaction.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where `schema.prisma` and `migrations/` live. */
export const prismaDir = path.join(projectRoot, 'prisma');
/** Where the migration folders live. */
export const migrationsDir = path.join(prismaDir, 'migrations');
const noTableFilters = { externalTables: [], externalEnums: [] };
const EMPTY_MIGRATION = '-- This is an empty migration.';

/** Reads `schema.prisma` in the shape the schema engine takes. */
export async function readSchema(): Promise<SchemaFile> {
  const schemaPath = path.join(prismaDir, 'schema.prisma');
  return { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
}

/** Reads every migration folder, oldest first, as the schema engine's migration list. */
export async function readMigrations(dir = migrationsDir): Promise<MigrationList> {
  const lockPath = path.join(dir, 'migration_lock.toml');
  const folders = existsSync(dir)
    ? (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
  return {
    baseDir: dir,
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
          content: { tag: 'ok' as const, value: await readFile(path.join(dir, folder, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

function migrationSql(migration: MigrationList['migrationDirectories'][number]): string {
  return migration.migrationFile.content.tag === 'ok' ? migration.migrationFile.content.value : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Applies the migrations this database has not had yet and records them in
 * `_prisma_migrations`, as `prisma migrate deploy` would, without the native engine. Each
 * migration and its record go in one transaction where SQLite allows it, so a failure or a
 * crash half-way leaves the database as it was and the next start applies the migration
 * again. Refuses, naming the command that resolves it, a database whose record shows a
 * migration that never finished. Returns the names of the migrations it applied.
 */
export async function applyPendingMigrations(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  ensureDatabaseFile(databaseUrl);
  const migrationsList = await readMigrations(dir);
  const history = readMigrationHistory(databaseUrl);
  if (history.failed[0]) throw failedMigrationError(history.failed[0]);
  const pending = migrationsList.migrationDirectories.filter((folder) => !history.finished.has(folder.path));
  if (pending.length === 0) return [];
  return withSchemaEngine(databaseUrl, await readSchema(), async (engine, connection) => {
    const applied: string[] = [];
    for (const migration of pending) {
      // The engine applies whatever the list holds that the database lacks: only this one.
      const list = {
        ...migrationsList,
        migrationDirectories: migrationsList.migrationDirectories.filter((folder) => history.finished.has(folder.path) || folder === migration),
      };
      const apply = () => engine.applyMigrations({ migrationsList: list, filters: noTableFilters });
      const { appliedMigrationNames } = canRunInTransaction(migrationSql(migration))
        ? await inMigrationTransaction(connection, apply).catch((error: unknown) => {
            throw new MigrationError(
              `The database migration ${migration.path} failed and was undone; the database is as it was before it (${messageOf(error)}).`,
              { cause: error },
            );
          })
        : await apply().catch((error: unknown) => {
            throw failedMigrationError({ name: migration.path, logs: messageOf(error) });
          });
      applied.push(...appliedMigrationNames);
      history.finished.add(migration.path);
    }
    return applied;
  });
}

/**
 * Marks a migration that never finished as rolled back (`prisma migrate resolve
 * --rolled-back`), so that the next start applies it again. The operator undoes whatever
 * part of it reached the database first; `failedMigrationError` says so.
 */
export async function resolveFailedMigration(databaseUrl: string, name: string): Promise<void> {
  const { failed } = readMigrationHistory(databaseUrl);
  if (!failed.some((migration) => migration.name === name)) {
    throw new MigrationError(
      failed.length === 0
        ? `The database has no unfinished migration; there is nothing to resolve.`
        : `${name} is not an unfinished migration of this database; ${failed.map((migration) => resolveCommand(migration.name)).join(' or ')} is.`,
    );
  }
  await withSchemaEngine(databaseUrl, await readSchema(), (engine) => engine.markMigrationRolledBack({ migrationName: name }));
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
