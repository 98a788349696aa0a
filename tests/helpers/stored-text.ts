import type { Db } from '../../src/db/client.js';

/**
 * Every row of every table of the database as one JSON text, so a test can assert that a
 * person's words or a child's name are stored nowhere, whatever table a later change adds.
 */
export async function everythingStored(db: Db): Promise<string> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
  );
  const rows: Record<string, unknown> = {};
  for (const { name } of tables) rows[name] = await db.$queryRawUnsafe(`SELECT * FROM "${name}"`);
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}
