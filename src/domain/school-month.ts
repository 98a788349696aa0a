import { addDays, localDateOf, type LocalDate } from './call-slots.js';
import { instantOf } from './zoned-time.js';

/** A school month in its time zone: `2026-12`, and the instants it starts and ends at. */
export interface SchoolMonth {
  key: string;
  year: number;
  month: number;
  start: Date;
  end: Date;
}

/** A semester: Sep–Jan (`2026-autumn`) or Feb–Jul (`2027-spring`); August is the summer holiday. */
export interface Semester {
  key: string;
  /** The semester's last month: duties due in it are overdue when it ends. */
  lastMonth: string;
  start: Date;
  end: Date;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a local date: how dates are keyed and stored (SchoolDate, outbox keys). */
export function isoDate(date: LocalDate): string {
  return `${date.year}-${two(date.month)}-${two(date.day)}`;
}

/** Reads `YYYY-MM-DD` into a real calendar date, or undefined (2026-02-30 is not one). */
export function parseIsoDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : undefined;
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** The month that holds a calendar month of a year, with its bounds in the school's time zone. */
export function monthOf(year: number, month: number, timeZone: string): SchoolMonth {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { key: `${year}-${two(month)}`, year, month, start: instantOf(year, month, 1, 0, timeZone), end: instantOf(next.year, next.month, 1, 0, timeZone) };
}

/** The school month running at `at`. */
export function schoolMonthAt(at: Date, timeZone: string): SchoolMonth {
  const today = localDateOf(at, timeZone);
  return monthOf(today.year, today.month, timeZone);
}

/** The school month before the one running at `at`. */
export function previousSchoolMonth(at: Date, timeZone: string): SchoolMonth {
  const today = localDateOf(at, timeZone);
  const before = addDays({ ...today, day: 1 }, -1);
  return monthOf(before.year, before.month, timeZone);
}

/** The semester a month belongs to, or undefined for August. */
export function semesterOf(month: SchoolMonth, timeZone: string): Semester | undefined {
  if (month.month === 8) return undefined;
  if (month.month >= 2 && month.month <= 7) {
    return { key: `${month.year}-spring`, lastMonth: `${month.year}-07`, start: instantOf(month.year, 2, 1, 0, timeZone), end: instantOf(month.year, 8, 1, 0, timeZone) };
  }
  const startYear = month.month === 1 ? month.year - 1 : month.year;
  return { key: `${startYear}-autumn`, lastMonth: `${startYear + 1}-01`, start: instantOf(startYear, 9, 1, 0, timeZone), end: instantOf(startYear + 1, 2, 1, 0, timeZone) };
}
