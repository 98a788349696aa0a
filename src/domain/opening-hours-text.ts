import type { OpeningHours } from './call-slots.js';
import { parseTimeOfDay } from './time-of-day.js';
import { anyOf, hourMark, inAnyLanguage, languages } from '../i18n/language-facts.js';

const weekdays = languages.map((language) => language.weekdays);
const weekdayPrefix = new RegExp(`^${anyOf(weekdays.flatMap((days) => days.prefixes))}`);
const TIME = `(\\d{1,2}(?:${hourMark}\\d{2})?)`;
const LINE = new RegExp(
  `^([^\\d\\s]+|[1-7](?=\\s))\\s*${TIME}\\s*${anyOf(['-', '~', '–', '—', ...inAnyLanguage((language) => language.rangeWords)])}\\s*${TIME}(?:\\s+(\\d{1,3})\\s*${anyOf(inAnyLanguage((language) => language.minuteWords))}?)?$`,
  'i',
);
/** Slot length when a line gives none. */
const DEFAULT_SLOT_MINUTES = 10;

/**
 * Reads a weekday as typed in any language, by the weekday words of `locales/meta/<code>.json`:
 * 二, 周二, 星期二, Tue, Tuesday, вт, or 1–7 (Monday = 1).
 */
export function parseWeekday(token: string): number | undefined {
  const word = token.toLowerCase().replace(weekdayPrefix, '');
  if (/^[1-7]$/.test(word)) return Number(word) % 7;
  for (const days of weekdays) {
    const index = days.names.findIndex((names) => names.includes(word));
    if (index >= 0) return index;
  }
  for (const days of weekdays) {
    const shortest = days.shortestAbbreviation;
    const index = days.names.findIndex((names) => shortest > 0 && word.length >= shortest && names.some((name) => name.startsWith(word)));
    if (index >= 0) return index;
  }
  return undefined;
}

/**
 * Reads opening hours typed one per line (or separated by `;`), such as `二 16:30-18:00 10`
 * or `Tue 16:30-18:00 10`; the slot length may be left out (10 minutes). Returns the hours,
 * or the first line it cannot read (numbered from 1).
 */
export function parseOpeningHours(text: string): { hours: OpeningHours[] } | { badLine: number; line: string } {
  const lines = text.normalize('NFKC').split(/[\n;]/).map((line) => line.trim()).filter((line) => line !== '');
  const hours: OpeningHours[] = [];
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line);
    const weekday = match ? parseWeekday(match[1]!) : undefined;
    const start = match ? parseTimeOfDay(match[2]!) : undefined;
    const end = match ? parseTimeOfDay(match[3]!) : undefined;
    if (weekday === undefined || start === undefined || end === undefined) return { badLine: index + 1, line: line.slice(0, 60) };
    hours.push({ weekday, startMinute: start, endMinute: end, slotMinutes: match?.[4] ? Number(match[4]) : DEFAULT_SLOT_MINUTES });
  }
  return lines.length > 0 ? { hours } : { badLine: 1, line: '' };
}
