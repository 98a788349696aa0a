import type { Db } from '../db/client.js';

/** What one retention run deleted, as counts only. */
export interface RetentionCounts {
  children: number;
  letters: number;
  letterParts: number;
  familyMessages: number;
  updates: number;
  updateLinks: number;
  checkIns: number;
  contacts: number;
  callBookings: number;
  outboxMessages: number;
}

const DAY_MS = 24 * 3600_000;

/**
 * Deletes the messages and letters of children archived more than `days` days before
 * `now`: letters (with their parts), family messages, growth-record updates that concern
 * only them (and their links to shared updates), check-ins, contact logs, call bookings
 * and the bookings' sent or failed outbox rows. The child's file itself stays.
 */
export async function deleteExpiredChildData(db: Db, now: Date, days: number): Promise<RetentionCounts> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const children = await db.child.findMany({ where: { archivedAt: { lt: cutoff } }, select: { id: true } });
  const ids = children.map((c) => c.id);
  const counts: RetentionCounts = { children: ids.length, letters: 0, letterParts: 0, familyMessages: 0, updates: 0, updateLinks: 0, checkIns: 0, contacts: 0, callBookings: 0, outboxMessages: 0 };
  if (ids.length === 0) return counts;
  const expired = new Set(ids);
  await db.$transaction(async (tx) => {
    counts.letterParts = await tx.letterPart.count({ where: { letter: { childId: { in: ids } } } });
    counts.letters = (await tx.letter.deleteMany({ where: { childId: { in: ids } } })).count;
    counts.familyMessages = (await tx.familyMessage.deleteMany({ where: { childId: { in: ids } } })).count;
    const links = await tx.updateChild.findMany({ where: { childId: { in: ids } }, include: { update: { include: { children: { select: { childId: true } } } } } });
    const onlyTheirs = [...new Set(links.filter((l) => l.update.children.every((c) => expired.has(c.childId))).map((l) => l.updateId))];
    counts.updateLinks = (await tx.updateChild.deleteMany({ where: { childId: { in: ids }, updateId: { notIn: onlyTheirs } } })).count;
    counts.updates = (await tx.growthUpdate.deleteMany({ where: { id: { in: onlyTheirs } } })).count;
    counts.checkIns = (await tx.checkIn.deleteMany({ where: { childId: { in: ids } } })).count;
    counts.contacts = (await tx.contactLog.deleteMany({ where: { childId: { in: ids } } })).count;
    const bookings = await tx.callBooking.findMany({ where: { childId: { in: ids } }, select: { id: true } });
    for (const booking of bookings) {
      const rows = await tx.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: `call-reminder:${booking.id}:` }, status: { in: ['SENT', 'FAILED'] } } });
      counts.outboxMessages += rows.count;
    }
    counts.callBookings = (await tx.callBooking.deleteMany({ where: { childId: { in: ids } } })).count;
  });
  return counts;
}

/** Days an outbox file (a report chart) is kept: long after every recipient got it. */
export const OUTBOX_FILE_DAYS = 60;

/**
 * Deletes outbox files (report charts) made more than `days` days before `now` that no
 * waiting (PENDING or SENDING) message refers to; returns how many. Uploaded files have no
 * bytes left by then (the worker drops them), so this only clears the rows and any file
 * nobody could be sent.
 */
export async function deleteOldOutboxFiles(db: Db, now: Date, days: number = OUTBOX_FILE_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const waiting = await db.outboxMessage.findMany({ where: { status: { in: ['PENDING', 'SENDING'] }, payload: { contains: '"outboxFileId"' } }, select: { payload: true } });
  const inUse = waiting.map((row) => (JSON.parse(row.payload) as { outboxFileId?: unknown }).outboxFileId).filter((id): id is number => typeof id === 'number');
  const { count } = await db.outboxFile.deleteMany({ where: { createdAt: { lt: cutoff }, id: { notIn: inUse } } });
  return count;
}
