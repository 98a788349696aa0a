import type { Database, Statement } from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * The better-sqlite3 connection Prisma's driver adapter opened, for the few queries every
 * update makes (seen-update check, the user, their roles, conversation state). A Prisma
 * query costs a tenth of a millisecond or more in JavaScript; a prepared statement on
 * the same connection costs microseconds, and sees and joins the same transactions.
 */
export interface SqliteConnection {
  /** A statement prepared once per connection, returning plain numbers rather than BigInts. */
  statement(sql: string): Statement;
}

/** Prisma's driver adapter keeps its connection in `client` (pinned @prisma/adapter-better-sqlite3). */
function connectionOf(adapter: SqlDriverAdapter): Database {
  const client = (adapter as unknown as { client?: Database }).client;
  if (!client || typeof client.prepare !== 'function') throw new Error('the Prisma SQLite adapter no longer exposes its connection');
  return client;
}

/**
 * A driver adapter factory that remembers the connection it opened, and the connection
 * with its prepared statements. Prisma connects lazily and may reconnect after
 * `$disconnect`; the statements follow the newest connection.
 */
export function sharedConnectionAdapter(url: string): { factory: SqlDriverAdapterFactory; connection: SqliteConnection } {
  const inner = new PrismaBetterSqlite3({ url });
  let database: Database | undefined;
  let statements = new Map<string, Statement>();
  const factory: SqlDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      database = connectionOf(adapter);
      statements = new Map();
      return adapter;
    },
  };
  const connection: SqliteConnection = {
    statement(sql) {
      if (!database) throw new Error('the database is not connected yet');
      let prepared = statements.get(sql);
      if (!prepared) {
        prepared = database.prepare(sql).safeIntegers(false);
        statements.set(sql, prepared);
      }
      return prepared;
    },
  };
  return { factory, connection };
}

/** How Prisma's SQLite adapter writes a DateTime, so raw writes compare and read back alike. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
