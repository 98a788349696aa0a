import { PrismaClient } from './generated/client.js';
import { ensureDatabaseFile } from './database-url.js';
import { sharedConnectionAdapter, type SqliteConnection } from './sqlite-connection.js';

export type Db = PrismaClient;

const connections = new WeakMap<Db, { connection: SqliteConnection; insideTransaction: SqliteConnection }>();

/**
 * Opens the database through the better-sqlite3 driver adapter (no native Prisma engine),
 * with write-ahead logging so readers never wait for the writer, and foreign keys enforced.
 */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  ensureDatabaseFile(databaseUrl);
  const { factory, connection, insideTransaction } = sharedConnectionAdapter(databaseUrl);
  const db = new PrismaClient({ adapter: factory });
  connections.set(db, { connection, insideTransaction });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  return db;
}

/** The connection under a database opened by `openDatabase`, for the queries every update makes. */
export function sqliteOf(db: Db): SqliteConnection {
  const connection = connections.get(db)?.connection;
  if (!connection) throw new Error('this database was not opened with openDatabase');
  return connection;
}

/**
 * Makes `sqliteOf(handle)` run its statements at once, inside the open transaction that
 * `handle` (a view of `db` bound to it) stands for, instead of waiting for that transaction to end.
 */
export function shareConnectionInsideTransaction(db: Db, handle: Db): void {
  const shared = connections.get(db);
  if (!shared) throw new Error('this database was not opened with openDatabase');
  connections.set(handle, { connection: shared.insideTransaction, insideTransaction: shared.insideTransaction });
}
