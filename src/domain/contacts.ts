import type { Db } from '../db/client.js';
import type { ContactKind } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, childActions, loadScope, readableChildren } from './access.js';
import { localDateOf, type LocalDate } from './call-slots.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { daysBetween, isoDate, parseIsoDate, schoolMonthAt } from './school-month.js';
import { instantOf } from './zoned-time.js';

/** The kinds of contact a teacher logs, in the order they are offered. */
export const CONTACT_KINDS: readonly ContactKind[] = ['VISIT', 'CALL', 'TALK', 'LETTER'];

/** How far back a contact may be logged, in days. */
const MAX_DAYS_BACK = 60;
/** Longest note kept with a contact. */
export const MAX_NOTE_LENGTH = 500;

/** Whether untrusted text (callback data) names a kind of contact. */
export function isContactKind(value: string | undefined): value is ContactKind {
  return (CONTACT_KINDS as readonly string[]).includes(value ?? '');
}

/** A contact as it is logged: the date is local to the child's school. */
export interface NewContact {
  childId: number;
  kind: ContactKind;
  /** `YYYY-MM-DD` in the school's time zone. */
  date: string;
  note?: string | null;
  voiceFileId?: string | null;
}

/** A logged contact as the teacher and the child's file show it. */
export interface ContactView {
  id: number;
  childName: string;
  kind: ContactKind;
  date: string;
  teacherName: string;
  hasVoice: boolean;
}

/** The contact part of a child's file: this month's contacts and an open no-contact flag. */
export interface ContactSummary {
  contacts: ContactView[];
  /** Local date the no-contact flag was raised, or null when none is open. */
  noContactSince: string | null;
}

/**
 * The teachers' contact log ("three ones"): home visits, calls with the parents, talks
 * with the child and letters to the parents, logged by those who may edit the child's file.
 */
export function createContacts(db: Db, clock: Clock) {
  async function editableChild(actor: Actor, childId: number) {
    const child = await authorizeChild(db, actor, childId, 'edit');
    if (child.archivedAt) throw new DomainError('archived');
    const school = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true } });
    return { ...child, timezone: school.timezone };
  }

  return {
    /** The children the actor may log contacts for: readable, editable and not archived. */
    async loggableChildren(actor: Actor): Promise<{ id: number; name: string; className: string | null }[]> {
      const scope = await loadScope(db, actor);
      const rows = await db.child.findMany({
        where: { AND: [readableChildren(scope), { archivedAt: null }] },
        include: { class: { select: { name: true } } },
        orderBy: [{ classId: 'asc' }, { name: 'asc' }],
      });
      return rows
        .filter((row) => childActions(scope, row).has('edit'))
        .slice(0, 50)
        .map((row) => ({ id: row.id, name: row.name, className: row.class?.name ?? null }));
    },

    /** Checks again that the actor may log a contact for the child; its name and today's local date. */
    async target(actor: Actor, childId: number): Promise<{ childId: number; childName: string; today: LocalDate }> {
      const child = await editableChild(actor, childId);
      return { childId: child.id, childName: child.name, today: localDateOf(clock(), child.timezone) };
    },

    /**
     * Logs a contact on a local date (not in the future, at most 60 days back), kept at noon
     * school time so it counts in the right month. Refuses `invalid:contactDate` or `invalid:tooLong`.
     */
    async log(actor: Actor, contact: NewContact): Promise<ContactView> {
      const child = await editableChild(actor, contact.childId);
      if (!isContactKind(contact.kind)) throw new DomainError('forbidden');
      const date = parseIsoDate(contact.date);
      const back = date ? daysBetween(date, localDateOf(clock(), child.timezone)) : -1;
      if (!date || back < 0 || back > MAX_DAYS_BACK) throw new DomainError('invalid:contactDate');
      const note = contact.note?.trim() || null;
      if (note && note.length > MAX_NOTE_LENGTH) throw new DomainError('invalid:tooLong');
      const row = await db.contactLog.create({
        data: {
          childId: child.id,
          teacherId: actor.userId,
          kind: contact.kind,
          happenedAt: instantOf(date.year, date.month, date.day, 12 * 60, child.timezone),
          note,
          voiceFileId: contact.voiceFileId ?? null,
          createdAt: clock(),
        },
        include: { teacher: { select: { displayName: true } } },
      });
      return { id: row.id, childName: child.name, kind: row.kind, date: isoDate(date), teacherName: row.teacher.displayName, hasVoice: row.voiceFileId !== null };
    },

    /**
     * This month's contacts and an open no-contact flag, for the child's file. Only those who
     * may edit the file see them (teachers and admins); anyone else gets an empty summary.
     */
    async fileSummary(actor: Actor, childId: number): Promise<ContactSummary> {
      const child = await authorizeChild(db, actor, childId, 'read');
      if (!childActions(await loadScope(db, actor), child).has('edit')) return { contacts: [], noContactSince: null };
      const { timezone } = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true } });
      const month = schoolMonthAt(clock(), timezone);
      const [rows, flag] = await Promise.all([
        db.contactLog.findMany({
          where: { childId, happenedAt: { gte: month.start, lt: month.end } },
          include: { teacher: { select: { displayName: true } } },
          orderBy: { happenedAt: 'asc' },
        }),
        db.childFlag.findFirst({ where: { childId, kind: 'NO_CONTACT', clearedAt: null }, orderBy: { raisedAt: 'desc' } }),
      ]);
      return {
        contacts: rows.map((row) => ({
          id: row.id,
          childName: child.name,
          kind: row.kind,
          date: isoDate(localDateOf(row.happenedAt, timezone)),
          teacherName: row.teacher.displayName,
          hasVoice: row.voiceFileId !== null,
        })),
        noContactSince: flag ? isoDate(localDateOf(flag.raisedAt, timezone)) : null,
      };
    },
  };
}

export type Contacts = ReturnType<typeof createContacts>;
