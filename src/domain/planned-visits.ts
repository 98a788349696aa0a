import type { Db } from '../db/client.js';
import type { Relation } from '../db/generated/enums.js';
import { authorizeChild } from './access.js';
import type { Actor } from './actor.js';
import { addDays, localDateOf, type LocalDate } from './call-slots.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { daysBetween, parseIsoDate } from './school-month.js';
import type { NoteRecipient } from './weekly-notes.js';
import { instantOf, localTime } from './zoned-time.js';

/** The part of the day a home visit is planned for, with the minute it stands for. */
export const VISIT_SLOTS = { MORNING: 9 * 60, AFTERNOON: 14 * 60, EVENING: 19 * 60 } as const;
export type VisitSlot = keyof typeof VISIT_SLOTS;

/** How the guardian at home answers the notice. */
export type VisitAnswer = 'OK' | 'MOVE';

/** A visit may be planned from tomorrow up to this many days ahead. */
export const PLAN_DAYS_AHEAD = 30;
/** The notice goes out from this minute of the day before the visit (or at once when planned later than that). */
const NOTICE_MINUTE = 10 * 60;

/** Whether untrusted callback data names a part of the day. */
export function isVisitSlot(value: string | undefined): value is VisitSlot {
  return value !== undefined && Object.hasOwn(VISIT_SLOTS, value);
}

/** The part of the day of a planned visit's local minute. */
function slotOf(minute: number): VisitSlot {
  if (minute < 12 * 60) return 'MORNING';
  return minute < 18 * 60 ? 'AFTERNOON' : 'EVENING';
}

/** A planned visit as the teacher and the family are told of it. */
export interface VisitView {
  id: number;
  childId: number;
  childName: string;
  teacherName: string;
  teacher: NoteRecipient;
  date: LocalDate;
  slot: VisitSlot;
}

/** A visit whose notice is due, with the guardians at home to tell. */
export interface VisitNotice extends VisitView {
  guardians: NoteRecipient[];
}

/** The guardian's answer to a notice, for the teacher. */
export interface VisitReply extends VisitView {
  answer: VisitAnswer;
  guardianId: number;
  guardianName: string;
  relation: Relation;
}

const person = { select: { id: true, displayName: true, locale: true, languageCode: true } } as const;
const visitInclude = { teacher: person, child: { select: { name: true, archivedAt: true, school: { select: { timezone: true } } } } } as const;

type VisitRow = {
  id: number;
  childId: number;
  plannedFor: Date;
  teacher: { id: number; displayName: string; locale: string | null; languageCode: string | null };
  child: { name: string; school: { timezone: string } };
};

function viewOf(row: VisitRow): VisitView {
  const local = localTime(row.plannedFor, row.child.school.timezone);
  return {
    id: row.id,
    childId: row.childId,
    childName: row.child.name,
    teacherName: row.teacher.displayName,
    teacher: { userId: row.teacher.id, locale: row.teacher.locale, languageCode: row.teacher.languageCode },
    date: { year: local.year, month: local.month, day: local.day },
    slot: slotOf(local.minute),
  };
}

/**
 * Home visits the paired teacher plans ahead, so the grandparent at home is told the day
 * before and can say whether it suits them: a visit nobody expected finds nobody home.
 */
export function createPlannedVisits(db: Db, clock: Clock) {
  return {
    /** The days a visit may be planned on for the child: tomorrow and the next days, in school time. */
    async plannableDays(actor: Actor, childId: number): Promise<LocalDate[]> {
      const child = await authorizeChild(db, actor, childId, 'edit');
      const { timezone } = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true } });
      const today = localDateOf(clock(), timezone);
      return Array.from({ length: 6 }, (_, i) => addDays(today, i + 1));
    },

    /**
     * Plans a home visit on a local day (tomorrow up to 30 days ahead) and part of the day.
     * Returns it with how many guardians at home will be told (refuses `invalid:visitDate`).
     */
    async plan(actor: Actor, childId: number, day: string, slot: VisitSlot): Promise<VisitView & { guardians: number }> {
      const child = await authorizeChild(db, actor, childId, 'edit');
      if (child.archivedAt) throw new DomainError('archived');
      if (!isVisitSlot(slot)) throw new DomainError('forbidden');
      const { timezone } = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true } });
      const date = parseIsoDate(day);
      const ahead = date ? daysBetween(localDateOf(clock(), timezone), date) : -1;
      if (!date || ahead < 1 || ahead > PLAN_DAYS_AHEAD) throw new DomainError('invalid:visitDate');
      const row = await db.plannedVisit.create({
        data: { childId, teacherId: actor.userId, plannedFor: instantOf(date.year, date.month, date.day, VISIT_SLOTS[slot], timezone), createdAt: clock() },
        include: visitInclude,
      });
      const guardians = await db.guardianLink.count({ where: { childId, role: 'GUARDIAN', user: { erasedAt: null } } });
      return { ...viewOf(row), guardians };
    },

    /** Planned visits whose notice is due at `now` (from 10:00 the day before) and not yet queued, with the guardians at home. */
    async dueNotices(now: Date): Promise<VisitNotice[]> {
      const rows = await db.plannedVisit.findMany({
        where: { cancelledAt: null, noticeQueuedAt: null, plannedFor: { gt: now }, child: { archivedAt: null } },
        include: { ...visitInclude, child: { select: { ...visitInclude.child.select, guardianLinks: { where: { role: 'GUARDIAN', user: { erasedAt: null } }, select: { user: person } } } } },
        orderBy: { id: 'asc' },
      });
      return rows
        .filter((row) => {
          const local = localTime(row.plannedFor, row.child.school.timezone);
          const dayBefore = addDays(local, -1);
          return now >= instantOf(dayBefore.year, dayBefore.month, dayBefore.day, NOTICE_MINUTE, row.child.school.timezone);
        })
        .map((row) => ({
          ...viewOf(row),
          guardians: row.child.guardianLinks.map(({ user }) => ({ userId: user.id, locale: user.locale, languageCode: user.languageCode })),
        }));
    },

    /** Records that the notices were queued, so they are not looked at again. */
    async markNoticed(ids: readonly number[], now: Date): Promise<void> {
      await db.plannedVisit.updateMany({ where: { id: { in: [...ids] }, noticeQueuedAt: null }, data: { noticeQueuedAt: now } });
    },

    /**
     * The guardian at home answers the notice: "convenient", or "another time", which calls
     * the visit off so the teacher plans a new one. Only a guardian linked to the child may
     * answer, and only before the visit.
     */
    async answer(actor: Actor, visitId: number, answer: VisitAnswer): Promise<VisitReply> {
      const row = Number.isSafeInteger(visitId) ? await db.plannedVisit.findUnique({ where: { id: visitId }, include: visitInclude }) : null;
      const link = row
        ? await db.guardianLink.findUnique({ where: { userId_childId: { userId: actor.userId, childId: row.childId } }, include: { user: { select: { displayName: true } } } })
        : null;
      if (!row || !link || link.role !== 'GUARDIAN') throw new DomainError('forbidden');
      if (row.cancelledAt || row.plannedFor <= clock()) throw new DomainError('visit:over');
      if (answer === 'MOVE') await db.plannedVisit.update({ where: { id: row.id }, data: { cancelledAt: clock() } });
      return { ...viewOf(row), answer, guardianId: actor.userId, guardianName: link.user.displayName, relation: link.relation };
    },
  };
}

export type PlannedVisits = ReturnType<typeof createPlannedVisits>;
