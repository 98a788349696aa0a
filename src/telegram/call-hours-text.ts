import type { OpeningHours } from '../domain/call-slots.js';
import { parseTimeOfDay } from '../domain/time-of-day.js';

const ZH_DAYS: Record<string, number> = { 日: 0, 天: 0, 七: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const EN_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const LINE = /^([^\d\s]+|[1-7](?=\s))\s*(\d{1,2}(?:[:.点]\d{2})?)\s*[-~–—至到]\s*(\d{1,2}(?:[:.点]\d{2})?)(?:\s+(\d{1,3})\s*(?:分钟|分|min|mins|minutes)?)?$/i;
/** Slot length when a line gives none. */
const DEFAULT_SLOT_MINUTES = 10;

/** Reads a weekday as typed in either language: 二, 周二, 星期二, Tue, Tuesday, or 1–7 (Monday = 1). */
export function parseWeekday(token: string): number | undefined {
  const word = token.toLowerCase().replace(/^(周|星期|礼拜)/, '');
  if (word in ZH_DAYS) return ZH_DAYS[word];
  if (/^[1-7]$/.test(word)) return Number(word) % 7;
  const english = EN_DAYS.findIndex((name) => word.length >= 3 && name.startsWith(word));
  return english >= 0 ? english : undefined;
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
