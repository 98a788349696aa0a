import type { Db } from '../db/client.js';
import { addDays, localDateOf } from './call-slots.js';
import type { Recipient } from './duties.js';
import { loadSessions, type Sessions } from './school-calendar.js';

/** The flag a child gets when their parents have had no contact for this long. */
export const NO_CONTACT = 'NO_CONTACT';
export const NO_CONTACT_DAYS = 30;

/** An open no-contact flag: who to tell about which child. */
export interface OpenFlag {
  flagId: number;
  childId: number;
  childName: string;
  /** The paired teacher, or the class teachers when nobody is paired. */
  teachers: Recipient[];
}

/** Children are checked this many at a time, so no query binds more parameters than SQLite allows. */
const CHUNK = 400;

/** However long the holidays, contact is looked for no further back than this. */
const MAX_LOOKBACK_DAYS = 366;

/**
 * The start of the quiet window at `now`: 30 days back, plus one day for each day in it the
 * school was out of session, so a winter break does not flag every family on the first school day.
 */
function windowStart(sessions: Sessions, now: Date, timeZone: string): Date {
  const today = localDateOf(now, timeZone);
  let days = NO_CONTACT_DAYS;
  for (let back = 1; back <= days && days < MAX_LOOKBACK_DAYS; back++) if (!sessions.inSession(addDays(today, -back))) days += 1;
  return new Date(now.getTime() - days * 86_400_000);
}

const recipientSelect = { id: true, locale: true, languageCode: true } as const;

function recipientOf(user: { id: number; locale: string | null; languageCode: string | null }): Recipient {
  return { userId: user.id, locale: user.locale, languageCode: user.languageCode };
}

/**
 * Finds the left-behind children whose parents have gone quiet: no letter, check-in answer,
 * call booked or held, acknowledged weekly note or message from the family, and no call with
 * the parents logged by a teacher, for 30 days (counted from when the first parent joined),
 * not counting days the school was out of session.
 */
export function createNoContact(db: Db) {
  /** Which of these children had contact with their family since `since`. */
  async function inContact(children: readonly { id: number; links: { userId: number; consentedAt: Date }[] }[], since: Date, now: Date): Promise<Set<number>> {
    const ids = children.map((c) => c.id);
    const [letters, checkIns, calls, held, notes, messages, logged] = await Promise.all([
      db.letter.findMany({ where: { childId: { in: ids }, direction: 'TO_CHILD', createdAt: { gte: since } }, select: { childId: true } }),
      db.checkIn.findMany({ where: { childId: { in: ids }, answeredAt: { gte: since } }, select: { childId: true } }),
      db.callBooking.findMany({ where: { childId: { in: ids }, status: { not: 'CANCELLED' }, createdAt: { gte: since } }, select: { childId: true } }),
      db.callBooking.findMany({ where: { childId: { in: ids }, status: 'HELD', slotStart: { gte: since, lte: now } }, select: { childId: true } }),
      db.weeklyNoteRecipient.findMany({ where: { note: { childId: { in: ids } }, acknowledgedAt: { gte: since } }, select: { note: { select: { childId: true } } } }),
      db.familyMessage.findMany({ where: { childId: { in: ids }, createdAt: { gte: since } }, select: { childId: true, fromUserId: true } }),
      db.contactLog.findMany({ where: { childId: { in: ids }, kind: 'CALL', happenedAt: { gte: since } }, select: { childId: true } }),
    ]);
    const family = new Map(children.map((c) => [c.id, new Set(c.links.map((l) => l.userId))]));
    return new Set([
      ...children.filter((c) => c.links.some((l) => l.consentedAt >= since)).map((c) => c.id),
      ...[...letters, ...checkIns, ...calls, ...held, ...logged].map((row) => row.childId),
      ...notes.map((row) => row.note.childId),
      ...messages.filter((m) => family.get(m.childId)?.has(m.fromUserId)).map((m) => m.childId),
    ]);
  }

  return {
    /**
     * The daily check of one school at `now`: raises a NO_CONTACT flag on each quiet child
     * that has none open and clears the open flags of children whose family was in touch.
     * Returns every flag still open, so a notice lost with a crashed run is queued again
     * (under the flag's own outbox key, so each is told once), and how many were raised and cleared.
     */
    async check(schoolId: number, now: Date): Promise<{ open: OpenFlag[]; raised: number; cleared: number }> {
      const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timezone: true } });
      const since = windowStart(await loadSessions(db, schoolId), now, school.timezone);
      const rows = await db.child.findMany({
        where: { schoolId, archivedAt: null, parentsAway: { not: 'NONE' }, guardianLinks: { some: {} } },
        select: {
          id: true,
          name: true,
          classId: true,
          guardianLinks: { select: { userId: true, consentedAt: true } },
          pairing: { select: { teacher: { select: recipientSelect } } },
          flags: { where: { kind: NO_CONTACT, clearedAt: null }, select: { id: true } },
        },
        orderBy: { id: 'asc' },
      });
      const open: OpenFlag[] = [];
      let [raised, cleared] = [0, 0];
      for (let start = 0; start < rows.length; start += CHUNK) {
        const chunk = rows.slice(start, start + CHUNK);
        const contact = await inContact(chunk.map((c) => ({ id: c.id, links: c.guardianLinks })), since, now);
        const toClear = chunk.filter((c) => contact.has(c.id)).flatMap((c) => c.flags.map((f) => f.id));
        if (toClear.length > 0) cleared += (await db.childFlag.updateMany({ where: { id: { in: toClear } }, data: { clearedAt: now } })).count;
        for (const child of chunk.filter((c) => !contact.has(c.id))) {
          const flagId = child.flags[0]?.id ?? (await db.childFlag.create({ data: { childId: child.id, kind: NO_CONTACT, raisedAt: now } })).id;
          if (child.flags.length === 0) raised += 1;
          const teachers = child.pairing ? [recipientOf(child.pairing.teacher)] : await classTeachers(child.classId);
          open.push({ flagId, childId: child.id, childName: child.name, teachers });
        }
      }
      return { open, raised, cleared };
    },
  };

  async function classTeachers(classId: number | null): Promise<Recipient[]> {
    if (classId === null) return [];
    const rows = await db.membership.findMany({ where: { classId, role: 'TEACHER', classTeacher: true }, select: { user: { select: recipientSelect } } });
    return rows.map((row) => recipientOf(row.user));
  }
}

export type NoContact = ReturnType<typeof createNoContact>;
