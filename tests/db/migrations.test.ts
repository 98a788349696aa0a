import { chmod, cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applyPendingMigrations, migrationsDir, pendingSchemaChanges, readMigrations, readSchema } from '../../src/db/migrations.js';
import { createDomain } from '../../src/domain/index.js';
import { telegramAccount } from '../../src/domain/channel-accounts.js';
import { onTelegram } from '../helpers/accounts.js';

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
    const user = await db.user.create({ data: { accounts: onTelegram(9_007_199_254_740_000n), displayName: 'A' } });
    const message = { idempotencyKey: 'weekly-note:child-1:2026-W48:user-1', recipientId: user.id, payload: '{}' };
    await db.outboxMessage.create({ data: message });
    await expect(db.outboxMessage.create({ data: message })).rejects.toThrow(/unique/i);
    expect(await db.channelAccount.findMany({ where: { userId: user.id }, select: { channel: true, externalId: true } })).toEqual([{ channel: 'telegram', externalId: '9007199254740000' }]);
    await db.$disconnect();
  });
});

describe('the channel_accounts migration', () => {
  it('gives every existing user a Telegram account from their Telegram id, and keeps their rows and wrong-code counts', async () => {
    const migration = (await readMigrations()).migrationDirectories.find((folder) => folder.path.endsWith('_channel_accounts'))!.path;
    const older = path.join(dir, 'before-channel-accounts');
    const earlier = (source: string) => {
      const folder = path.relative(migrationsDir, source).split(path.sep)[0]!;
      return !/^\d{14}_/.test(folder) || folder < migration;
    };
    await cp(migrationsDir, older, { recursive: true, filter: earlier });
    const file = path.join(dir, 'with-users.db');
    await applyPendingMigrations(`file:${file}`, older);
    const sqlite = new Database(file);
    sqlite.exec(`
      INSERT INTO "User" ("id", "telegramId", "displayName", "languageCode", "createdAt", "updatedAt") VALUES
        (1, 6001, '陈静', 'zh-hans', '2026-11-01T00:00:00.000+00:00', '2026-11-01T00:00:00.000+00:00'),
        (2, 9007199254740000, 'Liu Qiang', 'en', '2026-11-02T00:00:00.000+00:00', '2026-11-02T00:00:00.000+00:00');
      INSERT INTO "School" ("id", "name", "timezone") VALUES (1, '希望中学', 'Asia/Shanghai');
      INSERT INTO "Membership" ("userId", "role", "schoolId") VALUES (2, 'ADMIN', 1);
      INSERT INTO "OutboxMessage" ("idempotencyKey", "recipientId", "payload") VALUES ('note:1', 1, '{}');
      INSERT INTO "InviteFailure" ("telegramId", "createdAt") VALUES (6001, '2026-11-03T00:00:00.000+00:00'), (7777, '2026-11-03T00:00:00.000+00:00');
    `);
    sqlite.close();

    expect(await applyPendingMigrations(`file:${file}`)).toContain(migration);
    const db = await openDatabase(`file:${file}`);
    try {
      expect(await db.channelAccount.findMany({ orderBy: { id: 'asc' }, select: { userId: true, channel: true, externalId: true } })).toEqual([
        { userId: 1, channel: 'telegram', externalId: '6001' },
        { userId: 2, channel: 'telegram', externalId: '9007199254740000' },
      ]);
      expect(await db.user.findMany({ orderBy: { id: 'asc' }, select: { id: true, displayName: true, languageCode: true } })).toEqual([
        { id: 1, displayName: '陈静', languageCode: 'zh-hans' },
        { id: 2, displayName: 'Liu Qiang', languageCode: 'en' },
      ]);
      expect(await db.membership.count({ where: { userId: 2 } })).toBe(1);
      expect(await db.outboxMessage.count({ where: { recipientId: 1 } })).toBe(1);
      expect(await db.inviteFailure.findMany({ select: { userId: true } })).toEqual([{ userId: 1 }]);
      const users = createDomain(db, { inviteTtlDays: 7 }).users;
      expect(await users.byAccount(telegramAccount(9_007_199_254_740_000))).toMatchObject({ id: 2, displayName: 'Liu Qiang' });
    } finally {
      await db.$disconnect();
    }
  });
});
