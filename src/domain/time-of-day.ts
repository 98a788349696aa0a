import { hourMark, minuteMark } from '../i18n/language-facts.js';

/** Minutes after local midnight, 0–1439: how quiet hours and delivery windows are stored. */
export type MinuteOfDay = number;

const MINUTES_PER_DAY = 24 * 60;

/** A time with the hour and minute words of every language (`timeMarks` in `locales/meta/<code>.json`). */
const TIME_OF_DAY = new RegExp(`^\\s*(\\d{1,2})(?:\\s*${hourMark}\\s*(\\d{1,2})?\\s*${minuteMark}?|(\\d{2}))?\\s*$`);

/**
 * Reads a time of day as people type it: `22:30`, `22：30` (full-width), `22点30`, `7`, `07.15`,
 * `2230`. Returns undefined for anything else, so the caller can ask again.
 */
export function parseTimeOfDay(input: string): MinuteOfDay | undefined {
  const match = TIME_OF_DAY.exec(input.normalize('NFKC'));
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? 0);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return undefined;
  return (hours * 60 + minutes) % MINUTES_PER_DAY;
}

/** `HH:MM`, the way both languages write a time of day. */
export function formatTimeOfDay(minutes: MinuteOfDay): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

