import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTransaction } from '../../src/app/transaction.js';
import { openDatabase, sqliteOf, type Db } from '../../src/db/client.js';
import { DomainError } from '../../src/domain/errors.js';
import { freshDatabaseUrl } from '../helpers/database.js';

let db: Db;
const schoolNamed = (name: string) => db.school.count({ where: { name } });

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
});
afterAll(() => db.$disconnect());

describe('one transaction per use case', () => {
  it('undoes every write of the work when it fails, the nested transactions of domain functions included', async () => {
    const failure = await runInTransaction(db, async (tx) => {
      await tx.school.create({ data: { name: 'A', timezone: 'Asia/Shanghai' } });
      await tx.$transaction(async (inner) => inner.school.create({ data: { name: 'B', timezone: 'Asia/Shanghai' } }));
      await tx.$transaction([tx.school.create({ data: { name: 'C', timezone: 'Asia/Shanghai' } })]);
      throw new Error('crash');
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'crash' });
    expect(await db.school.count({ where: { name: { in: ['A', 'B', 'C'] } } })).toBe(0);
  });

  it('lets a nested transaction that fails undo only its own writes, as it did on its own', async () => {
    await runInTransaction(db, async (tx) => {
      await tx.school.create({ data: { name: 'kept', timezone: 'Asia/Shanghai' } });
      const inner = await tx
        .$transaction(async (nested) => {
          await nested.school.create({ data: { name: 'undone', timezone: 'Asia/Shanghai' } });
          throw new DomainError('forbidden');
        })
        .catch((error: unknown) => error);
      expect(inner).toBeInstanceOf(DomainError);
    });
    expect([await schoolNamed('kept'), await schoolNamed('undone')]).toEqual([1, 0]);
  });

  it('keeps what was written before a refusal (such as its audit) and passes the refusal on', async () => {
    const refusal = await runInTransaction(db, async (tx) => {
      await tx.school.create({ data: { name: 'audited', timezone: 'Asia/Shanghai' } });
      throw new DomainError('forbidden');
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ reason: 'forbidden' });
    expect(await schoolNamed('audited')).toBe(1);
  });

  it('runs the prepared statements of the shared connection inside the transaction, and joins an open one', async () => {
    await runInTransaction(db, async (tx) => {
      await tx.school.create({ data: { name: 'seen inside', timezone: 'Asia/Shanghai' } });
      const row = await sqliteOf(tx).get<{ n: number }>('SELECT COUNT(*) AS "n" FROM "School" WHERE "name" = ?', 'seen inside');
      expect(row?.n).toBe(1);
      await runInTransaction(tx, async (joined) => joined.school.create({ data: { name: 'joined', timezone: 'Asia/Shanghai' } }));
    });
    expect([await schoolNamed('seen inside'), await schoolNamed('joined')]).toEqual([1, 1]);
  });

  it('holds other queries on the shared connection back until it ends, so they never see its writes half-done', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const work = runInTransaction(db, async (tx) => {
      await tx.school.create({ data: { name: 'half-done', timezone: 'Asia/Shanghai' } });
      await held;
      throw new Error('crash');
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = sqliteOf(db).get<{ n: number }>('SELECT COUNT(*) AS "n" FROM "School" WHERE "name" = ?', 'half-done');
    release();
    await work;
    expect((await outside)?.n).toBe(0);
  });
});
