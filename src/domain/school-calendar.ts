import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { authorizeChild, loadScope } from './access.js';
import { addDays, localDateOf, type LocalDate } from './call-slots.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { daysBetween, isoDate, parseIsoDate } from './school-month.js';

/** A term (school is in session) or a holiday (it is not). */
export type PeriodKind = 'TERM' | 'HOLIDAY';

/** One of a school's terms or holidays, both ends included, dates as `YYYY-MM-DD`. */
export interface SchoolPeriodView {
  id: number;
  kind: PeriodKind;
  title: string;
  startsOn: string;
  endsOn: string;
}

/** A school's terms and holidays, read once to ask about many days (a job run, a fortnight of call slots). */
export interface Sessions {
  /** Whether school is in session on a local day. */
  inSession(day: LocalDate): boolean;
  /** Whether any day from `first` to `last` (both included) is in session. */
  anyInSession(first: LocalDate, last: LocalDate): boolean;
  /** The first day after `day` that is in session, or null when no term ahead is known. */
  restartsAfter(day: LocalDate): LocalDate | null;
  /** The holiday that holds `day`, if one does. */
  holidayOn(day: LocalDate): SchoolPeriodView | undefined;
}

/** Longest term or holiday, in days. */
const MAX_DAYS = 366;
/** Longest title of a term or holiday. */
const MAX_TITLE = 30;
/** A school's year as admins see it: at most this many current and coming periods. */
const SHOWN = 20;

const KINDS: readonly string[] = ['TERM', 'HOLIDAY'];

function contains(period: SchoolPeriodView, day: string): boolean {
  return period.startsOn <= day && day <= period.endsOn;
}

/**
 * Whether a day is in session among these periods: not in any holiday, and inside a term
 * when the school has set terms. No terms and no holidays: always in session.
 */
export function inSessionAmong(periods: readonly SchoolPeriodView[], day: LocalDate): boolean {
  const key = isoDate(day);
  if (periods.some((period) => period.kind === 'HOLIDAY' && contains(period, key))) return false;
  const terms = periods.filter((period) => period.kind === 'TERM');
  return terms.length === 0 || terms.some((period) => contains(period, key));
}

/** The questions the jobs, calls and letters ask of a school's periods, answered from one list. */
export function sessionsOf(periods: readonly SchoolPeriodView[]): Sessions {
  const inSession = (day: LocalDate) => inSessionAmong(periods, day);
  return {
    inSession,
    anyInSession(first, last) {
      for (let day = first; daysBetween(day, last) >= 0; day = addDays(day, 1)) if (inSession(day)) return true;
      return false;
    },
    restartsAfter(day) {
      // A day in session after one that is not is the day after a holiday ends or the first day of a term.
      const candidates = [addDays(day, 1), ...periods.map((period) => (period.kind === 'HOLIDAY' ? addDays(parseIsoDate(period.endsOn)!, 1) : parseIsoDate(period.startsOn)!))];
      const ahead = candidates.filter((each) => daysBetween(day, each) > 0).sort((a, b) => daysBetween(b, a));
      return ahead.find(inSession) ?? null;
    },
    holidayOn(day) {
      return periods.find((period) => period.kind === 'HOLIDAY' && contains(period, isoDate(day)));
    },
  };
}

function viewOf(row: { id: number; kind: string; title: string; startsOn: string; endsOn: string }): SchoolPeriodView {
  return { id: row.id, kind: row.kind === 'TERM' ? 'TERM' : 'HOLIDAY', title: row.title, startsOn: row.startsOn, endsOn: row.endsOn };
}

/** Reads a school's terms and holidays once, for the jobs and the call slots that ask about many days. */
export async function loadSessions(db: Db, schoolId: number): Promise<Sessions> {
  const rows = await db.schoolPeriod.findMany({ where: { schoolId }, orderBy: [{ startsOn: 'asc' }, { id: 'asc' }] });
  return sessionsOf(rows.map(viewOf));
}

/** A school's year as its admins see it with `/dates`. */
export interface SchoolYear {
  schoolId: number;
  schoolName: string;
  today: LocalDate;
  inSession: boolean;
  /** When out of session: the day school restarts, if a term ahead is known. */
  restartsOn: LocalDate | null;
  /** Current and coming terms and holidays, in order of their start. */
  periods: SchoolPeriodView[];
}

/**
 * Terms and holidays: admins set them with `/dates`; the weekly cycle, duties, no-contact
 * check, call slots and the letterbox's reminders ask whether a school is in session.
 */
export function createSchoolCalendar(db: Db, clock: Clock) {
  async function assertAdmin(actor: Actor, schoolId: number) {
    if (!Number.isSafeInteger(schoolId) || !(await loadScope(db, actor)).adminOf.has(schoolId)) throw new DomainError('forbidden');
    return db.school.findUniqueOrThrow({ where: { id: schoolId } });
  }

  async function periodOf(actor: Actor, periodId: number): Promise<SchoolPeriodView & { schoolId: number }> {
    const row = Number.isSafeInteger(periodId) ? await db.schoolPeriod.findUnique({ where: { id: periodId } }) : null;
    if (!row) throw new DomainError('forbidden');
    await assertAdmin(actor, row.schoolId);
    return { ...viewOf(row), schoolId: row.schoolId };
  }

  return {
    /** Whether the school is in session on a local day (the rule of `inSessionAmong`). */
    async inSession(schoolId: number, day: LocalDate): Promise<boolean> {
      return (await loadSessions(db, schoolId)).inSession(day);
    },

    /** Each school the actor administers with its current and coming periods; refused for anyone else. */
    async years(actor: Actor): Promise<SchoolYear[]> {
      const schoolIds = [...(await loadScope(db, actor)).adminOf].sort((a, b) => a - b);
      if (schoolIds.length === 0) throw new DomainError('forbidden');
      const schools = await db.school.findMany({ where: { id: { in: schoolIds } }, orderBy: { id: 'asc' } });
      return Promise.all(
        schools.map(async (school) => {
          const today = localDateOf(clock(), school.timezone);
          const rows = await db.schoolPeriod.findMany({ where: { schoolId: school.id }, orderBy: [{ startsOn: 'asc' }, { id: 'asc' }] });
          const sessions = sessionsOf(rows.map(viewOf));
          const inSession = sessions.inSession(today);
          return {
            schoolId: school.id,
            schoolName: school.name,
            today,
            inSession,
            restartsOn: inSession ? null : sessions.restartsAfter(today),
            periods: rows.map(viewOf).filter((period) => period.endsOn >= isoDate(today)).slice(0, SHOWN),
          };
        }),
      );
    },

    /**
     * Adds a term or a holiday (admins of the school): real dates, the first not after the
     * last, ending today or later, at most a year long, and a title of 1–30 characters;
     * anything else is refused with `invalid:period`.
     */
    async addPeriod(actor: Actor, schoolId: number, period: { kind: string; title: string; startsOn: string; endsOn: string }): Promise<SchoolPeriodView> {
      const school = await assertAdmin(actor, schoolId);
      const today = localDateOf(clock(), school.timezone);
      const [first, last, title] = [parseIsoDate(period.startsOn), parseIsoDate(period.endsOn), period.title.trim()];
      const length = first && last ? daysBetween(first, last) : -1;
      const valid = KINDS.includes(period.kind) && first && last && length >= 0 && length < MAX_DAYS && daysBetween(today, last) >= 0 && title.length > 0 && title.length <= MAX_TITLE;
      if (!valid) throw new DomainError('invalid:period');
      return viewOf(await db.schoolPeriod.create({ data: { schoolId, kind: period.kind, title, startsOn: isoDate(first), endsOn: isoDate(last) } }));
    },

    /** One of the actor's schools' periods, for the confirmation before removing it; refused otherwise. */
    period: periodOf,

    /** Removes a term or holiday (admins of its school); returns the school's id. */
    async removePeriod(actor: Actor, periodId: number): Promise<number> {
      const row = await periodOf(actor, periodId);
      await db.schoolPeriod.delete({ where: { id: row.id } });
      return row.schoolId;
    },

    /**
     * For a child's family writing now: null while the child's school is in session, else
     * the day it restarts (null inside when no term ahead is known), so a letter's
     * confirmation can say when it will be read.
     */
    async childBreak(actor: Actor, childId: number): Promise<{ restartsOn: LocalDate | null } | null> {
      const child = await authorizeChild(db, actor, childId, 'read');
      const school = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true } });
      const today = localDateOf(clock(), school.timezone);
      const sessions = await loadSessions(db, child.schoolId);
      return sessions.inSession(today) ? null : { restartsOn: sessions.restartsAfter(today) };
    },
  };
}

export type SchoolCalendarDomain = ReturnType<typeof createSchoolCalendar>;
