import { PrismaClient } from './generated/client.js';
import { ensureDatabaseFile } from './database-url.js';
import { sharedConnectionAdapter, type SqliteConnection } from './sqlite-connection.js';

export type Db = PrismaClient;

const connections = new WeakMap<Db, SqliteConnection>();

/**
 * Opens the database through the better-sqlite3 driver adapter (no native Prisma engine),
 * with write-ahead logging so readers never wait for the writer, and foreign keys enforced.
 */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  ensureDatabaseFile(databaseUrl);
  const { factory, connection } = sharedConnectionAdapter(databaseUrl);
  const db = new PrismaClient({ adapter: factory });
  connections.set(db, connection);
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  return db;
}

/** The connection under a database opened by `openDatabase`, for the queries every update makes. */
export function sqliteOf(db: Db): SqliteConnection {
  const connection = connections.get(db);
  if (!connection) throw new Error('this database was not opened with openDatabase');
  return connection;
}
