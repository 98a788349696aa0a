import type { LocalDate } from '../domain/call-slots.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { localTime } from '../domain/zoned-time.js';
import type { Translate } from './translator.js';
import { joined, say, verbatim, words, type Words } from './words.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A weekday's short name (0 = Sunday), for any language: 周二, Tue. */
export function weekdayWords(weekday: number): Words {
  return words(`calls.weekdays.${WEEKDAYS[weekday] ?? 'sun'}`);
}

/** A weekday's short name (0 = Sunday) in the reader's language: 周二, Tue. */
export function weekdayName(t: Translate, weekday: number): string {
  return say(t, weekdayWords(weekday));
}

/** A local date as buttons and lists show it, for any language: 12月1日周二, Tue 12/1. */
export function dayWords(date: LocalDate): Words {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return words('calls.day', { month: date.month, day: date.day, weekday: weekdayWords(weekday) });
}

/** A local date as buttons and lists show it, in the reader's language. */
export function dayLabel(t: Translate, date: LocalDate): string {
  return say(t, dayWords(date));
}

/** When a call starts, on the school's wall clock, for any language: 12月1日周二 16:30. */
export function callTimeWords(at: Date, timeZone: string): Words {
  const local = localTime(at, timeZone);
  return joined([dayWords(local), verbatim(formatTimeOfDay(local.minute))], ' ');
}

/** When a call starts, on the school's wall clock, in the reader's language. */
export function callTime(t: Translate, at: Date, timeZone: string): string {
  return say(t, callTimeWords(at, timeZone));
}
