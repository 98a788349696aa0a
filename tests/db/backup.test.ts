import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, checkJiashuDatabase, restoreDatabase } from '../../src/db/backup.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { applyPendingMigrations, migrationsDir, readMigrations } from '../../src/db/migrations.js';
import { freshDatabaseUrl } from '../helpers/database.js';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const writerScript = fileURLToPath(new URL('../helpers/db-writer-process.ts', import.meta.url));
const cli = (name: string) => fileURLToPath(new URL(`../../src/cli/${name}.ts`, import.meta.url));

const childNames = Array.from({ length: 300 }, (_, i) => `孩子${i + 1}`);

/**
 * A backup as the version before the newest migration made it: that version's schema (every
 * migration but the newest) holding the live database's rows, in the columns both versions have.
 */
async function backupOfTheVersionBefore(newest: string): Promise<string> {
  const migrations = path.join(workdir, 'older-migrations');
  await cp(migrationsDir, migrations, { recursive: true, filter: (source) => path.basename(source) !== newest });
  const file = path.join(workdir, 'older.db');
  await applyPendingMigrations(`file:${file}`, migrations);
  const current = path.join(workdir, 'current.db');
  await backupDatabase(databaseUrl, current);
  const older = new Database(file);
  older.exec(`ATTACH DATABASE '${current}' AS current`);
  const tables = older.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'").pluck().all() as string[];
  older.exec('PRAGMA foreign_keys = OFF');
  const columnsOf = (table: string, schema: string) => (older.prepare(`PRAGMA ${schema}.table_info("${table}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
  for (const table of tables) {
    const inCurrent = new Set(columnsOf(table, 'current'));
    const columns = columnsOf(table, 'main').filter((column) => inCurrent.has(column)).join(', ');
    older.exec(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM current."${table}"`);
  }
  older.exec('DETACH DATABASE current');
  older.close();
  return file;
}

let workdir: string;
let databaseUrl: string;
let db: Db;

/** A bot-like process writing pairs of rows into the database until it is stopped. */
async function startWriter(url: string): Promise<ChildProcess> {
  const writer = spawn(process.execPath, ['--import', 'tsx', writerScript], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    writer.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    writer.once('exit', (code) => reject(new Error(`the writer exited with ${code}`)));
  });
  return writer;
}

async function stopWriter(writer: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => writer.once('exit', resolve));
  writer.kill('SIGTERM');
  return exited;
}

/** Pairs in a copy: every entityId must appear twice, once per row of its transaction. */
function pairsIn(file: string): { pairs: number; broken: number } {
  const sqlite = new Database(file, { readonly: true });
  try {
    const rows = sqlite.prepare("SELECT entityId, COUNT(*) AS n FROM AuditLog WHERE entity = 'Pair' GROUP BY entityId").all() as { n: number }[];
    return { pairs: rows.length, broken: rows.filter((row) => row.n !== 2).length };
  } finally {
    sqlite.close();
  }
}

/** A file's permission bits, as `ls -l` would show them in octal. */
async function modeOf(file: string): Promise<string> {
  return ((await stat(file)).mode & 0o777).toString(8);
}

async function expectRefused(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await expect(promise).rejects.toThrow(message);
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'jiashu-backup-'));
  databaseUrl = await freshDatabaseUrl();
  db = await openDatabase(databaseUrl);
  const school = await db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await db.class.create({ data: { schoolId: school.id, name: '七年级二班' } });
  await db.child.createMany({
    data: childNames.map((name, i) => ({ schoolId: school.id, classId: klass.id, name, guardianPhone: `1380013${String(i).padStart(4, '0')}` })),
  });
  await db.auditLog.createMany({ data: Array.from({ length: 5000 }, (_, i) => ({ action: 'seed', entity: 'Child', entityId: i, details: 'x'.repeat(100) })) });
});
afterAll(async () => {
  await db.$disconnect();
  await rm(workdir, { recursive: true, force: true });
});

describe('backups of the live database', () => {
  it('copies a consistent snapshot while a bot-like process writes, and restores it with the data', async () => {
    const writer = await startWriter(databaseUrl);
    const copies: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const file = path.join(workdir, `during-${i}.db`);
        const result = await backupDatabase(databaseUrl, file);
        expect(result.file).toBe(file);
        expect(result.bytes).toBeGreaterThan(100_000);
        expect(result.milliseconds).toBeGreaterThanOrEqual(0);
        copies.push(file);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      expect(await stopWriter(writer)).toBe(0);
    }

    const counts = copies.map(pairsIn);
    for (const count of counts) expect(count).toMatchObject({ broken: 0, pairs: expect.any(Number) });
    expect(counts[2]!.pairs).toBeGreaterThan(counts[0]!.pairs);
    expect(await db.auditLog.count({ where: { entity: 'Pair' } })).toBeGreaterThan(counts[2]!.pairs * 2);
    for (const file of copies) await expect(checkJiashuDatabase(file)).resolves.toMatchObject({ tables: expect.any(Number) });

    const fresh = path.join(workdir, 'fresh', 'restored.db');
    const restored = await restoreDatabase(`file:${fresh}`, copies[2]!);
    expect(restored).toEqual({ previous: undefined, applied: [] });
    const reopened = await openDatabase(`file:${fresh}`);
    try {
      expect(await reopened.school.findMany({ select: { name: true, timezone: true } })).toEqual([{ name: '希望中学', timezone: 'Asia/Shanghai' }]);
      const children = await reopened.child.findMany({ orderBy: { id: 'asc' }, include: { class: true } });
      expect(children.map((child) => child.name)).toEqual(childNames);
      expect(children[41]).toMatchObject({ guardianPhone: '13800130041', class: { name: '七年级二班' } });
      expect(await reopened.auditLog.count({ where: { action: 'seed' } })).toBe(5000);
      expect(await reopened.auditLog.count({ where: { entity: 'Pair' } })).toBe(counts[2]!.pairs * 2);
    } finally {
      await reopened.$disconnect();
    }
  });

  it('refuses to overwrite a file unless forced', async () => {
    const file = path.join(workdir, 'taken.db');
    await writeFile(file, 'keep me');
    await expectRefused(backupDatabase(databaseUrl, file), /taken\.db already exists; pass --force to replace it/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    await backupDatabase(databaseUrl, file, { force: true });
    expect(pairsIn(file).broken).toBe(0);
  });

  it('replaces a stopped database, keeps the old one, applies the migrations the backup lacks, and refuses while it is open', async () => {
    const newest = (await readMigrations()).migrationDirectories.at(-1)!;
    const backup = await backupOfTheVersionBefore(newest.path);

    const liveUrl = `file:${path.join(workdir, 'live', 'jiashu.db')}`;
    const live = await openDatabase(liveUrl);
    await live.$executeRawUnsafe('CREATE TABLE "Other" (id INTEGER)');
    await expectRefused(restoreDatabase(liveUrl, backup), /jiashu\.db is in use \(database is locked\): stop the bot before restoring/);
    await live.$disconnect();

    const result = await restoreDatabase(liveUrl, backup);
    expect(result).toEqual({ previous: expect.stringMatching(/jiashu\.db\.before-restore$/), applied: [newest.path] });
    const before = new Database(result.previous!, { readonly: true });
    expect(before.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'Other' }]);
    before.close();
    const restored = await openDatabase(liveUrl);
    expect(await restored.child.count()).toBe(childNames.length);
    await restored.$disconnect();

    await expectRefused(restoreDatabase(liveUrl, backup), /before-restore is there from an earlier restore; move it away or pass --force/);
  });

  it('refuses a file that is not a readable Jiashu database and leaves the database alone', async () => {
    const liveUrl = `file:${path.join(workdir, 'kept', 'jiashu.db')}`;
    await backupDatabase(databaseUrl, path.join(workdir, 'kept', 'jiashu.db'));

    const text = path.join(workdir, 'notes.txt');
    await writeFile(text, 'not a database at all, just some words that are long enough to look like a header'.repeat(100));
    await expectRefused(restoreDatabase(liveUrl, text), /notes\.txt is not a readable SQLite database \(file is not a database\)/);

    const stranger = path.join(workdir, 'stranger.db');
    const other = new Database(stranger);
    other.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO things (name) VALUES (\'a\')');
    other.close();
    await expectRefused(restoreDatabase(liveUrl, stranger), /stranger\.db is not a Jiashu database: it has no _prisma_migrations table/);

    const damaged = path.join(workdir, 'damaged.db');
    await backupDatabase(databaseUrl, damaged);
    const bytes = await readFile(damaged);
    const pageSize = bytes.readUInt16BE(16);
    for (let page = 3; page * pageSize < bytes.length; page += 2) bytes.fill(0x5a, page * pageSize + 8, page * pageSize + 200);
    await writeFile(damaged, bytes);
    await expectRefused(restoreDatabase(liveUrl, damaged), /damaged\.db (is damaged \(integrity check|is not a readable SQLite database \(database disk image is malformed)/);

    const partial = path.join(workdir, 'partial.db');
    await backupDatabase(databaseUrl, partial);
    const trimmed = new Database(partial);
    trimmed.exec('DROP TABLE "Letter"');
    trimmed.close();
    await expectRefused(restoreDatabase(liveUrl, partial), /partial\.db is not a Jiashu database: tables missing: Letter\./);

    expect(existsSync(path.join(workdir, 'kept', 'jiashu.db.before-restore'))).toBe(false);
    expect(existsSync(path.join(workdir, 'kept', 'jiashu.db.restoring'))).toBe(false);
    const kept = await openDatabase(liveUrl);
    expect(await kept.child.count()).toBe(childNames.length);
    await kept.$disconnect();
  });

  it('runs as npm run backup and npm run restore would, printing size and time, and both files are private', async () => {
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    const file = path.join(workdir, 'cli.db');
    const backup = await run(process.execPath, [tsx, cli('backup'), file], { env, timeout: 15_000 });
    expect(backup.stdout).toMatch(/^Backup written to .*cli\.db: \d+\.\d (KB|MB) in \d+ ms\.$/m);
    expect(await modeOf(file)).toBe('600');
    const again = await run(process.execPath, [tsx, cli('backup'), file], { env, timeout: 15_000 }).catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists; pass --force/) });

    const targetUrl = `file:${path.join(workdir, 'cli-target', 'jiashu.db')}`;
    const targetEnv = { ...process.env, DATABASE_URL: targetUrl };
    const unconfirmed = await run(process.execPath, [tsx, cli('restore'), file], { env: targetEnv, timeout: 15_000 }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(unconfirmed).toMatchObject({ code: 2, stdout: expect.stringContaining('is a Jiashu database'), stderr: expect.stringContaining('Stop the bot first, then run again with --yes.') });
    const restore = await run(process.execPath, [tsx, cli('restore'), file, '--yes'], { env: targetEnv, timeout: 15_000 });
    expect(restore.stdout).toMatch(/^Restored into .*jiashu\.db in \d+ ms\.\nNo migration was pending\.$/m);
    expect(await modeOf(targetUrl.slice('file:'.length))).toBe('600');

    // A backup copied around with looser permissions still comes back private.
    await chmod(file, 0o644);
    await run(process.execPath, [tsx, cli('restore'), file, '--yes', '--force'], { env: targetEnv, timeout: 15_000 });
    expect(await modeOf(targetUrl.slice('file:'.length))).toBe('600');
  });
});
