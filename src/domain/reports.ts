import type { Db } from '../db/client.js';
import type { ContactKind } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { DomainError } from './errors.js';
import { previousSchoolMonth, schoolMonthAt, semesterOf, type SchoolMonth } from './school-month.js';

/** What a month's work adds up to for a group of children. */
export interface MonthFigures {
  month: SchoolMonth;
  checkInsSent: number;
  checkInsAnswered: number;
  lettersToChild: number;
  lettersToFamily: number;
  contacts: Record<ContactKind, number>;
  /** Paired children, each owed a visit and a call this month and a letter this semester ("three ones"). */
  paired: number;
  visited: number;
  called: number;
  /** Paired children with a letter to the parents logged this semester up to the month's end. */
  wrote: number;
}

/** One group's figures: the children as they are now, and this month and last. */
export interface ReportSection {
  /** The class, or null for the whole school. */
  className: string | null;
  children: number;
  leftBehind: number;
  /** Children with at least one linked parent or guardian. */
  linked: number;
  /** Children with an open no-contact flag. */
  noContact: number;
  /** Children with a concern no one has followed up yet. */
  openConcerns: number;
  /** Children with a linked parent Telegram no longer reaches. */
  unreachable: number;
  months: [thisMonth: MonthFigures, lastMonth: MonthFigures];
}

/** A school's report as one reader may see it: the classes they oversee, and the school when they run it. */
export interface SchoolReport {
  schoolId: number;
  schoolName: string;
  timezone: string;
  classes: ReportSection[];
  school: ReportSection | null;
}

const KINDS: readonly ContactKind[] = ['VISIT', 'CALL', 'TALK', 'LETTER'];

interface ChildRow {
  id: number;
  classId: number | null;
  parentsAway: string;
  linked: boolean;
  unreachable: boolean;
  paired: boolean;
}

type MonthRows = {
  month: SchoolMonth;
  checkIns: { childId: number; answeredAt: Date | null }[];
  letters: { childId: number; direction: string }[];
  contacts: { childId: number; kind: ContactKind }[];
  semesterLetters: Set<number>;
};

/** How the school leaders see coverage of contact with left-behind children, month by month. */
export function createReports(db: Db) {
  async function monthRows(ids: number[], month: SchoolMonth, timezone: string): Promise<MonthRows> {
    const semester = semesterOf(month, timezone);
    const [checkIns, letters, contacts, semesterLetters] = await Promise.all([
      db.checkIn.findMany({ where: { childId: { in: ids }, month: month.key }, select: { childId: true, answeredAt: true } }),
      db.letter.findMany({ where: { childId: { in: ids }, createdAt: { gte: month.start, lt: month.end } }, select: { childId: true, direction: true } }),
      db.contactLog.findMany({ where: { childId: { in: ids }, happenedAt: { gte: month.start, lt: month.end } }, select: { childId: true, kind: true } }),
      semester
        ? db.contactLog.findMany({ where: { childId: { in: ids }, kind: 'LETTER', happenedAt: { gte: semester.start, lt: month.end } }, select: { childId: true } })
        : Promise.resolve([]),
    ]);
    return { month, checkIns, letters, contacts, semesterLetters: new Set(semesterLetters.map((row) => row.childId)) };
  }

  function monthFigures(rows: MonthRows, children: ChildRow[]): MonthFigures {
    const ids = new Set(children.map((child) => child.id));
    const paired = new Set(children.filter((child) => child.paired).map((child) => child.id));
    const checkIns = rows.checkIns.filter((row) => ids.has(row.childId));
    const letters = rows.letters.filter((row) => ids.has(row.childId));
    const contacts = rows.contacts.filter((row) => ids.has(row.childId));
    const pairedWith = (kind: ContactKind) => new Set(contacts.filter((row) => row.kind === kind && paired.has(row.childId)).map((row) => row.childId)).size;
    return {
      month: rows.month,
      checkInsSent: checkIns.length,
      checkInsAnswered: checkIns.filter((row) => row.answeredAt !== null).length,
      lettersToChild: letters.filter((row) => row.direction === 'TO_CHILD').length,
      lettersToFamily: letters.filter((row) => row.direction === 'TO_FAMILY').length,
      contacts: Object.fromEntries(KINDS.map((kind) => [kind, contacts.filter((row) => row.kind === kind).length])) as Record<ContactKind, number>,
      paired: paired.size,
      visited: pairedWith('VISIT'),
      called: pairedWith('CALL'),
      wrote: [...paired].filter((id) => rows.semesterLetters.has(id)).length,
    };
  }

  /** A school's report at `now`: every class and the whole school, or only the classes given. */
  async function build(schoolId: number, now: Date, onlyClasses?: number[]): Promise<SchoolReport> {
    const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, include: { classes: { orderBy: { name: 'asc' } } } });
    const children = await db.child.findMany({
      where: { schoolId, archivedAt: null, ...(onlyClasses ? { classId: { in: onlyClasses } } : {}) },
      select: { id: true, classId: true, parentsAway: true, pairing: { select: { id: true } }, guardianLinks: { select: { user: { select: { unreachableAt: true } } } } },
    });
    const rows: ChildRow[] = children.map((child) => ({
      id: child.id,
      classId: child.classId,
      parentsAway: child.parentsAway,
      linked: child.guardianLinks.length > 0,
      unreachable: child.guardianLinks.some((link) => link.user.unreachableAt !== null),
      paired: child.pairing !== null,
    }));
    const ids = rows.map((row) => row.id);
    const [thisMonth, lastMonth, noContact, concerns] = await Promise.all([
      monthRows(ids, schoolMonthAt(now, school.timezone), school.timezone),
      monthRows(ids, previousSchoolMonth(now, school.timezone), school.timezone),
      db.childFlag.findMany({ where: { childId: { in: ids }, kind: 'NO_CONTACT', clearedAt: null }, select: { childId: true } }),
      db.updateChild.findMany({
        where: { childId: { in: ids }, update: { concern: true, deletedAt: null } },
        select: { childId: true, update: { select: { followUps: { select: { childId: true } } } } },
      }),
    ]);
    const flagged = new Set(noContact.map((row) => row.childId));
    const concerned = new Set(concerns.filter((row) => !row.update.followUps.some((f) => f.childId === row.childId)).map((row) => row.childId));
    const section = (className: string | null, group: ChildRow[]): ReportSection => ({
      className,
      children: group.length,
      leftBehind: group.filter((child) => child.parentsAway !== 'NONE').length,
      linked: group.filter((child) => child.linked).length,
      noContact: group.filter((child) => flagged.has(child.id)).length,
      openConcerns: group.filter((child) => concerned.has(child.id)).length,
      unreachable: group.filter((child) => child.unreachable).length,
      months: [monthFigures(thisMonth, group), monthFigures(lastMonth, group)],
    });
    const classes = school.classes
      .filter((each) => !onlyClasses || onlyClasses.includes(each.id))
      .map((each) => section(each.name, rows.filter((row) => row.classId === each.id)));
    return { schoolId, schoolName: school.name, timezone: school.timezone, classes, school: onlyClasses ? null : section(null, rows) };
  }

  return {
    /** A school's report without an actor, for the monthly job that sends it to the admins. */
    build,

    /**
     * The report the actor may see at `now`: an admin gets every class of their school and
     * the school as a whole; a class teacher gets their own classes. Anyone else is refused.
     */
    async forActor(actor: Actor, now: Date): Promise<SchoolReport> {
      const scope = await loadScope(db, actor);
      const adminSchool = [...scope.adminOf].sort((a, b) => a - b)[0];
      const ownClasses = [...scope.teaches].filter(([, teaching]) => teaching.classTeacher);
      const schoolId = adminSchool ?? ownClasses[0]?.[1].schoolId;
      if (schoolId === undefined) throw new DomainError('forbidden');
      const classIds = adminSchool !== undefined ? undefined : ownClasses.filter(([, teaching]) => teaching.schoolId === schoolId).map(([classId]) => classId);
      return build(schoolId, now, classIds);
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
