import type { MinuteOfDay } from '../domain/time-of-day.js';

/**
 * A daily window in local time, as minutes after local midnight: from `start` (inside) to
 * `end` (outside). It wraps midnight when `start > end` (21:30–07:30); `start === end` is
 * an empty window.
 */
export interface QuietWindow {
  start: MinuteOfDay;
  end: MinuteOfDay;
}

/** 21:30–07:30: the quiet hours of someone who has not set their own. */
export const DEFAULT_QUIET_HOURS: QuietWindow = { start: 21 * 60 + 30, end: 7 * 60 + 30 };

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone: building them is the expensive part. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The local calendar date and clock time of an instant in a time zone. */
function wallTimeOf(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const wall = wallTimeOf(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The UTC instant at which the zone's clocks show this date and minute (near a DST gap: an instant within the hour). */
function instantOfWallTime(year: number, month: number, day: number, minuteOfDay: MinuteOfDay, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  let guess = asUtc - offsetAt(new Date(asUtc), timeZone);
  guess = asUtc - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

/** Whether a local minute of the day falls inside the window. */
function minuteIsInside(minute: MinuteOfDay, window: QuietWindow): boolean {
  if (window.start === window.end) return false;
  return window.start < window.end ? minute >= window.start && minute < window.end : minute >= window.start || minute < window.end;
}

/** The minute of the day (0–1439) an instant shows on the clocks of a time zone. */
export function localMinuteOfDay(instant: Date, timeZone: string): MinuteOfDay {
  const wall = wallTimeOf(instant, timeZone);
  return wall.hour * 60 + wall.minute;
}

/** Whether an instant (UTC) falls inside a daily quiet window, read in the given IANA time zone. */
export function isInQuietHours(instant: Date, timeZone: string, window: QuietWindow): boolean {
  return minuteIsInside(localMinuteOfDay(instant, timeZone), window);
}

/**
 * When the quiet window the instant falls in ends, as a UTC instant; undefined when the
 * instant is outside the window. Daylight-saving changes are followed: the end is when
 * the local clocks show the window's end.
 */
export function quietHoursEnd(instant: Date, timeZone: string, window: QuietWindow): Date | undefined {
  const wall = wallTimeOf(instant, timeZone);
  const minute = wall.hour * 60 + wall.minute;
  if (!minuteIsInside(minute, window)) return undefined;
  const endsTomorrow = window.end <= minute;
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + (endsTomorrow ? 1 : 0)));
  const end = instantOfWallTime(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), window.end, timeZone);
  if (end.getTime() > instant.getTime()) return end;
  // Only reachable around a daylight-saving jump: count the minutes instead.
  const minutesLeft = (window.end - minute + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  return new Date(instant.getTime() - wall.second * 1000 - (instant.getTime() % 1000) + minutesLeft * MS_PER_MINUTE);
}

/** A person's own quiet hours when both ends are set, else the fallback (the deployment's default). */
export function quietWindowOf(person: { quietStart: number | null; quietEnd: number | null }, fallback: QuietWindow | null): QuietWindow | null {
  if (person.quietStart !== null && person.quietEnd !== null) {
    return person.quietStart === person.quietEnd ? null : { start: person.quietStart, end: person.quietEnd };
  }
  return fallback;
}
