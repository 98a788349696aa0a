import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { MigrationError } from '../../src/db/migration-history.js';
import { applyPendingMigrations, migrationsDir } from '../../src/db/migrations.js';
import { freshDatabaseUrl } from '../helpers/database.js';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const crashingProcess = fileURLToPath(new URL('./migrate-and-crash-process.ts', import.meta.url));
const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-migration-failures-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const MOTTO = '29990101000000_school_motto';

/** The project's migrations plus one more, `MOTTO`, in a folder of their own. */
async function migrationsWithMotto(folder: string, sql: string): Promise<string> {
  const target = path.join(dir, folder);
  await cp(migrationsDir, target, { recursive: true });
  await mkdir(path.join(target, MOTTO));
  await writeFile(path.join(target, MOTTO, 'migration.sql'), sql);
  return target;
}

/** A migrated database in WAL mode, as the bot leaves it, with a school and two audit entries about one entity. */
async function databaseWithTwinEntries(): Promise<string> {
  const url = await freshDatabaseUrl();
  const db = await openDatabase(url);
  await db.school.create({ data: { name: '石桥小学', timezone: 'Asia/Shanghai' } });
  await db.auditLog.createMany({ data: [{ action: 'a', entity: 'Child', entityId: 7 }, { action: 'b', entity: 'Child', entityId: 7 }] });
  await db.$disconnect();
  return url;
}

/** The change the migrations below make fail on the entries above. */
const UNIQUE_ENTRIES = 'CREATE UNIQUE INDEX "AuditLog_entity_entityId_key" ON "AuditLog"("entity", "entityId");';

/** What a migration could have changed: the tables, the School columns, the migration records. */
function schemaOf(url: string) {
  const sqlite = new Database(url.slice('file:'.length), { fileMustExist: true });
  try {
    return {
      tables: sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all(),
      schoolColumns: sqlite.prepare('SELECT name FROM pragma_table_info(\'School\')').all(),
      schools: sqlite.prepare('SELECT name FROM "School" ORDER BY id').all(),
      records: sqlite.prepare('SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolledBack FROM _prisma_migrations ORDER BY started_at').all(),
    };
  } finally {
    sqlite.close();
  }
}

/** Fixes the data the migration failed on. */
function renumberSecondEntry(url: string): void {
  const sqlite = new Database(url.slice('file:'.length), { fileMustExist: true });
  sqlite.prepare('UPDATE "AuditLog" SET "entityId" = 8 WHERE "id" = (SELECT MAX("id") FROM "AuditLog")').run();
  sqlite.close();
}

describe('a migration that fails half-way', () => {
  it('leaves the database as it was, and the next start applies it once the cause is fixed', async () => {
    const url = await databaseWithTwinEntries();
    const migrations = await migrationsWithMotto('unique-names', [
      'CREATE TABLE "Motto" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL);',
      'ALTER TABLE "School" ADD COLUMN "motto" TEXT;',
      UNIQUE_ENTRIES,
    ].join('\n'));
    const before = schemaOf(url);

    await expect(applyPendingMigrations(url, migrations)).rejects.toThrow(
      `The database migration ${MOTTO} failed and was undone; the database is as it was before it`,
    );
    expect(schemaOf(url)).toEqual(before);

    renumberSecondEntry(url);
    expect(await applyPendingMigrations(url, migrations)).toEqual([MOTTO]);
    const after = schemaOf(url);
    expect(after.tables).toContainEqual({ name: 'Motto' });
    expect(after.schoolColumns).toContainEqual({ name: 'motto' });
    expect(after.records.at(-1)).toEqual({ migration_name: MOTTO, finished: 1, rolledBack: 0 });
  });

  it('leaves nothing of it after a crash in the middle, and the next start applies it', async () => {
    const url = await databaseWithTwinEntries();
    const migrations = await migrationsWithMotto('crash', [
      'CREATE TABLE "Motto" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL);',
      'INSERT INTO "Motto" ("id", "text") VALUES (1, \'好好学习\');',
      '-- crash here',
      'ALTER TABLE "School" ADD COLUMN "motto" TEXT;',
    ].join('\n'));
    const before = schemaOf(url);

    const child = spawn(process.execPath, ['--import', 'tsx', crashingProcess], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, MIGRATIONS_DIR: migrations },
      stdio: 'ignore',
    });
    const signal = await new Promise((resolve) => child.once('exit', (_code, killedBy) => resolve(killedBy)));
    expect(signal).toBe('SIGKILL');
    expect(schemaOf(url)).toEqual(before);

    expect(await applyPendingMigrations(url, migrations)).toEqual([MOTTO]);
    const after = schemaOf(url);
    expect(after.tables).toContainEqual({ name: 'Motto' });
    expect(after.schoolColumns).toContainEqual({ name: 'motto' });
  });
});

describe('a database with a migration that never finished', () => {
  it('is refused with the command that resolves it, and after that command the next start applies it', async () => {
    const url = await databaseWithTwinEntries();
    // VACUUM cannot run in a transaction: this migration runs as written, as all did before.
    const migrations = await migrationsWithMotto('resolve', [
      'CREATE TABLE "Motto" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL);',
      'VACUUM;',
      UNIQUE_ENTRIES,
    ].join('\n'));
    const resolve = `npm run db:migrate -- --resolve ${MOTTO}`;

    await expect(applyPendingMigrations(url, migrations)).rejects.toThrow(resolve);
    await expect(applyPendingMigrations(url, migrations)).rejects.toThrow(
      new MigrationError([
        `The database migration ${MOTTO} did not finish (Unique constraint failed on the fields: (\`entity\`,\`entityId\`)).`,
        `Part of it may be in the database: compare with prisma/migrations/${MOTTO}/migration.sql and undo that part`,
        '(or put back a backup with `npm run restore`). Then run',
        `  ${resolve}`,
        'to mark it rolled back; the next start applies it again.',
      ].join('\n')),
    );
    expect(schemaOf(url).records.at(-1)).toEqual({ migration_name: MOTTO, finished: 0, rolledBack: 0 });

    // What the operator does: undo the part that was applied, fix the cause, resolve.
    const sqlite = new Database(url.slice('file:'.length));
    sqlite.exec('DROP TABLE "Motto"');
    sqlite.close();
    renumberSecondEntry(url);
    const cli = ['--import', 'tsx', 'src/db/migrate-cli.ts', '--resolve', MOTTO];
    const { stdout } = await run(process.execPath, cli, { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url } });
    expect(stdout).toBe(`${MOTTO} is marked rolled back; the next start (or npm run db:migrate) applies it again.\n`);

    expect(await applyPendingMigrations(url, migrations)).toEqual([MOTTO]);
    expect(schemaOf(url).records.slice(-2)).toEqual([
      { migration_name: MOTTO, finished: 0, rolledBack: 1 },
      { migration_name: MOTTO, finished: 1, rolledBack: 0 },
    ]);
  });
});
