import { instantOf, isoWeek, localTime } from './zoned-time.js';

/** When a school's week ends: a weekday (0 = Sunday) and minute of the day in its time zone. */
export interface SchoolCalendar {
  timezone: string;
  weekEndDay: number;
  weekEndMinute: number;
}

/** One school week: its ISO week label (of the day it ends) and its bounds in UTC. */
export interface SchoolWeek {
  week: string;
  start: Date;
  end: Date;
}

function shiftDays(year: number, month: number, day: number, days: number) {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The week that ends at the local date given, at the school's week-end time. */
function weekEndingOn(calendar: SchoolCalendar, date: { year: number; month: number; day: number }): SchoolWeek {
  const before = shiftDays(date.year, date.month, date.day, -7);
  return {
    week: isoWeek(date.year, date.month, date.day),
    start: instantOf(before.year, before.month, before.day, calendar.weekEndMinute, calendar.timezone),
    end: instantOf(date.year, date.month, date.day, calendar.weekEndMinute, calendar.timezone),
  };
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
