import type { Db } from '../db/client.js';
import type { CallStatus, LetterStatus } from '../db/generated/enums.js';

/** A letter the person wrote to a child, part by part. Instants are ISO 8601 in UTC. */
export interface MyLetter {
  child: string;
  writtenAt: string;
  status: LetterStatus;
  parts: { kind: string; text: string | null; fileId: string | null }[];
}

/** One monthly check-in sent to the person, with their answers. */
export interface MyCheckIn {
  child: string;
  /** YYYY-MM. */
  month: string;
  askedAt: string;
  answeredAt: string | null;
  talkFrequency: string | null;
  worries: string | null;
  comingHome: string | null;
  wantsCall: boolean | null;
  message: string | null;
  voiceFileId: string | null;
}

/** A message the person wrote to the teachers, a teacher's reply to them, or one they sent outside any flow that waits for their tap (no child yet). */
export interface MyMessage {
  child: string | null;
  direction: 'fromYou' | 'toYou' | 'notSentYet';
  at: string;
  text: string | null;
  voiceFileId: string | null;
  mediaKind: string | null;
  mediaFileId: string | null;
}

/** A call they booked with a child at the Children's Home. */
export interface MyCall {
  child: string;
  slotStart: string;
  status: CallStatus;
  durationMinutes: number | null;
}

/** Their copy of a weekly note and when they confirmed receiving it. */
export interface MyNoteCopy {
  child: string;
  /** ISO week, e.g. 2026-W48. */
  week: string;
  acknowledgedAt: string | null;
}

/** An entry of the audit log about something they did: an action and when, no content. */
export interface MyLogEntry {
  action: string;
  at: string;
}

/** What the person wrote and received here, beyond their profile and links. */
export interface MyRecords {
  letters: MyLetter[];
  checkIns: MyCheckIn[];
  messages: MyMessage[];
  calls: MyCall[];
  weeklyNotes: MyNoteCopy[];
  log: MyLogEntry[];
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const childName = { child: { select: { name: true } } } as const;

/**
 * Reads every record that holds what the person wrote or received as family, and the audit
 * entries of their own actions: /mydata and its download list exactly these, and a deletion
 * removes all but the log.
 */
export async function readMyRecords(db: Db, userId: number): Promise<MyRecords> {
  const [letters, checkIns, messages, kept, calls, noteCopies, log] = await Promise.all([
    db.letter.findMany({ where: { authorId: userId, direction: 'TO_CHILD' }, include: { ...childName, parts: { orderBy: { position: 'asc' } } }, orderBy: { id: 'asc' } }),
    db.checkIn.findMany({ where: { userId }, include: childName, orderBy: { id: 'asc' } }),
    db.familyMessage.findMany({ where: { OR: [{ fromUserId: userId, toUserId: null }, { toUserId: userId }] }, include: childName, orderBy: { id: 'asc' } }),
    db.keptMessage.findMany({ where: { userId, usedAt: null }, orderBy: { id: 'asc' } }),
    db.callBooking.findMany({ where: { parentId: userId }, include: childName, orderBy: { id: 'asc' } }),
    db.weeklyNoteRecipient.findMany({ where: { userId }, include: { note: { select: { week: true, ...childName } } }, orderBy: { id: 'asc' } }),
    db.auditLog.findMany({ where: { actorId: userId }, select: { action: true, createdAt: true }, orderBy: { id: 'asc' } }),
  ]);
  return {
    letters: letters.map((l) => ({ child: l.child.name, writtenAt: l.createdAt.toISOString(), status: l.status, parts: l.parts.map((p) => ({ kind: p.kind, text: p.text, fileId: p.fileId })) })),
    checkIns: checkIns.map((c) => ({
      child: c.child.name,
      month: c.month,
      askedAt: c.sentAt.toISOString(),
      answeredAt: iso(c.answeredAt),
      talkFrequency: c.talkFrequency,
      worries: c.worries,
      comingHome: c.comingHome,
      wantsCall: c.wantsCall,
      message: c.message,
      voiceFileId: c.voiceFileId,
    })),
    messages: [
      ...messages.map((m): MyMessage => ({ child: m.child.name, direction: m.toUserId === userId ? 'toYou' : 'fromYou', at: m.createdAt.toISOString(), text: m.text, voiceFileId: m.voiceFileId, mediaKind: m.mediaKind, mediaFileId: m.mediaFileId })),
      ...kept.map((k): MyMessage => ({
        child: null,
        direction: 'notSentYet',
        at: k.createdAt.toISOString(),
        text: k.text,
        voiceFileId: k.kind === 'voice' ? k.fileId : null,
        mediaKind: k.kind === 'voice' || k.kind === 'text' ? null : k.kind,
        mediaFileId: k.kind === 'voice' || k.kind === 'text' ? null : k.fileId,
      })),
    ],
    calls: calls.map((c) => ({ child: c.child.name, slotStart: c.slotStart.toISOString(), status: c.status, durationMinutes: c.durationMinutes })),
    weeklyNotes: noteCopies.map((n) => ({ child: n.note.child.name, week: n.note.week, acknowledgedAt: iso(n.acknowledgedAt) })),
    log: log.map((entry) => ({ action: entry.action, at: entry.createdAt.toISOString() })),
  };
}
