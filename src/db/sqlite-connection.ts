import type { Database, RunResult, Statement } from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from '@prisma/driver-adapter-utils';

/**
 * The better-sqlite3 connection Prisma's driver adapter opened, for the few queries every
 * update makes (seen-update check, the user, their roles, conversation state). A Prisma
 * query costs a tenth of a millisecond or more in JavaScript; a prepared statement on
 * the same connection costs microseconds. Like Prisma's own queries outside a
 * transaction, these wait while a transaction is open (see `TransactionGate`), so never
 * call them inside a `$transaction` callback: they would wait for it to end.
 */
export interface SqliteConnection {
  /** Runs a write. */
  run(sql: string, ...params: unknown[]): Promise<RunResult>;
  /** The first row, as plain numbers rather than BigInts. */
  get<Row>(sql: string, ...params: unknown[]): Promise<Row | undefined>;
  /** Every row, as plain numbers rather than BigInts. */
  all<Row>(sql: string, ...params: unknown[]): Promise<Row[]>;
}

/**
 * The adapter has one connection and opens a transaction with a plain BEGIN on it: a
 * query from another chat that ran meanwhile would be part of that transaction, see its
 * uncommitted rows and be undone by its rollback. The gate holds such queries back from
 * before BEGIN until the transaction ends, and lets one transaction in at a time.
 * There is no await between finding the gate open and starting the query (or closing
 * the gate): better-sqlite3 runs a statement synchronously, so nothing can slip in.
 */
class TransactionGate {
  private open: Promise<void> | undefined;

  /** Starts `query` as soon as no transaction is open, in the same turn as the check. */
  async whenIdle<T>(query: () => T | Promise<T>): Promise<T> {
    while (this.open) await this.open;
    return query();
  }

  /** Waits until no transaction is open and closes the gate; the returned function opens it again, once. */
  async close(): Promise<() => void> {
    while (this.open) await this.open;
    let release!: () => void;
    this.open = new Promise((resolve) => (release = resolve));
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.open = undefined;
      release();
    };
  }
}

/** Prisma's driver adapter keeps its connection in `client` (pinned @prisma/adapter-better-sqlite3). */
function connectionOf(adapter: SqlDriverAdapter): Database {
  const client = (adapter as unknown as { client?: Database }).client;
  if (!client || typeof client.prepare !== 'function') throw new Error('the Prisma SQLite adapter no longer exposes its connection');
  return client;
}

/** Makes the adapter's queries outside a transaction wait at the gate, and its transactions close and open it. */
function gateAdapter(adapter: SqlDriverAdapter, gate: TransactionGate): void {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = (query) => gate.whenIdle(() => queryRaw(query));
  adapter.executeRaw = (query) => gate.whenIdle(() => executeRaw(query));
  adapter.startTransaction = async (isolationLevel) => {
    const reopen = await gate.close();
    try {
      const transaction: Transaction = await startTransaction(isolationLevel);
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      transaction.commit = () => commit().finally(reopen);
      transaction.rollback = () => rollback().finally(reopen);
      return transaction;
    } catch (error) {
      reopen();
      throw error;
    }
  };
}

/**
 * A driver adapter factory that remembers the connection it opened, with prepared
 * statements on it and the transaction gate. Prisma connects lazily and again after
 * `$disconnect`; between the two the statements refuse with "not connected".
 */
export function sharedConnectionAdapter(url: string): { factory: SqlDriverAdapterFactory; connection: SqliteConnection; insideTransaction: SqliteConnection } {
  const inner = new PrismaBetterSqlite3({ url });
  const gate = new TransactionGate();
  let database: Database | undefined;
  let statements = new Map<string, Statement>();
  const factory: SqlDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      gateAdapter(adapter, gate);
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = () => {
        database = undefined;
        return dispose();
      };
      database = connectionOf(adapter);
      statements = new Map();
      return adapter;
    },
  };
  const statement = (sql: string): Statement => {
    if (!database) throw new Error('the database is not connected');
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = database.prepare(sql).safeIntegers(false);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  const connection: SqliteConnection = {
    run: (sql, ...params) => gate.whenIdle(() => statement(sql).run(...params)),
    get: <Row>(sql: string, ...params: unknown[]) => gate.whenIdle(() => statement(sql).get(...params) as Row | undefined),
    all: <Row>(sql: string, ...params: unknown[]) => gate.whenIdle(() => statement(sql).all(...params) as Row[]),
  };
  // The open transaction closed the gate itself; its own statements run at once, on its connection, so inside it.
  const insideTransaction: SqliteConnection = {
    run: async (sql, ...params) => statement(sql).run(...params),
    get: async <Row>(sql: string, ...params: unknown[]) => statement(sql).get(...params) as Row | undefined,
    all: async <Row>(sql: string, ...params: unknown[]) => statement(sql).all(...params) as Row[],
  };
  return { factory, connection, insideTransaction };
}

/** How Prisma's SQLite adapter writes a DateTime, so raw writes compare and read back alike. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
