import { describe, expect, it } from 'vitest';
import { parseOpeningHours } from '../../src/domain/opening-hours-text.js';

describe('typed opening hours', () => {
  it('reads either language, full-width characters, and a missing slot length as 10 minutes', () => {
    expect(parseOpeningHours('Tue 16:30-18:00 10\nthursday 16.30 – 18.00\n星期六 ９：００～１１：００ １５分钟; 7 8-9 5')).toEqual({
      hours: [
        { weekday: 2, startMinute: 990, endMinute: 1080, slotMinutes: 10 },
        { weekday: 4, startMinute: 990, endMinute: 1080, slotMinutes: 10 },
        { weekday: 6, startMinute: 540, endMinute: 660, slotMinutes: 15 },
        { weekday: 0, startMinute: 480, endMinute: 540, slotMinutes: 5 },
      ],
    });
  });

  it('names the first line it cannot read', () => {
    expect(parseOpeningHours('二 16:30-18:00 10\nTu 16:30-18:00')).toEqual({ badLine: 2, line: 'Tu 16:30-18:00' });
    expect(parseOpeningHours('周八 16:30-18:00')).toEqual({ badLine: 1, line: '周八 16:30-18:00' });
    expect(parseOpeningHours('  ')).toEqual({ badLine: 1, line: '' });
  });
});
