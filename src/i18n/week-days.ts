import type { LocalDate } from '../domain/call-slots.js';
import type { WeekDays } from '../domain/school-week.js';
import type { Translate } from './translator.js';

function format(locale: string, date: LocalDate, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options }).format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}

/**
 * The days of a school week as families read them (12月1日—12月7日, 1–7 Dec), because a
 * week code such as 2026-W49 means nothing to a grandparent.
 */
export function weekDaysLabel(t: Translate, days: WeekDays): string {
  const locale = t('language.intlLocale');
  const { first, last } = days;
  if (first.year === last.year && first.month === last.month) {
    return t('dates.rangeInMonth', { month: format(locale, first, { month: 'short' }), firstDay: first.day, lastDay: last.day });
  }
  const dayMonth: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
  return t('dates.range', { first: format(locale, first, dayMonth), last: format(locale, last, dayMonth) });
}
