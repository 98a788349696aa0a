import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { addDays, localDateOf, type LocalDate } from './call-slots.js';
import type { Clock } from './clock.js';
import type { Recipient } from './duties.js';
import { DomainError } from './errors.js';
import { festivalsOf, type Festival } from './festivals.js';
import { daysBetween, isoDate, parseIsoDate } from './school-month.js';

/** Families hear of a birthday, a festival or a school date this many days before. */
export const DAYS_AHEAD = 3;
/** Longest title of a school date. */
const MAX_TITLE = 60;

/** A family member to tell, with the children of theirs the message is about. */
export interface FamilyNotice {
  recipient: Recipient;
  children: { id: number; name: string }[];
}

/** A child's birthday coming up or today. */
export interface Birthday {
  childId: number;
  childName: string;
  date: LocalDate;
  age: number;
}

/** What the family calendar has to say on one day in one school. */
export interface CalendarDay {
  schoolId: number;
  schoolName: string;
  today: LocalDate;
  /** Birthdays in the next three days, each with the child's parents and guardians. */
  birthdaysSoon: (Birthday & { family: Recipient[] })[];
  /** Today's birthdays, each with the class teachers and the keepers who may read the child. */
  birthdaysToday: (Birthday & { staff: Recipient[] })[];
  /** Festivals in the next three days. */
  festivals: { festival: Festival; date: LocalDate }[];
  /** The school's own dates from today to three days ahead. */
  schoolDates: { id: number; date: LocalDate; title: string }[];
  /** Every family of the school's children: who festivals and school dates go to. */
  families: FamilyNotice[];
}

/** One of a school's own dates, as its admins list them. */
export interface SchoolDateView {
  id: number;
  date: string;
  title: string;
}

const recipientSelect = { id: true, locale: true, languageCode: true } as const;

function recipientOf(user: { id: number; locale: string | null; languageCode: string | null }): Recipient {
  return { userId: user.id, locale: user.locale, languageCode: user.languageCode };
}

/** This year's birthday of someone born on `born` (29 February is kept on the 28th in other years). */
function birthdayIn(year: number, born: Date): LocalDate {
  const [month, day] = [born.getUTCMonth() + 1, born.getUTCDate()];
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  return month === 2 && day === 29 && !leap ? { year, month: 2, day: 28 } : { year, month, day };
}

/**
 * The family calendar: children's birthdays, festivals (with lunar dates computed) and the
 * school's own dates (exam week, parents' day), which admins keep with `/dates`.
 */
export function createFamilyCalendar(db: Db, clock: Clock) {
  async function assertAdmin(actor: Actor, schoolId: number) {
    if (!Number.isSafeInteger(schoolId) || !(await loadScope(db, actor)).adminOf.has(schoolId)) throw new DomainError('forbidden');
    return db.school.findUniqueOrThrow({ where: { id: schoolId } });
  }

  return {
    /** The upcoming dates of each school the actor administers; refused for anyone else. */
    async schoolDates(actor: Actor): Promise<{ schoolId: number; schoolName: string; dates: SchoolDateView[] }[]> {
      const schoolIds = [...(await loadScope(db, actor)).adminOf].sort((a, b) => a - b);
      if (schoolIds.length === 0) throw new DomainError('forbidden');
      const schools = await db.school.findMany({ where: { id: { in: schoolIds } }, orderBy: { id: 'asc' } });
      return Promise.all(
        schools.map(async (school) => {
          const today = isoDate(localDateOf(clock(), school.timezone));
          const rows = await db.schoolDate.findMany({ where: { schoolId: school.id, date: { gte: today } }, orderBy: [{ date: 'asc' }, { id: 'asc' }] });
          return { schoolId: school.id, schoolName: school.name, dates: rows.map((row) => ({ id: row.id, date: row.date, title: row.title })) };
        }),
      );
    },

    /**
     * Adds school dates (admins of the school): each a real date from today on and a title of
     * 1–60 characters, else nothing is added and `invalid:schoolDate` is refused.
     */
    async addSchoolDates(actor: Actor, schoolId: number, entries: readonly { date: string; title: string }[]): Promise<number> {
      const school = await assertAdmin(actor, schoolId);
      const today = localDateOf(clock(), school.timezone);
      const checked = entries.map((entry) => ({ date: parseIsoDate(entry.date), title: entry.title.trim() }));
      const bad = checked.some((entry) => !entry.date || daysBetween(today, entry.date) < 0 || entry.title.length === 0 || entry.title.length > MAX_TITLE);
      if (entries.length === 0 || bad) throw new DomainError('invalid:schoolDate');
      const result = await db.schoolDate.createMany({ data: checked.map((entry) => ({ schoolId, date: isoDate(entry.date!), title: entry.title })) });
      return result.count;
    },

    /** Removes one of the school's dates (admins of its school); returns the school's id. */
    async removeSchoolDate(actor: Actor, dateId: number): Promise<number> {
      const row = Number.isSafeInteger(dateId) ? await db.schoolDate.findUnique({ where: { id: dateId } }) : null;
      if (!row) throw new DomainError('forbidden');
      await assertAdmin(actor, row.schoolId);
      await db.schoolDate.delete({ where: { id: row.id } });
      return row.schoolId;
    },

    /** What the family calendar has to say in one school on the local date of `now`. */
    async day(school: { id: number; name: string; timezone: string }, now: Date): Promise<CalendarDay> {
      const today = localDateOf(now, school.timezone);
      const children = await db.child.findMany({
        where: { schoolId: school.id, archivedAt: null },
        select: { id: true, name: true, classId: true, birthday: true, parentsAway: true, guardianLinks: { select: { user: { select: recipientSelect } }, orderBy: { userId: 'asc' } } },
        orderBy: { id: 'asc' },
      });
      const birthdays = children.flatMap((child) => {
        if (!child.birthday) return [];
        const date = birthdayIn(today.year, child.birthday);
        const upcoming = daysBetween(today, date) >= 0 ? date : birthdayIn(today.year + 1, child.birthday);
        const inDays = daysBetween(today, upcoming);
        return inDays <= DAYS_AHEAD ? [{ child, inDays, birthday: { childId: child.id, childName: child.name, date: upcoming, age: upcoming.year - child.birthday.getUTCFullYear() } }] : [];
      });
      const birthdaysToday = await Promise.all(
        birthdays
          .filter((b) => b.inDays === 0)
          .map(async ({ child, birthday }) => {
            const staff = await db.membership.findMany({
              where: {
                schoolId: school.id,
                OR: [{ role: 'TEACHER', classTeacher: true, classId: child.classId ?? -1 }, ...(child.parentsAway !== 'NONE' ? [{ role: 'KEEPER' as const }] : [])],
              },
              select: { user: { select: recipientSelect } },
              orderBy: { userId: 'asc' },
            });
            return { ...birthday, staff: [...new Map(staff.map((m) => [m.user.id, recipientOf(m.user)])).values()] };
          }),
      );
      const families = new Map<number, FamilyNotice>();
      for (const child of children) {
        for (const { user } of child.guardianLinks) {
          const notice = families.get(user.id) ?? { recipient: recipientOf(user), children: [] };
          notice.children.push({ id: child.id, name: child.name });
          families.set(user.id, notice);
        }
      }
      const horizon = isoDate(addDays(today, DAYS_AHEAD));
      const dates = await db.schoolDate.findMany({ where: { schoolId: school.id, date: { gte: isoDate(today), lte: horizon } }, orderBy: [{ date: 'asc' }, { id: 'asc' }] });
      const festivals = [...festivalsOf(today.year), ...festivalsOf(today.year + 1)].filter((f) => {
        const inDays = daysBetween(today, f.date);
        return inDays > 0 && inDays <= DAYS_AHEAD;
      });
      return {
        schoolId: school.id,
        schoolName: school.name,
        today,
        birthdaysSoon: birthdays.filter((b) => b.inDays > 0).map(({ child, birthday }) => ({ ...birthday, family: child.guardianLinks.map((l) => recipientOf(l.user)) })),
        birthdaysToday,
        festivals,
        schoolDates: dates.map((row) => ({ id: row.id, date: parseIsoDate(row.date)!, title: row.title })),
        families: [...families.values()],
      };
    },
  };
}

export type FamilyCalendar = ReturnType<typeof createFamilyCalendar>;
