import type { MinuteOfDay } from '../domain/time-of-day.js';
import { instantOf, localTime } from '../domain/zoned-time.js';

/**
 * A daily window in local time, as minutes after local midnight: from `start` (inside) to
 * `end` (outside). It wraps midnight when `start > end` (23:00–07:00); `start === end` is
 * an empty window.
 */
export interface QuietWindow {
  start: MinuteOfDay;
  end: MinuteOfDay;
}

/** 23:00–07:00: the quiet hours of someone who has not set their own (late enough for a parent back from an evening shift). */
export const DEFAULT_QUIET_HOURS: QuietWindow = { start: 23 * 60, end: 7 * 60 };

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

/** Whether a local minute of the day falls inside the window. */
function minuteIsInside(minute: MinuteOfDay, window: QuietWindow): boolean {
  if (window.start === window.end) return false;
  return window.start < window.end ? minute >= window.start && minute < window.end : minute >= window.start || minute < window.end;
}

/** The minute of the day (0–1439) an instant shows on the clocks of a time zone. */
export function localMinuteOfDay(instant: Date, timeZone: string): MinuteOfDay {
  return localTime(instant, timeZone).minute;
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
  const wall = localTime(instant, timeZone);
  const minute = wall.minute;
  if (!minuteIsInside(minute, window)) return undefined;
  const endsTomorrow = window.end <= minute;
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + (endsTomorrow ? 1 : 0)));
  const end = instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), window.end, timeZone);
  if (end.getTime() > instant.getTime()) return end;
  // Only reachable around a daylight-saving jump: count the minutes instead.
  const minutesLeft = (window.end - minute + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  return new Date(instant.getTime() - (instant.getTime() % MS_PER_MINUTE) + minutesLeft * MS_PER_MINUTE);
}

/** A person's own quiet hours when both ends are set, else the fallback (the deployment's default). */
export function quietWindowOf(person: { quietStart: number | null; quietEnd: number | null }, fallback: QuietWindow | null): QuietWindow | null {
  if (person.quietStart !== null && person.quietEnd !== null) {
    return person.quietStart === person.quietEnd ? null : { start: person.quietStart, end: person.quietEnd };
  }
  return fallback;
}
