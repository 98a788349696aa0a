import type { LocalDate } from './call-slots.js';
import { instantOf, isoWeek, localTime } from './zoned-time.js';

/** When a school's week ends: a weekday (0 = Sunday) and minute of the day in its time zone. */
export interface SchoolCalendar {
  timezone: string;
  weekEndDay: number;
  weekEndMinute: number;
}

/** The first and last local day a school week covers, as families are told it (1–7 Dec). */
export interface WeekDays {
  first: LocalDate;
  last: LocalDate;
}

/** One school week: its ISO week label (of the day it ends), its bounds in UTC and the days it covers. */
export interface SchoolWeek {
  week: string;
  start: Date;
  end: Date;
  days: WeekDays;
}

function shiftDays(year: number, month: number, day: number, days: number) {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The seven days of a week that ends on `date`: the end day itself, or the day before when it ends at midnight. */
function daysEndingOn(calendar: Pick<SchoolCalendar, 'weekEndMinute'>, date: LocalDate): WeekDays {
  const last = calendar.weekEndMinute === 0 ? shiftDays(date.year, date.month, date.day, -1) : date;
  return { first: shiftDays(last.year, last.month, last.day, -6), last };
}

/** The week that ends at the local date given, at the school's week-end time. */
function weekEndingOn(calendar: SchoolCalendar, date: LocalDate): SchoolWeek {
  const before = shiftDays(date.year, date.month, date.day, -7);
  return {
    week: isoWeek(date.year, date.month, date.day),
    start: instantOf(before.year, before.month, before.day, calendar.weekEndMinute, calendar.timezone),
    end: instantOf(date.year, date.month, date.day, calendar.weekEndMinute, calendar.timezone),
    days: daysEndingOn(calendar, date),
  };
}

/**
 * The days a stored week label (`2026-W49`) covers at a school, so a week kept only by its
 * label can still be shown to people as dates; null when the label is not an ISO week.
 */
export function daysOfWeek(calendar: Pick<SchoolCalendar, 'weekEndDay' | 'weekEndMinute'>, week: string): WeekDays | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const jan4Weekday = new Date(Date.UTC(year, 0, 4)).getUTCDay() || 7;
  const monday = shiftDays(year, 1, 4, (Number(match[2]) - 1) * 7 - (jan4Weekday - 1));
  const end = shiftDays(monday.year, monday.month, monday.day, (calendar.weekEndDay + 6) % 7);
  return daysEndingOn(calendar, end);
}

/** The school week running at `at`: it ends at the next week-end time after `at`. */
export function currentSchoolWeek(calendar: SchoolCalendar, at: Date): SchoolWeek {
  const now = localTime(at, calendar.timezone);
  let days = (calendar.weekEndDay - now.weekday + 7) % 7;
  if (days === 0 && now.minute >= calendar.weekEndMinute) days = 7;
  return weekEndingOn(calendar, shiftDays(now.year, now.month, now.day, days));
}

/** The last school week that has ended at `at`: the one whose notes are due. */
export function lastEndedSchoolWeek(calendar: SchoolCalendar, at: Date): SchoolWeek {
  const running = currentSchoolWeek(calendar, at);
  return currentSchoolWeek(calendar, new Date(running.start.getTime() - 60_000));
}

/** The instant `daysBefore` days before the week's end, at `minute` local time (reminders, review). */
export function beforeWeekEnd(calendar: SchoolCalendar, week: SchoolWeek, daysBefore: number, minute: number): Date {
  const end = localTime(week.end, calendar.timezone);
  const day = shiftDays(end.year, end.month, end.day, -daysBefore);
  return instantOf(day.year, day.month, day.day, minute, calendar.timezone);
}
