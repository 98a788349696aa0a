/** SQLite result codes that say the storage itself fails (read-only, disk full, I/O), not a query's mistake. */
const STORAGE_FAULT = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|CORRUPT|NOTADB)/;

/**
 * The SQLite code (`SQLITE_READONLY`, `SQLITE_FULL`, `SQLITE_IOERR_WRITE` …) when an error
 * means the database cannot take writes, else undefined: such a fault stops every write
 * alike, so it is reported once rather than once per message. Reads the code where
 * better-sqlite3 puts it and where Prisma's driver adapter wraps it.
 */
export function storageFaultOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const candidate = current as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    for (const code of [candidate.originalCode, candidate.code]) {
      if (typeof code === 'string' && STORAGE_FAULT.test(code)) return code;
    }
    current = candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return undefined;
}
