import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.js';
import { ensureDatabaseDirectory } from './database-url.js';

export type Db = PrismaClient;

/**
 * Opens the database through the better-sqlite3 driver adapter (no native Prisma engine),
 * with write-ahead logging so readers never wait for the writer, and foreign keys enforced.
 */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  ensureDatabaseDirectory(databaseUrl);
  const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl }) });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  await db.$executeRawUnsafe('PRAGMA busy_timeout = 5000');
  return db;
}
