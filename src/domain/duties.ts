import type { Db } from '../db/client.js';
import type { ContactKind } from '../db/generated/enums.js';
import { semesterOf, type SchoolMonth } from './school-month.js';

/** Someone to tell, with what is needed to speak to them in their language. */
export interface Recipient {
  userId: number;
  locale: string | null;
  languageCode: string | null;
}

/** One paired child's "three ones" not yet done: the monthly visit and call, the semester letter. */
export interface OpenDuties {
  childId: number;
  childName: string;
  classId: number | null;
  teacherName: string;
  teacher: Recipient;
  open: ContactKind[];
}

const MONTHLY: readonly ContactKind[] = ['VISIT', 'CALL'];

const recipientSelect = { id: true, displayName: true, locale: true, languageCode: true } as const;

function recipientOf(user: { id: number; locale: string | null; languageCode: string | null }): Recipient {
  return { userId: user.id, locale: user.locale, languageCode: user.languageCode };
}

/**
 * The paired teachers' duties: each month a home visit and a call with the parents, each
 * semester a letter to them. A contact logged by anyone for the child counts.
 */
export function createDuties(db: Db) {
  /**
   * The paired children of a school with what is still open in `month`. With `overdueOnly`,
   * the semester letter is open only when `month` is the semester's last.
   */
  async function openDuties(school: { id: number; timezone: string }, month: SchoolMonth, overdueOnly: boolean): Promise<OpenDuties[]> {
    const pairings = await db.pairing.findMany({
      where: { child: { schoolId: school.id, archivedAt: null } },
      include: { child: { select: { id: true, name: true, classId: true } }, teacher: { select: recipientSelect } },
      orderBy: [{ teacherId: 'asc' }, { child: { name: 'asc' } }],
    });
    if (pairings.length === 0) return [];
    const childIds = pairings.map((p) => p.childId);
    const semester = semesterOf(month, school.timezone);
    const letterDue = semester !== undefined && (!overdueOnly || semester.lastMonth === month.key);
    const [monthly, letters] = await Promise.all([
      db.contactLog.findMany({ where: { childId: { in: childIds }, kind: { in: [...MONTHLY] }, happenedAt: { gte: month.start, lt: month.end } }, select: { childId: true, kind: true } }),
      letterDue
        ? db.contactLog.findMany({ where: { childId: { in: childIds }, kind: 'LETTER', happenedAt: { gte: semester.start, lt: semester.end } }, select: { childId: true } })
        : Promise.resolve([]),
    ]);
    const done = new Set(monthly.map((c) => `${c.childId}:${c.kind}`));
    const wrote = new Set(letters.map((c) => c.childId));
    return pairings
      .map((p) => ({
        childId: p.childId,
        childName: p.child.name,
        classId: p.child.classId,
        teacherName: p.teacher.displayName,
        teacher: recipientOf(p.teacher),
        open: [...MONTHLY.filter((kind) => !done.has(`${p.childId}:${kind}`)), ...(letterDue && !wrote.has(p.childId) ? (['LETTER'] as const) : [])],
      }))
      .filter((duties) => duties.open.length > 0);
  }

  return {
    /** What each paired teacher still has to do this month (the semester letter included), for the reminder. */
    stillOpen: (school: { id: number; timezone: string }, month: SchoolMonth) => openDuties(school, month, false),

    /** What was not done in a month that has ended (the letter only when its semester ended too), for escalation. */
    overdue: (school: { id: number; timezone: string }, month: SchoolMonth) => openDuties(school, month, true),

    /** The class teachers of a class, who hear of their class's overdue duties. */
    async classTeachersOf(classId: number): Promise<Recipient[]> {
      const rows = await db.membership.findMany({ where: { classId, role: 'TEACHER', classTeacher: true }, select: { user: { select: recipientSelect } }, orderBy: { userId: 'asc' } });
      return rows.map((row) => recipientOf(row.user));
    },

    /** The school's admins, who hear of every overdue duty of the school. */
    async adminsOf(schoolId: number): Promise<Recipient[]> {
      const rows = await db.membership.findMany({ where: { schoolId, role: 'ADMIN' }, select: { user: { select: recipientSelect } }, orderBy: { userId: 'asc' } });
      return rows.map((row) => recipientOf(row.user));
    },
  };
}

export type Duties = ReturnType<typeof createDuties>;
