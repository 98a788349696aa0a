import type { ConversationData, VersionedState, VersionedStateStorage } from '@grammyjs/conversations';
import type { Db } from '../db/client.js';

/**
 * Keeps @grammyjs/conversations' state in the database instead of memory, so a
 * conversation half-way through survives a restart of the bot.
 */
export function databaseConversationStorage(db: Db): VersionedStateStorage<string, ConversationData> {
  return {
    async read(key) {
      const row = await db.conversationState.findUnique({ where: { key } });
      return row ? (JSON.parse(row.value) as VersionedState<ConversationData>) : undefined;
    },
    async write(key, state) {
      const value = JSON.stringify(state);
      await db.conversationState.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
    async delete(key) {
      await db.conversationState.deleteMany({ where: { key } });
    },
  };
}
