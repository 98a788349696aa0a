import { addDays, type LocalDate } from './call-slots.js';
import { newMoonNear } from './new-moon.js';

/** The festivals before which families are invited to write to their child. */
export type Festival = 'NEW_YEAR' | 'CHILDRENS_DAY' | 'SPRING_FESTIVAL' | 'MID_AUTUMN';

/** Reads the Chinese (lunisolar) calendar's month and day of a Gregorian date; a leap month reads as `6bis`. */
const chineseCalendar = new Intl.DateTimeFormat('en-US-u-ca-chinese', { calendar: 'chinese', timeZone: 'UTC', month: 'numeric', day: 'numeric' });

const lunarCache = new Map<string, LocalDate>();
/** The Chinese calendar's days run in China Standard Time, UTC+8. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The first day of the lunar month that ICU says starts on `icuStart`, moved to the day of
 * the precisely computed new moon in Beijing when ICU's approximate astronomy put it a day off.
 */
function trueMonthStart(icuStart: LocalDate): LocalDate {
  const newMoon = new Date(newMoonNear(new Date(Date.UTC(icuStart.year, icuStart.month - 1, icuStart.day, 4))).getTime() + CHINA_OFFSET_MS);
  return { year: newMoon.getUTCFullYear(), month: newMoon.getUTCMonth() + 1, day: newMoon.getUTCDate() };
}

/**
 * The Gregorian date in `year` on which the Chinese calendar shows lunar `month`/`day`
 * (not a leap month), computed rather than typed in, so the dates stay right for every
 * year: Intl's Chinese calendar finds the lunar month, and the month's first day is checked
 * against the new moon computed precisely. Spring Festival is 1/1, Mid-Autumn 8/15.
 */
export function lunarDateInYear(year: number, month: number, day: number): LocalDate {
  const key = `${year}:${month}:${day}`;
  const cached = lunarCache.get(key);
  if (cached) return cached;
  for (let at = Date.UTC(year, 0, 1, 12); new Date(at).getUTCFullYear() === year; at += 86_400_000) {
    const parts = Object.fromEntries(chineseCalendar.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
    if (parts.month === String(month) && parts.day === String(day)) {
      const date = new Date(at);
      const icuStart = addDays({ year, month: date.getUTCMonth() + 1, day: date.getUTCDate() }, 1 - day);
      const found = addDays(trueMonthStart(icuStart), day - 1);
      lunarCache.set(key, found);
      return found;
    }
  }
  throw new Error(`no lunar ${month}/${day} in ${year}`);
}

/** Spring Festival (lunar New Year's Day) of a Gregorian year. */
export function springFestival(year: number): LocalDate {
  return lunarDateInYear(year, 1, 1);
}

/** The Mid-Autumn Festival (lunar 8/15) of a Gregorian year. */
export function midAutumn(year: number): LocalDate {
  return lunarDateInYear(year, 8, 15);
}

/** Every festival of a Gregorian year with its date, in calendar order. */
export function festivalsOf(year: number): { festival: Festival; date: LocalDate }[] {
  const all: { festival: Festival; date: LocalDate }[] = [
    { festival: 'NEW_YEAR', date: { year, month: 1, day: 1 } },
    { festival: 'SPRING_FESTIVAL', date: springFestival(year) },
    { festival: 'CHILDRENS_DAY', date: { year, month: 6, day: 1 } },
    { festival: 'MID_AUTUMN', date: midAutumn(year) },
  ];
  return all.sort((a, b) => a.date.month - b.date.month || a.date.day - b.date.day);
}
