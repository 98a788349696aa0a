import { shareConnectionInsideTransaction, type Db } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import { DomainError } from '../domain/errors.js';

/** Handles bound to an open transaction: a use case called from inside another one joins it. */
const openHandles = new WeakSet<Db>();

/**
 * How long a use case waits for the transaction ahead of it on the shared connection
 * (Prisma's default of 2 s is short when many chats act at once), and may take itself.
 */
const LIMITS = { maxWait: 10_000, timeout: 10_000 };

/** Runs the promises of a batch `$transaction([...])` one after another, as Prisma would. */
async function inOrder(batch: readonly PromiseLike<unknown>[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const query of batch) results.push(await query);
  return results;
}

/**
 * The database as seen from inside the interactive transaction `tx`: every query joins it,
 * the shared connection's prepared statements too, and a domain function's own
 * `$transaction` (callback or batch) becomes a savepoint in it, so it still undoes only its
 * own writes when it fails.
 */
function transactionHandle(db: Db, tx: Prisma.TransactionClient): Db {
  let savepoints = 0;
  const nested = async (work: ((handle: Db) => Promise<unknown>) | readonly PromiseLike<unknown>[]): Promise<unknown> => {
    const savepoint = `nested_${++savepoints}`;
    await tx.$executeRawUnsafe(`SAVEPOINT ${savepoint}`);
    try {
      const result = Array.isArray(work) ? await inOrder(work) : await (work as (handle: Db) => Promise<unknown>)(handle);
      await tx.$executeRawUnsafe(`RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      await tx.$executeRawUnsafe(`ROLLBACK TO ${savepoint}`);
      await tx.$executeRawUnsafe(`RELEASE ${savepoint}`);
      throw error;
    }
  };
  const handle = new Proxy(tx, {
    get(target, property) {
      if (property === '$transaction') return nested;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Db;
  openHandles.add(handle);
  shareConnectionInsideTransaction(db, handle);
  return handle;
}

/**
 * Runs `work` in one database transaction: everything it writes (the domain change and the
 * messages it queues) is kept together or not at all. A refusal (`DomainError`) is an
 * answer, not a fault: what the domain wrote before refusing (the audit of a refused
 * access) is kept, as it was before use cases. Called with a handle of an open
 * transaction, it joins that one (as a savepoint).
 */
export async function runInTransaction<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  if (openHandles.has(db)) return (db.$transaction as unknown as (work: (db: Db) => Promise<T>) => Promise<T>)(work);
  const outcome = await db.$transaction(async (tx): Promise<{ value: T } | { refusal: DomainError }> => {
    try {
      return { value: await work(transactionHandle(db, tx)) };
    } catch (error) {
      if (error instanceof DomainError) return { refusal: error };
      throw error;
    }
  }, LIMITS);
  if ('refusal' in outcome) throw outcome.refusal;
  return outcome.value;
}
