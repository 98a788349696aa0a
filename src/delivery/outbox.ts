import type { Db } from '../db/client.js';
import { sqliteTimestamp } from '../db/sqlite-connection.js';
import type { OutgoingMessage } from './message.js';

/** A message to queue: the key makes queuing it a second time a no-op. */
export interface QueuedMessage {
  /** Unique per message, e.g. `weekly-note:child-12:2026-W48:user-40:text`. */
  idempotencyKey: string;
  recipientId: number;
  message: OutgoingMessage;
  /** Not sent before this time (UTC); now when absent. */
  notBefore?: Date;
  /** May be delivered in the recipient's quiet hours. */
  urgent?: boolean;
}

const BATCH = 500;

/**
 * Queues messages in the outbox, skipping any whose idempotency key is already there, so a
 * job that runs twice (a restart, a double fire, a second instance) sends nothing twice.
 * Returns how many were newly queued. Inserts in batches inside one transaction: fast
 * enough for a school's whole weekly run.
 */
export async function queueMessages(db: Db, messages: readonly QueuedMessage[], now: Date = new Date()): Promise<number> {
  let queued = 0;
  await db.$transaction(async (tx) => {
    for (let start = 0; start < messages.length; start += BATCH) {
      const batch = messages.slice(start, start + BATCH);
      const placeholders = batch.map(() => "(?, ?, ?, ?, ?, 'PENDING', 0, ?)").join(', ');
      const values = batch.flatMap((m) => [
        m.idempotencyKey,
        m.recipientId,
        JSON.stringify(m.message),
        sqliteTimestamp(m.notBefore ?? now),
        m.urgent ? 1 : 0,
        sqliteTimestamp(now),
      ]);
      queued += await tx.$executeRawUnsafe(
        `INSERT OR IGNORE INTO "OutboxMessage" ("idempotencyKey", "recipientId", "payload", "notBefore", "urgent", "status", "attempts", "createdAt") VALUES ${placeholders}`,
        ...values,
      );
    }
  });
  return queued;
}

/**
 * Keeps a file the bot made (a report chart) for queued messages to send as
 * `{ kind: 'storedPhoto', outboxFileId }`: many recipients, one upload. Returns its id.
 */
export async function storeOutboxFile(db: Db, filename: string, content: Uint8Array, now: Date = new Date()): Promise<number> {
  const file = await db.outboxFile.create({ data: { filename, content: new Uint8Array(content), createdAt: now }, select: { id: true } });
  return file.id;
}
