import { describe, expect, it } from 'vitest';
import { DEFAULT_QUIET_HOURS, isInQuietHours, localMinuteOfDay, quietHoursEnd, quietWindowOf } from '../../src/delivery/quiet-hours.js';

const at = (iso: string) => new Date(iso);
const SHANGHAI = 'Asia/Shanghai';

describe('quiet hours', () => {
  it('reads the local minute of the day in the given time zone', () => {
    expect(localMinuteOfDay(at('2026-12-01T14:45:30Z'), SHANGHAI)).toBe(22 * 60 + 45);
    expect(localMinuteOfDay(at('2026-12-01T14:45:30Z'), 'UTC')).toBe(14 * 60 + 45);
    expect(localMinuteOfDay(at('2026-12-01T16:00:00Z'), SHANGHAI)).toBe(0);
  });

  it('holds from 23:00 to 07:00 local time by default, across midnight', () => {
    expect(isInQuietHours(at('2026-12-01T14:59:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBe(false); // 22:59
    expect(isInQuietHours(at('2026-12-01T15:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBe(true); // 23:00
    expect(isInQuietHours(at('2026-12-01T18:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBe(true); // 02:00
    expect(isInQuietHours(at('2026-12-01T22:59:59Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBe(true); // 06:59:59
    expect(isInQuietHours(at('2026-12-01T23:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBe(false); // 07:00
    expect(isInQuietHours(at('2026-12-01T04:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBe(false); // noon
  });

  it('says when the window ends, in UTC: the same night or the next morning', () => {
    // 23:00 in Shanghai on 1 December: the window ends at 07:00 on 2 December, 23:00 UTC on the 1st.
    expect(quietHoursEnd(at('2026-12-01T15:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toEqual(at('2026-12-01T23:00:00Z'));
    // 03:00 on 2 December: the same morning.
    expect(quietHoursEnd(at('2026-12-01T19:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toEqual(at('2026-12-01T23:00:00Z'));
    expect(quietHoursEnd(at('2026-12-01T04:00:00Z'), SHANGHAI, DEFAULT_QUIET_HOURS)).toBeUndefined();
  });

  it('handles a window that does not wrap midnight, and an empty one', () => {
    const afternoon = { start: 13 * 60, end: 14 * 60 + 30 };
    expect(quietHoursEnd(at('2026-12-01T05:10:00Z'), SHANGHAI, afternoon)).toEqual(at('2026-12-01T06:30:00Z')); // 13:10
    expect(isInQuietHours(at('2026-12-01T06:30:00Z'), SHANGHAI, afternoon)).toBe(false); // 14:30
    expect(isInQuietHours(at('2026-12-01T04:59:00Z'), SHANGHAI, afternoon)).toBe(false); // 12:59
    expect(isInQuietHours(at('2026-12-01T05:00:00Z'), SHANGHAI, { start: 780, end: 780 })).toBe(false);
  });

  it('follows daylight saving time: the window ends when local clocks show its end', () => {
    const ny = 'America/New_York';
    // 23:00 EST on 7 March 2026; clocks spring forward at 02:00 on 8 March, so 07:00 EDT is 11:00 UTC.
    expect(quietHoursEnd(at('2026-03-08T04:00:00Z'), ny, DEFAULT_QUIET_HOURS)).toEqual(at('2026-03-08T11:00:00Z'));
    // 23:00 EDT on 31 October; clocks fall back on 1 November, so 07:00 EST is 12:00 UTC.
    expect(quietHoursEnd(at('2026-11-01T03:00:00Z'), ny, DEFAULT_QUIET_HOURS)).toEqual(at('2026-11-01T12:00:00Z'));
    // A window ending inside the skipped hour still ends after the instant, within the hour.
    const end = quietHoursEnd(at('2026-03-08T06:00:00Z'), ny, { start: 60, end: 150 })!; // 01:00 EST
    expect(end.getTime()).toBeGreaterThan(at('2026-03-08T06:00:00Z').getTime());
    expect(end.getTime()).toBeLessThanOrEqual(at('2026-03-08T07:30:00Z').getTime());
  });

  it('takes a person\'s own window when both ends are set, else the default', () => {
    expect(quietWindowOf({ quietStart: 1380, quietEnd: 360 }, DEFAULT_QUIET_HOURS)).toEqual({ start: 1380, end: 360 });
    expect(quietWindowOf({ quietStart: null, quietEnd: null }, DEFAULT_QUIET_HOURS)).toEqual(DEFAULT_QUIET_HOURS);
    expect(quietWindowOf({ quietStart: 1380, quietEnd: null }, null)).toBeNull();
  });
});
