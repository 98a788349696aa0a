import type { LocalDate } from '../domain/call-slots.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { localTime } from '../domain/zoned-time.js';
import type { Translate } from './translator.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A weekday's short name (0 = Sunday) in the reader's language: 周二, Tue. */
export function weekdayName(t: Translate, weekday: number): string {
  return t(`calls.weekdays.${WEEKDAYS[weekday] ?? 'sun'}`);
}

/** A local date as buttons and lists show it: 12月1日周二, Tue 12/1. */
export function dayLabel(t: Translate, date: LocalDate): string {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return t('calls.day', { month: date.month, day: date.day, weekday: weekdayName(t, weekday) });
}

/** When a call starts, on the school's wall clock: 12月1日周二 16:30. */
export function callTime(t: Translate, at: Date, timeZone: string): string {
  const local = localTime(at, timeZone);
  return `${dayLabel(t, local)} ${formatTimeOfDay(local.minute)}`;
}
