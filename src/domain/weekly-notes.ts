import type { Db } from '../db/client.js';
import type { Relation, Role, UpdateCategory } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, loadScope } from './access.js';
import type { LocalDate } from './call-slots.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { festivalsOf, type Festival } from './festivals.js';
import { daysBetween, isoDate, parseIsoDate } from './school-month.js';
import { currentSchoolWeek, daysOfWeek, type SchoolWeek, type WeekDays } from './school-week.js';
import { instantOf } from './zoned-time.js';

/** One category's part of a note: how many updates and their texts. */
export interface CategorySummary {
  category: UpdateCategory;
  count: number;
  texts: string[];
}

/** A parent or guardian who receives a child's note, with what is needed to speak to them. */
export interface NoteRecipient {
  userId: number;
  locale: string | null;
  languageCode: string | null;
  /** How a family member is linked to the child (absent for staff), to choose plain words for grandparents. */
  relation?: Relation;
  role?: Role;
}

/**
 * What else happened in the child's week besides the teachers' updates, so a week without
 * an update still tells the family something true instead of reading as "nothing happened".
 */
export interface WeekHappenings {
  /** Letters from the family read with the child at the Children's Home. */
  lettersRead: number;
  /** Letters the child wrote home (recorded by the keeper). */
  lettersWritten: number;
  /** Calls with the family held at the Children's Home. */
  callsHeld: number;
  /** Heart-to-heart talks a teacher logged with the child. */
  talks: number;
  /** Home visits a teacher logged. */
  visits: number;
  /** The school's own dates that fell in the week (sports day, exams). */
  schoolDates: { date: LocalDate; title: string }[];
  /** Festivals in the week: told alongside, never enough for a note on their own. */
  festivals: { festival: Festival; date: LocalDate }[];
}

/** Everything a weekly note about one child says, before it is put into words. */
export interface WeeklyNoteData {
  noteId: number;
  childId: number;
  childName: string;
  classId: number | null;
  week: string;
  days: WeekDays;
  status: 'DRAFT' | 'HELD' | 'SENT';
  teacherText: string | null;
  categories: CategorySummary[];
  photos: string[];
  voices: string[];
  /** The week's videos and round video notes, each sent as a message of its own. */
  videos: { kind: 'video' | 'video_note'; fileId: string }[];
  happenings: WeekHappenings;
  recipients: NoteRecipient[];
}

/** One update of the child's week in full, for "see all". */
export interface FullWeekEntry {
  category: UpdateCategory;
  text: string;
}

/**
 * Whether a note has anything true to tell the family: the teacher's words, an update, or
 * something that happened with the child (a letter, a call, a talk, a school date). A note
 * without is not sent, so a quiet week never reads as neglect.
 */
export function hasNews(note: Pick<WeeklyNoteData, 'teacherText' | 'categories' | 'photos' | 'voices' | 'videos' | 'happenings'>): boolean {
  const h = note.happenings;
  return (
    note.teacherText !== null ||
    note.categories.length > 0 ||
    note.photos.length + note.voices.length + note.videos.length > 0 ||
    h.lettersRead + h.lettersWritten + h.callsHeld + h.talks + h.visits + h.schoolDates.length > 0
  );
}

/** The festivals whose date falls on one of the week's days. */
function festivalsIn(days: WeekDays): WeekHappenings['festivals'] {
  const years = [...new Set([days.first.year, days.last.year])];
  return years.flatMap(festivalsOf).filter(({ date }) => daysBetween(days.first, date) >= 0 && daysBetween(date, days.last) >= 0);
}

/** Counts rows per child. */
function countByChild(rows: readonly { childId: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.childId, (counts.get(row.childId) ?? 0) + 1);
  return counts;
}

/** Keeps each query under SQLite's limit on bound parameters. */
const BATCH = 500;

function inBatches<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  return batches;
}

const CATEGORY_ORDER: readonly UpdateCategory[] = ['STUDY', 'ACTIVITY', 'BEHAVIOUR', 'EMOTIONS', 'HEALTH', 'DAILY_LIFE'];
const MAX_PHOTOS = 10;

/** Weekly notes: compiled from the week's updates, reviewed or held by the class teacher, acknowledged by parents. */
export function createWeeklyNotes(db: Db, clock: Clock) {
  return {
    /**
     * Compiles the week's note for every child of the school who has a linked parent:
     * a summary per category, the photos (up to 10), voice notes and videos. Creates the note rows
     * once per child and week, so compiling again returns the same notes.
     */
    async compileWeek(schoolId: number, week: SchoolWeek): Promise<WeeklyNoteData[]> {
      const children = await db.child.findMany({
        where: { schoolId, archivedAt: null, guardianLinks: { some: {} } },
        select: {
          id: true,
          name: true,
          classId: true,
          guardianLinks: { select: { relation: true, role: true, user: { select: { id: true, locale: true, languageCode: true } } } },
        },
        orderBy: { id: 'asc' },
      });
      const inWeek = { schoolId, deletedAt: null, createdAt: { gte: week.start, lt: week.end } };
      const [happened, updates, links, media] = await Promise.all([
        happeningsOf(schoolId, week),
        db.growthUpdate.findMany({ where: inWeek, select: { id: true, category: true, text: true }, orderBy: { id: 'asc' } }),
        db.updateChild.findMany({ where: { update: inWeek, child: { archivedAt: null } }, select: { updateId: true, childId: true }, orderBy: { updateId: 'asc' } }),
        db.updateMedia.findMany({ where: { update: inWeek }, select: { updateId: true, kind: true, fileId: true }, orderBy: [{ updateId: 'asc' }, { position: 'asc' }] }),
      ]);
      const updateById = new Map(updates.map((update) => [update.id, { ...update, media: [] as { kind: string; fileId: string }[] }]));
      for (const item of media) updateById.get(item.updateId)?.media.push(item);
      const ofThisSchool = { week: week.week, child: { schoolId } };
      const existing = new Set((await db.weeklyNote.findMany({ where: ofThisSchool, select: { childId: true } })).map((n) => n.childId));
      const missing = children.filter((child) => !existing.has(child.id)).map((child) => ({ childId: child.id, week: week.week, createdAt: clock() }));
      for (const batch of inBatches(missing)) await db.weeklyNote.createMany({ data: batch });
      const notes = new Map((await db.weeklyNote.findMany({ where: ofThisSchool })).map((note) => [note.childId, note]));
      const updatesByChild = new Map<number, { category: UpdateCategory; text: string | null; media: { kind: string; fileId: string }[] }[]>();
      for (const link of links) {
        const update = updateById.get(link.updateId);
        if (!update) continue;
        const list = updatesByChild.get(link.childId) ?? [];
        list.push(update);
        updatesByChild.set(link.childId, list);
      }
      return children.map((child) => {
        const note = notes.get(child.id)!;
        const updates = updatesByChild.get(child.id) ?? [];
        const media = updates.flatMap((update) => update.media);
        return {
          noteId: note.id,
          childId: child.id,
          childName: child.name,
          classId: child.classId,
          week: week.week,
          days: week.days,
          status: note.status,
          teacherText: note.teacherText,
          categories: CATEGORY_ORDER.flatMap((category) => {
            const inCategory = updates.filter((update) => update.category === category);
            if (inCategory.length === 0) return [];
            return [{ category, count: inCategory.length, texts: inCategory.flatMap((update) => (update.text ? [update.text] : [])) }];
          }),
          photos: media.filter((m) => m.kind === 'photo').slice(0, MAX_PHOTOS).map((m) => m.fileId),
          voices: media.filter((m) => m.kind === 'voice').map((m) => m.fileId),
          videos: media.flatMap((m) => (m.kind === 'video' || m.kind === 'video_note' ? [{ kind: m.kind, fileId: m.fileId }] : [])),
          happenings: happened(child.id),
          recipients: child.guardianLinks.map((link) => ({
            userId: link.user.id,
            locale: link.user.locale,
            languageCode: link.user.languageCode,
            relation: link.relation,
            role: link.role,
          })),
        };
      });
    },

    /** Records that the notes went out: who got a copy, and the time; held notes and notes with nothing to tell are left alone. */
    async markSent(notes: readonly WeeklyNoteData[]): Promise<void> {
      const sendable = notes.filter((note) => note.status !== 'HELD' && hasNews(note));
      await db.$transaction(async (tx) => {
        for (const batch of inBatches(sendable)) {
          const noteIds = batch.map((n) => n.noteId);
          const already = await tx.weeklyNoteRecipient.findMany({ where: { noteId: { in: noteIds } }, select: { noteId: true, userId: true } });
          const known = new Set(already.map((copy) => `${copy.noteId}:${copy.userId}`));
          const fresh = batch
            .flatMap((note) => note.recipients.map((r) => ({ noteId: note.noteId, userId: r.userId })))
            .filter((copy) => !known.has(`${copy.noteId}:${copy.userId}`));
          if (fresh.length > 0) await tx.weeklyNoteRecipient.createMany({ data: fresh });
          await tx.weeklyNote.updateMany({ where: { id: { in: noteIds }, status: { not: 'SENT' } }, data: { status: 'SENT', sentAt: clock() } });
        }
      });
    },

    /** The class teachers of a class: who reviews its notes and hears about missing updates. */
    async classTeachersOf(classId: number): Promise<NoteRecipient[]> {
      const rows = await db.membership.findMany({
        where: { classId, role: 'TEACHER', classTeacher: true },
        select: { user: { select: { id: true, locale: true, languageCode: true } } },
      });
      return rows.map((row) => ({ userId: row.user.id, locale: row.user.locale, languageCode: row.user.languageCode }));
    },

    /** A parent presses "received" on their copy of a note. Only the note's own recipients can. */
    async acknowledge(actor: Actor, noteId: number): Promise<{ childName: string }> {
      const copy = Number.isSafeInteger(noteId)
        ? await db.weeklyNoteRecipient.findUnique({ where: { noteId_userId: { noteId, userId: actor.userId } }, include: { note: { include: { child: { select: { name: true } } } } } })
        : null;
      if (!copy) throw new DomainError('forbidden');
      if (!copy.acknowledgedAt) await db.weeklyNoteRecipient.update({ where: { id: copy.id }, data: { acknowledgedAt: clock() } });
      return { childName: copy.note.child.name };
    },

    /**
     * Every update of a note's week about its child in full, for "see all" under a note that
     * shortened them. Access is checked again on each press: whoever may read the child now
     * (a family member still linked, their teachers), not whoever once got the note.
     */
    async fullWeek(actor: Actor, noteId: number): Promise<{ childName: string; days: WeekDays | null; entries: FullWeekEntry[] }> {
      const note = Number.isSafeInteger(noteId) ? await db.weeklyNote.findUnique({ where: { id: noteId } }) : null;
      if (!note) throw new DomainError('forbidden');
      const child = await authorizeChild(db, actor, note.childId, 'read');
      const school = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true, weekEndDay: true, weekEndMinute: true } });
      const days = daysOfWeek(school, note.week);
      if (!days) return { childName: child.name, days, entries: [] };
      const week = currentSchoolWeek(school, instantOf(days.last.year, days.last.month, days.last.day, 0, school.timezone));
      const updates = await db.growthUpdate.findMany({
        where: { deletedAt: null, text: { not: null }, createdAt: { gte: week.start, lt: week.end }, children: { some: { childId: child.id } } },
        select: { category: true, text: true },
        orderBy: { id: 'asc' },
      });
      const entries = CATEGORY_ORDER.flatMap((category) => updates.filter((u) => u.category === category).map((u) => ({ category, text: u.text! })));
      return { childName: child.name, days, entries };
    },

    /** The class teacher rewrites a draft note in review mode (before it is sent). */
    async editDraft(actor: Actor, noteId: number, text: string): Promise<void> {
      const note = await draftFor(actor, noteId);
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.length > 2000) throw new DomainError('invalid:tooLong');
      await db.weeklyNote.update({ where: { id: note.id }, data: { teacherText: trimmed } });
    },

    /** A draft the actor may review (class teacher or admin), with the child's name for the prompt. */
    async draftToReview(actor: Actor, noteId: number): Promise<{ noteId: number; childName: string }> {
      const note = await draftFor(actor, noteId);
      const child = await db.child.findUniqueOrThrow({ where: { id: note.childId }, select: { name: true } });
      return { noteId: note.id, childName: child.name };
    },

    /** The class teacher holds a draft note: it is not sent this week. */
    async holdDraft(actor: Actor, noteId: number): Promise<void> {
      const note = await draftFor(actor, noteId);
      await db.weeklyNote.update({ where: { id: note.id }, data: { status: 'HELD' } });
    },

    /**
     * For each class the actor is class teacher of, the latest sent week: per child and
     * parent, whether the note was delivered, acknowledged, or the parent is unreachable;
     * and the children whose note did not go out, and why (held, or nothing to tell).
     */
    async receipts(actor: Actor) {
      const scope = await loadScope(db, actor);
      const classIds = [...scope.teaches].filter(([, t]) => t.classTeacher).map(([id]) => id);
      const latest = await db.weeklyNote.findFirst({
        where: { status: 'SENT', child: { classId: { in: classIds } } },
        orderBy: { sentAt: 'desc' },
        include: { child: { select: { school: { select: { weekEndDay: true, weekEndMinute: true } } } } },
      });
      if (!latest) return null;
      const copies = await db.weeklyNoteRecipient.findMany({
        where: { note: { week: latest.week, child: { classId: { in: classIds } } } },
        include: { user: { select: { id: true, displayName: true, unreachableAt: true } }, note: { include: { child: { select: { name: true, classId: true } } } } },
        orderBy: [{ note: { childId: 'asc' } }, { userId: 'asc' }],
      });
      const delivered = await db.outboxMessage.findMany({
        where: { idempotencyKey: { in: copies.map((c) => weeklyNoteKey(c.note.childId, latest.week, c.userId, 'text')) }, status: 'SENT' },
        select: { idempotencyKey: true },
      });
      const deliveredKeys = new Set(delivered.map((row) => row.idempotencyKey));
      const unsent = await db.weeklyNote.findMany({
        where: { week: latest.week, status: { not: 'SENT' }, child: { classId: { in: classIds }, archivedAt: null, guardianLinks: { some: {} } } },
        include: { child: { select: { name: true } } },
        orderBy: { childId: 'asc' },
      });
      return {
        notSent: unsent.map((note) => ({ childName: note.child.name, reason: note.status === 'HELD' ? ('held' as const) : ('nothingToTell' as const) })),
        week: latest.week,
        days: daysOfWeek(latest.child.school, latest.week),
        lines: copies.map((copy) => ({
          childName: copy.note.child.name,
          parentName: copy.user.displayName,
          state: copy.acknowledgedAt
            ? ('acknowledged' as const)
            : copy.user.unreachableAt
              ? ('unreachable' as const)
              : deliveredKeys.has(weeklyNoteKey(copy.note.childId, latest.week, copy.userId, 'text'))
                ? ('received' as const)
                : ('pending' as const),
        })),
      };
    },
  };

  /**
   * What happened with each child of the school in the week besides updates: letters read
   * and written at the Children's Home, calls held, talks and visits logged, and the week's
   * school dates and festivals (the same for every child).
   */
  async function happeningsOf(schoolId: number, week: SchoolWeek): Promise<(childId: number) => WeekHappenings> {
    const during = { gte: week.start, lt: week.end };
    const ofSchool = { child: { schoolId } };
    const [read, written, calls, talks, visits, dates] = await Promise.all([
      db.letter.findMany({ where: { ...ofSchool, direction: 'TO_CHILD', status: 'READ', handledAt: during }, select: { childId: true } }),
      db.letter.findMany({ where: { ...ofSchool, direction: 'TO_FAMILY', createdAt: during }, select: { childId: true } }),
      db.callBooking.findMany({ where: { schoolId, status: 'HELD', slotStart: during }, select: { childId: true } }),
      db.contactLog.findMany({ where: { ...ofSchool, kind: 'TALK', happenedAt: during }, select: { childId: true } }),
      db.contactLog.findMany({ where: { ...ofSchool, kind: 'VISIT', happenedAt: during }, select: { childId: true } }),
      db.schoolDate.findMany({ where: { schoolId, date: { gte: isoDate(week.days.first), lte: isoDate(week.days.last) } }, orderBy: [{ date: 'asc' }, { id: 'asc' }] }),
    ]);
    const counts = [read, written, calls, talks, visits].map(countByChild);
    const schoolDates = dates.flatMap((row) => {
      const date = parseIsoDate(row.date);
      return date ? [{ date, title: row.title }] : [];
    });
    const festivals = festivalsIn(week.days);
    return (childId) => {
      const [lettersRead, lettersWritten, callsHeld, talkCount, visitCount] = counts.map((byChild) => byChild.get(childId) ?? 0);
      return { lettersRead: lettersRead!, lettersWritten: lettersWritten!, callsHeld: callsHeld!, talks: talkCount!, visits: visitCount!, schoolDates, festivals };
    };
  }

  async function draftFor(actor: Actor, noteId: number) {
    const note = Number.isSafeInteger(noteId) ? await db.weeklyNote.findUnique({ where: { id: noteId } }) : null;
    if (!note) throw new DomainError('forbidden');
    const child = await authorizeChild(db, actor, note.childId, 'edit');
    const scope = await loadScope(db, actor);
    const isClassTeacher = child.classId !== null && scope.teaches.get(child.classId)?.classTeacher === true;
    if (!isClassTeacher && !scope.adminOf.has(child.schoolId)) throw new DomainError('forbidden');
    if (note.status === 'SENT') throw new DomainError('noteSent');
    return note;
  }
}

/** The outbox key of one part of one parent's copy of a weekly note. */
export function weeklyNoteKey(childId: number, week: string, userId: number, part: string): string {
  return `weekly-note:child-${childId}:${week}:user-${userId}:${part}`;
}

export type WeeklyNotes = ReturnType<typeof createWeeklyNotes>;
