import { localTime } from '../domain/zoned-time.js';

/** `YYYY-MM-DD HH:MM` as a clock in the given time zone shows the instant. */
export function wallClock(at: Date, timeZone: string): string {
  const t = localTime(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(Math.floor(t.minute / 60))}:${two(t.minute % 60)}`;
}
