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
 * uncommitted rows and be undone by its rollback. The gate holds such queries back until
 * the transaction ends (transactions themselves are already serialized by the adapter).
 */
class TransactionGate {
  private open: Promise<void> | undefined;

  async idle(): Promise<void> {
    while (this.open) await this.open;
  }

  /** Marks a transaction open; the returned function marks it ended, once. */
  enter(): () => void {
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

/** Makes the adapter's queries outside a transaction wait at the gate, and its transactions open and close it. */
function gateAdapter(adapter: SqlDriverAdapter, gate: TransactionGate): void {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = async (query) => {
    await gate.idle();
    return queryRaw(query);
  };
  adapter.executeRaw = async (query) => {
    await gate.idle();
    return executeRaw(query);
  };
  adapter.startTransaction = async (isolationLevel) => {
    const transaction: Transaction = await startTransaction(isolationLevel);
    const end = gate.enter();
    const commit = transaction.commit.bind(transaction);
    const rollback = transaction.rollback.bind(transaction);
    transaction.commit = () => commit().finally(end);
    transaction.rollback = () => rollback().finally(end);
    return transaction;
  };
}

/**
 * A driver adapter factory that remembers the connection it opened, with prepared
 * statements on it and the transaction gate. Prisma connects lazily and again after
 * `$disconnect`; between the two the statements refuse with "not connected".
 */
export function sharedConnectionAdapter(url: string): { factory: SqlDriverAdapterFactory; connection: SqliteConnection } {
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
  const prepared = async (sql: string): Promise<Statement> => {
    await gate.idle();
    if (!database) throw new Error('the database is not connected');
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql).safeIntegers(false);
      statements.set(sql, statement);
    }
    return statement;
  };
  const connection: SqliteConnection = {
    run: async (sql, ...params) => (await prepared(sql)).run(...params),
    get: async <Row>(sql: string, ...params: unknown[]) => (await prepared(sql)).get(...params) as Row | undefined,
    all: async <Row>(sql: string, ...params: unknown[]) => (await prepared(sql)).all(...params) as Row[],
  };
  return { factory, connection };
}

/** How Prisma's SQLite adapter writes a DateTime, so raw writes compare and read back alike. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}
