import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';

/**
 * Statements SQLite refuses inside a transaction, or that open or end one themselves, where
 * a statement starts. `END` alone is left out: it also closes a trigger's body.
 */
const NEEDS_NO_TRANSACTION = /(?:^|;)\s*(?:BEGIN|COMMIT|END\s+TRANSACTION|ROLLBACK(?!\s+(?:TRANSACTION\s+)?TO\b)|VACUUM|ATTACH|DETACH|PRAGMA\s+(?:\w+\.)?journal_mode)\b/i;

/**
 * Whether a migration's SQL can run inside one transaction. Prisma's SQLite migrations
 * always can; a hand-written one with VACUUM or its own BEGIN runs as it is written.
 */
export function canRunInTransaction(sql: string): boolean {
  const withoutComments = sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
  return !NEEDS_NO_TRANSACTION.test(withoutComments);
}

/**
 * Runs `work` (the schema engine applying one migration and recording it in
 * `_prisma_migrations`) inside one transaction on the engine's connection, so a failure or
 * a crash leaves neither the migration's changes nor its record, and the next start applies
 * it anew. Foreign keys are switched off before the transaction, as Prisma's table-rebuilding
 * migrations switch them off themselves (the pragma does nothing inside a transaction, and a
 * rebuilt table's DROP would otherwise cascade), and checked before the commit.
 */
export async function inMigrationTransaction<T>(connection: SqlDriverAdapter, work: () => Promise<T>): Promise<T> {
  await connection.executeScript('PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE');
  try {
    const result = await work();
    const dangling = await connection.queryRaw({ sql: 'PRAGMA foreign_key_check', args: [], argTypes: [] });
    if (dangling.rows.length > 0) {
      throw new Error(`it leaves rows in "${String(dangling.rows[0]![0])}" whose foreign key points to no row`);
    }
    await connection.executeScript('COMMIT');
    return result;
  } catch (error) {
    // SQLite has already rolled back after some errors (a full disk, say); then ROLLBACK
    // fails, and the engine's connection is closed right after in any case.
    await connection.executeScript('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await connection.executeScript('PRAGMA foreign_keys = ON');
  }
}
