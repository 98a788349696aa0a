import { instantOf, localTime } from './zoned-time.js';
import type { RefusalReason } from './errors.js';

/** One opening of the Children's Home for calls: a weekday (0 = Sunday), local minutes, cut into slots. */
export interface OpeningHours {
  weekday: number;
  startMinute: number;
  endMinute: number;
  slotMinutes: number;
}

/** A calendar date in a school's time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Shortest and longest slot a school may choose, in minutes. */
const SLOT_MINUTES = { min: 5, max: 60 } as const;
/** Calls a child may have in one week: at least one, at most one a day. */
export const CAP_RANGE = { min: 1, max: 7 } as const;
/** How far ahead parents may book, in days (today included). */
export const BOOKING_HORIZON_DAYS = 14;

/**
 * What is wrong with a set of opening hours, as a refusal reason, or null when it is fine:
 * a weekday 0–6, start before end within the day, a slot of 5–60 minutes that fits, no overlaps.
 */
export function openingHoursProblem(hours: readonly OpeningHours[]): RefusalReason | null {
  if (hours.length === 0 || hours.length > 14) return 'invalid:hoursCount';
  for (const h of hours) {
    const whole = [h.weekday, h.startMinute, h.endMinute, h.slotMinutes].every(Number.isInteger);
    if (!whole || h.weekday < 0 || h.weekday > 6) return 'invalid:weekday';
    if (h.startMinute < 0 || h.endMinute > 24 * 60 || h.startMinute >= h.endMinute) return 'invalid:hoursOrder';
    if (h.slotMinutes < SLOT_MINUTES.min || h.slotMinutes > SLOT_MINUTES.max || h.slotMinutes > h.endMinute - h.startMinute) return 'invalid:slotLength';
  }
  const overlaps = hours.some((a, i) => hours.some((b, j) => i < j && a.weekday === b.weekday && a.startMinute < b.endMinute && b.startMinute < a.endMinute));
  return overlaps ? 'invalid:overlap' : null;
}

/** The local date `days` after the given one. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The start of every slot of the opening hours on one local date, in order. */
export function slotsOnDate(hours: readonly OpeningHours[], timeZone: string, date: LocalDate): Date[] {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  const slots: Date[] = [];
  for (const h of hours.filter((o) => o.weekday === weekday)) {
    for (let minute = h.startMinute; minute + h.slotMinutes <= h.endMinute; minute += h.slotMinutes) {
      slots.push(instantOf(date.year, date.month, date.day, minute, timeZone));
    }
  }
  return slots.sort((a, b) => a.getTime() - b.getTime());
}

/** Whether an instant is the start of one of the opening hours' slots in the school's time zone. */
export function isOpeningSlot(hours: readonly OpeningHours[], timeZone: string, at: Date): boolean {
  if (Number.isNaN(at.getTime())) return false;
  const local = localTime(at, timeZone);
  return slotsOnDate(hours, timeZone, local).some((slot) => slot.getTime() === at.getTime());
}

/** The local date an instant falls on in a time zone. */
export function localDateOf(at: Date, timeZone: string): LocalDate {
  const { year, month, day } = localTime(at, timeZone);
  return { year, month, day };
}
