import type { Db } from '../db/client.js';
import { PRUNED_PAYLOAD } from './erasure.js';

/** What one retention run deleted, as counts only. */
export interface RetentionCounts {
  children: number;
  letters: number;
  letterParts: number;
  familyMessages: number;
  updates: number;
  updateLinks: number;
  followUps: number;
  weeklyNotes: number;
  noteCopies: number;
  checkIns: number;
  contacts: number;
  callBookings: number;
  alerts: number;
  flags: number;
  changes: number;
  guardianLinks: number;
  pairings: number;
  invites: number;
  outboxMessages: number;
}

const DAY_MS = 24 * 3600_000;

/** Days the text of a sent (or finally failed) outbox message is kept: the recipient has it in their chat. */
export const SENT_PAYLOAD_DAYS = 30;

/** Outbox key prefixes of messages made about one child's records; `sg:` keys are matched by `ALERT_KEY`. */
function childKeyPrefixes(childId: number, ids: Record<'letters' | 'messages' | 'checkIns' | 'bookings' | 'updates' | 'flags', number[]>): string[] {
  return [
    `weekly-note:child-${childId}:`,
    `birthday-soon:child-${childId}:`,
    `birthday-today:child-${childId}:`,
    ...ids.letters.map((id) => `letter:${id}:`),
    ...ids.messages.map((id) => `family-message:${id}:`),
    ...ids.checkIns.map((id) => `check-in:${id}:`),
    ...ids.bookings.map((id) => `call-reminder:${id}:`),
    ...ids.updates.map((id) => `concern:${id}:`),
    ...ids.flags.map((id) => `no-contact:flag-${id}:`),
  ];
}

/** A safeguarding message's key: `sg:<kind>:<alertId>` and maybe more after a colon. */
const ALERT_KEY = /^sg:[a-z]+:(\d+)(?::|$)/;

/**
 * Deletes every row about each child archived more than `days` days before `now`, model by
 * model (prisma/schema.prisma), and then the child's file itself: Letter and LetterPart,
 * FamilyMessage, GrowthUpdate that concern only them (their UpdateChild link to a shared
 * one) with UpdateMedia and ConcernFollowUp, WeeklyNote and WeeklyNoteRecipient, CheckIn,
 * ContactLog, CallBooking, SafeguardingAlert (its note included), ChildFlag, ChildChange
 * (old and new values of the file), GuardianLink, Pairing, Invite, and the outbox messages
 * made about those records. Kept: AuditLog entries (ids and codes only, no content) and
 * messages to many families at once, whose text `pruneSentPayloads` has emptied long before.
 */
export async function deleteExpiredChildData(db: Db, now: Date, days: number): Promise<RetentionCounts> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const children = await db.child.findMany({ where: { archivedAt: { lt: cutoff } }, select: { id: true } });
  const ids = children.map((c) => c.id);
  const counts: RetentionCounts = {
    children: 0, letters: 0, letterParts: 0, familyMessages: 0, updates: 0, updateLinks: 0, followUps: 0, weeklyNotes: 0, noteCopies: 0, checkIns: 0,
    contacts: 0, callBookings: 0, alerts: 0, flags: 0, changes: 0, guardianLinks: 0, pairings: 0, invites: 0, outboxMessages: 0,
  };
  if (ids.length === 0) return counts;
  const expired = new Set(ids);
  const about = { childId: { in: ids } };
  await db.$transaction(async (tx) => {
    const idsOf = async (rows: Promise<{ id: number }[]>) => (await rows).map((row) => row.id);
    const links = await tx.updateChild.findMany({ where: about, include: { update: { include: { children: { select: { childId: true } } } } } });
    const onlyTheirs = [...new Set(links.filter((l) => l.update.children.every((c) => expired.has(c.childId))).map((l) => l.updateId))];
    const alerts = await idsOf(tx.safeguardingAlert.findMany({ where: about, select: { id: true } }));
    const records = {
      letters: await idsOf(tx.letter.findMany({ where: about, select: { id: true } })),
      messages: await idsOf(tx.familyMessage.findMany({ where: about, select: { id: true } })),
      checkIns: await idsOf(tx.checkIn.findMany({ where: about, select: { id: true } })),
      bookings: await idsOf(tx.callBooking.findMany({ where: about, select: { id: true } })),
      flags: await idsOf(tx.childFlag.findMany({ where: about, select: { id: true } })),
      updates: onlyTheirs,
    };
    for (const childId of ids) {
      for (const prefix of childKeyPrefixes(childId, records)) counts.outboxMessages += (await tx.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: prefix } } })).count;
    }
    const alertRows = await tx.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: 'sg:' } }, select: { id: true, idempotencyKey: true } });
    const alertIds = new Set(alerts);
    const alertMessages = alertRows.filter((row) => alertIds.has(Number(ALERT_KEY.exec(row.idempotencyKey)?.[1]))).map((row) => row.id);
    counts.outboxMessages += (await tx.outboxMessage.deleteMany({ where: { id: { in: alertMessages } } })).count;

    counts.letterParts = (await tx.letterPart.deleteMany({ where: { letterId: { in: records.letters } } })).count;
    counts.letters = (await tx.letter.deleteMany({ where: about })).count;
    counts.familyMessages = (await tx.familyMessage.deleteMany({ where: about })).count;
    counts.followUps = (await tx.concernFollowUp.deleteMany({ where: { OR: [about, { updateId: { in: onlyTheirs } }] } })).count;
    counts.updateLinks = (await tx.updateChild.deleteMany({ where: about })).count;
    await tx.updateMedia.deleteMany({ where: { updateId: { in: onlyTheirs } } });
    counts.updates = (await tx.growthUpdate.deleteMany({ where: { id: { in: onlyTheirs } } })).count;
    counts.noteCopies = (await tx.weeklyNoteRecipient.deleteMany({ where: { note: about } })).count;
    counts.weeklyNotes = (await tx.weeklyNote.deleteMany({ where: about })).count;
    counts.checkIns = (await tx.checkIn.deleteMany({ where: about })).count;
    counts.contacts = (await tx.contactLog.deleteMany({ where: about })).count;
    counts.callBookings = (await tx.callBooking.deleteMany({ where: about })).count;
    counts.alerts = (await tx.safeguardingAlert.deleteMany({ where: about })).count;
    counts.flags = (await tx.childFlag.deleteMany({ where: about })).count;
    counts.changes = (await tx.childChange.deleteMany({ where: about })).count;
    counts.guardianLinks = (await tx.guardianLink.deleteMany({ where: about })).count;
    counts.pairings = (await tx.pairing.deleteMany({ where: about })).count;
    counts.invites = (await tx.invite.deleteMany({ where: about })).count;
    counts.children = (await tx.child.deleteMany({ where: { id: { in: ids } } })).count;
  });
  return counts;
}

/**
 * Empties the payload of every outbox message sent (or given up on) more than `days` days
 * before `now`, for everyone: the recipient has the message in their chat, and the copy here
 * would otherwise keep families' words and children's names for ever. The row stays (its key
 * stops a message being queued twice and records who was told).
 */
export async function pruneSentPayloads(db: Db, now: Date, days: number = SENT_PAYLOAD_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const { count } = await db.outboxMessage.updateMany({
    where: {
      payload: { not: PRUNED_PAYLOAD },
      OR: [
        { status: 'SENT', sentAt: { lt: cutoff } },
        { status: { in: ['SENT', 'FAILED'] }, sentAt: null, createdAt: { lt: cutoff } },
      ],
    },
    data: { payload: PRUNED_PAYLOAD },
  });
  return count;
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
