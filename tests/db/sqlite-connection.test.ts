import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sqliteOf, type Db } from '../../src/db/client.js';
import { sqliteTimestamp } from '../../src/db/sqlite-connection.js';
import { freshDatabaseUrl } from '../helpers/database.js';

let db: Db;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets `count` turns of the microtask queue pass, to start a query at every point of a transaction's start. */
async function microtasks(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await Promise.resolve();
}

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
});
afterAll(() => db.$disconnect());

/**
 * Prisma's SQLite adapter has one connection: while one chat's transaction is open, another
 * chat's queries must not become part of it (and be undone by its rollback).
 */
describe('the shared SQLite connection', () => {
  it("keeps other chats' writes out of a transaction that is rolled back", async () => {
    const failing = db.$transaction(async (tx) => {
      await tx.school.create({ data: { name: 'rolled back', timezone: 'Asia/Shanghai' } });
      await pause(50);
      throw new Error('the transaction fails');
    });
    await pause(10);
    const prismaWrite = db.school.create({ data: { name: 'other chat', timezone: 'Asia/Shanghai' } });
    const rawWrite = sqliteOf(db).run('INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "createdAt") VALUES (?, ?)', 4242, sqliteTimestamp(new Date()));
    await expect(failing).rejects.toThrow('the transaction fails');
    await Promise.all([prismaWrite, rawWrite]);

    expect(await db.school.findMany({ where: { name: { in: ['rolled back', 'other chat'] } }, select: { name: true } })).toEqual([{ name: 'other chat' }]);
    expect(await db.processedUpdate.count({ where: { updateId: 4242 } })).toBe(1);
  });

  it('loses no write started at any moment around the start of a transaction that is rolled back', async () => {
    const ROUNDS = 25;
    const OFFSETS = 40;
    for (let round = 0; round < ROUNDS; round += 1) {
      const failing = db.$transaction(async (tx) => {
        await tx.auditLog.create({ data: { action: 'race.rolled-back', entity: 'Race', entityId: round } });
        throw new Error('the transaction fails');
      });
      const writes = Array.from({ length: OFFSETS }, async (_, offset) => {
        const id = 100_000 + round * OFFSETS + offset;
        await microtasks(offset);
        await Promise.all([
          db.auditLog.create({ data: { action: 'race.kept', entity: 'Race', entityId: id } }),
          sqliteOf(db).run('INSERT INTO "ProcessedUpdate" ("updateId", "createdAt") VALUES (?, ?)', id, sqliteTimestamp(new Date())),
        ]);
      });
      await expect(failing).rejects.toThrow('the transaction fails');
      await Promise.all(writes);
    }

    expect(await db.auditLog.count({ where: { action: 'race.rolled-back' } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: 'race.kept' } })).toBe(ROUNDS * OFFSETS);
    expect(await db.processedUpdate.count({ where: { updateId: { gte: 100_000 } } })).toBe(ROUNDS * OFFSETS);
  });

  it("does not let a read see a transaction's rows before it commits", async () => {
    let reads: { name: string }[] | undefined;
    const committing = db.$transaction(async (tx) => {
      await tx.school.create({ data: { name: 'committed later', timezone: 'Asia/Shanghai' } });
      await pause(30);
      expect(reads).toBeUndefined();
    });
    await pause(5);
    reads = await sqliteOf(db).all<{ name: string }>('SELECT "name" FROM "School" WHERE "name" = ?', 'committed later');
    await committing;
    expect(reads).toEqual([{ name: 'committed later' }]);
  });

  it('answers with plain numbers, and refuses clearly after the database is closed until Prisma connects again', async () => {
    const school = await db.school.create({ data: { name: 'numbers', timezone: 'Asia/Shanghai' } });
    expect(await sqliteOf(db).get('SELECT "id" FROM "School" WHERE "id" = ?', school.id)).toEqual({ id: school.id });
    await db.$disconnect();
    await expect(sqliteOf(db).get('SELECT 1')).rejects.toThrow('the database is not connected');
    await db.school.count();
    expect(await sqliteOf(db).get('SELECT "name" FROM "School" WHERE "id" = ?', school.id)).toEqual({ name: 'numbers' });
  });
});
