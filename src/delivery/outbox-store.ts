import type { Db } from '../db/client.js';
import type { ChannelMessage, OutgoingMessage } from './message.js';

/** An outbox row as the worker handles it. */
export interface OutboxRow {
  id: number;
  recipientId: number;
  payload: string;
  urgent: boolean;
  attempts: number;
}

const rowFields = { id: true, recipientId: true, payload: true, urgent: true, attempts: true } as const;

/**
 * The outbox worker's reads and writes. Every state change of a row is one statement, so a
 * crash leaves each row PENDING, SENDING (the one in flight) or done, never half-written.
 */
export function createOutboxStore(db: Db) {
  return {
    /** Puts rows a crash left SENDING back to PENDING, so they are sent again; returns how many. */
    async recoverInterrupted(): Promise<number> {
      const { count } = await db.outboxMessage.updateMany({ where: { status: 'SENDING' }, data: { status: 'PENDING' } });
      return count;
    },

    /**
     * Up to `limit` PENDING rows due at `now`: urgent ones (a safeguarding alert, an urgent
     * concern) first, so they do not wait behind a school's weekly run; then oldest first.
     */
    due(now: Date, limit: number): Promise<OutboxRow[]> {
      return db.outboxMessage.findMany({
        where: { status: 'PENDING', notBefore: { lte: now } },
        orderBy: [{ urgent: 'desc' }, { id: 'asc' }],
        take: limit,
        select: rowFields,
      });
    },

    /** When the next PENDING row falls due, if there is one. */
    async nextDueAt(): Promise<Date | undefined> {
      const next = await db.outboxMessage.findFirst({
        where: { status: 'PENDING' },
        orderBy: { notBefore: 'asc' },
        select: { notBefore: true },
      });
      return next?.notBefore;
    },

    /** Marks a row SENDING if it is still PENDING; false when something else took or changed it. */
    async claim(id: number): Promise<boolean> {
      const { count } = await db.outboxMessage.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'SENDING' } });
      return count === 1;
    },

    /** Records a delivered message. */
    async markSent(row: OutboxRow, sentAt: Date, channelMessageId: string): Promise<void> {
      await db.outboxMessage.update({
        where: { id: row.id },
        data: { status: 'SENT', sentAt, channelMessageId, attempts: row.attempts + 1, lastError: null },
      });
    },

    /** Keeps a row PENDING until `until` without counting an attempt (quiet hours). */
    async hold(id: number, until: Date): Promise<void> {
      await db.outboxMessage.update({ where: { id }, data: { status: 'PENDING', notBefore: until } });
    },

    /**
     * Puts a row back to PENDING until `until` (a retry), and moves the recipient's later
     * PENDING rows to no earlier than that, so they cannot overtake it.
     */
    async defer(row: OutboxRow, until: Date, change: { attempts?: number; lastError?: string } = {}): Promise<void> {
      await db.$transaction([
        db.outboxMessage.update({ where: { id: row.id }, data: { status: 'PENDING', notBefore: until, ...change } }),
        db.outboxMessage.updateMany({
          where: { recipientId: row.recipientId, status: 'PENDING', id: { gt: row.id }, notBefore: { lt: until } },
          data: { notBefore: until },
        }),
      ]);
    },

    /**
     * What the channel is to send for a stored message: a stored photo becomes its channel
     * file id once it was uploaded, else its bytes; undefined when the file is gone.
     */
    async resolve(message: OutgoingMessage): Promise<ChannelMessage | undefined> {
      if (message.kind !== 'storedPhoto') return message;
      const file = await db.outboxFile.findUnique({ where: { id: message.outboxFileId } });
      const { caption, buttons } = message;
      if (file?.channelFileId) return { kind: 'photo', fileId: file.channelFileId, caption, buttons };
      if (file?.content) return { kind: 'photoUpload', upload: { bytes: file.content, filename: file.filename }, caption, buttons };
      return undefined;
    },

    /** Keeps the channel's id of an uploaded file and drops its bytes: later recipients get the same upload. */
    async recordUpload(outboxFileId: number, channelFileId: string): Promise<void> {
      await db.outboxFile.updateMany({ where: { id: outboxFileId }, data: { channelFileId, content: null } });
    },

    /** Gives up on a row for good; a FAILED row's notBefore is when it was given up (the health check counts the last day's). */
    async fail(id: number, reason: string, attempts: number, at: Date): Promise<void> {
      await db.outboxMessage.update({ where: { id }, data: { status: 'FAILED', lastError: reason.slice(0, 500), attempts, notBefore: at } });
    },

    /** Records that Telegram said the person is unreachable; true only for the call that set it. */
    async markUnreachable(userId: number, at: Date): Promise<boolean> {
      const { count } = await db.user.updateMany({ where: { id: userId, unreachableAt: null }, data: { unreachableAt: at } });
      return count === 1;
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
