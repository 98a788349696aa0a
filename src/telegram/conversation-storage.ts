import type { ConversationData, VersionedState, VersionedStateStorage } from '@grammyjs/conversations';
import { sqliteOf, type Db } from '../db/client.js';
import { sqliteTimestamp } from '../db/sqlite-connection.js';

/**
 * Keeps @grammyjs/conversations' state in the database instead of memory, so a
 * conversation half-way through survives a restart of the bot. The plugin reads the
 * state on every update in a chat, so these are prepared statements, not Prisma queries.
 */
export function databaseConversationStorage(db: Db): VersionedStateStorage<string, ConversationData> {
  const connection = sqliteOf(db);
  return {
    async read(key) {
      const row = await connection.get<{ value: string }>('SELECT "value" FROM "ConversationState" WHERE "key" = ?', key);
      return row ? (JSON.parse(row.value) as VersionedState<ConversationData>) : undefined;
    },
    async write(key, state) {
      await connection.run(
        'INSERT INTO "ConversationState" ("key", "value", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"',
        key,
        JSON.stringify(state),
        sqliteTimestamp(new Date()),
      );
    },
    async delete(key) {
      await connection.run('DELETE FROM "ConversationState" WHERE "key" = ?', key);
    },
  };
}
