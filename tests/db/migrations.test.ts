import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applyPendingMigrations, pendingSchemaChanges, readMigrations, readSchema } from '../../src/db/migrations.js';

const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-migrate-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The permission bits of a database file and of the files SQLite keeps beside it. */
async function modesOf(file: string, suffixes: string[]): Promise<Record<string, string>> {
  const modes: Record<string, string> = {};
  for (const suffix of suffixes) modes[`${path.basename(file)}${suffix}`] = ((await stat(`${file}${suffix}`)).mode & 0o777).toString(8);
  return modes;
}

describe('migrations through the WebAssembly schema engine', () => {
  it('cover every change in schema.prisma (run `npm run db:migration -- <name>` if this fails)', async () => {
    expect(await pendingSchemaChanges()).toBeNull();
  });

  it('find a schema change that no migration covers', async () => {
    const schema = await readSchema();
    const changed = { ...schema, content: `${schema.content}\nmodel Festival {\n  id Int @id\n  name String\n}\n` };
    expect(await pendingSchemaChanges(changed)).toMatch(/CREATE TABLE "Festival"/);
  });

  it('create a new database in a new folder and record each migration once', async () => {
    const url = `file:${path.join(dir, 'nested', 'folder', 'fresh.db')}`;
    const { migrationDirectories } = await readMigrations();
    const names = migrationDirectories.map((folder) => folder.path);

    expect(await applyPendingMigrations(url)).toEqual(names);
    expect(await applyPendingMigrations(url)).toEqual([]);

    const sqlite = new Database(url.slice('file:'.length), { readonly: true });
    const recorded = sqlite.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL').all();
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => (row as { name: string }).name);
    sqlite.close();
    expect(recorded).toEqual(names.map((migration_name) => ({ migration_name })));
    expect(tables).toEqual(expect.arrayContaining([
      'School', 'Class', 'User', 'Membership', 'Child', 'GuardianLink', 'Pairing',
      'Invite', 'AuditLog', 'OutboxMessage', 'JobRun', 'ConversationState',
    ]));
  });
});

describe('the database connection', () => {
  it('uses write-ahead logging and enforces foreign keys', async () => {
    const url = `file:${path.join(dir, 'pragmas.db')}`;
    await applyPendingMigrations(url);
    const db = await openDatabase(url);
    const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(journal?.journal_mode).toBe('wal');
    await expect(db.class.create({ data: { schoolId: 999, name: 'Class 1' } })).rejects.toThrow(/foreign key/i);
    await db.$disconnect();
  });

  it('keeps the database and its write-ahead log readable by their owner only', async () => {
    const file = path.join(dir, 'private', 'jiashu.db');
    await applyPendingMigrations(`file:${file}`);
    const db = await openDatabase(`file:${file}`);
    await db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
    expect(await modesOf(file, ['', '-wal', '-shm'])).toEqual({ 'jiashu.db': '600', 'jiashu.db-wal': '600', 'jiashu.db-shm': '600' });
    await db.$disconnect();
  });

  it('takes group and other access away from a database an older version made', async () => {
    const file = path.join(dir, 'older.db');
    await applyPendingMigrations(`file:${file}`);
    await chmod(file, 0o644);
    const db = await openDatabase(`file:${file}`);
    expect(await modesOf(file, [''])).toEqual({ 'older.db': '600' });
    await db.$disconnect();
  });

  it('keeps the idempotency key of an outbox message unique', async () => {
    const url = `file:${path.join(dir, 'outbox.db')}`;
    await applyPendingMigrations(url);
    const db = await openDatabase(url);
    const user = await db.user.create({ data: { telegramId: 9_007_199_254_740_000n, displayName: 'A' } });
    const message = { idempotencyKey: 'weekly-note:child-1:2026-W48:user-1', recipientId: user.id, payload: '{}' };
    await db.outboxMessage.create({ data: message });
    await expect(db.outboxMessage.create({ data: message })).rejects.toThrow(/unique/i);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).telegramId).toBe(9_007_199_254_740_000n);
    await db.$disconnect();
  });
});
