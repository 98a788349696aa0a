import { describe, expect, it } from 'vitest';
import { currentSchoolWeek, daysOfWeek } from '../../src/domain/school-week.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { weekDaysLabel } from '../../src/i18n/week-days.js';

const sundayEvening = { timezone: 'Asia/Shanghai', weekEndDay: 0, weekEndMinute: 19 * 60 };

describe('a school week shown as days', () => {
  it('names the week by its first and last day in the reader language', async () => {
    const translations = await loadTranslations();
    const [zh, en] = [translations.translatorFor('zh-CN'), translations.translatorFor('en')];
    const inMonth = daysOfWeek(sundayEvening, '2026-W50')!;
    expect([weekDaysLabel(zh, inMonth), weekDaysLabel(en, inMonth)]).toEqual(['12月7日—12月13日', '7–13 Dec']);
    const acrossYears = daysOfWeek(sundayEvening, '2026-W53')!;
    expect([weekDaysLabel(zh, acrossYears), weekDaysLabel(en, acrossYears)]).toEqual(['12月28日—1月3日', '28 Dec – 3 Jan']);
  });

  it('finds the same days from the stored week label as from the running week', () => {
    const fridayAfternoon = { timezone: 'Asia/Shanghai', weekEndDay: 5, weekEndMinute: 17 * 60 };
    const mondayMidnight = { timezone: 'Asia/Shanghai', weekEndDay: 1, weekEndMinute: 0 };
    const at = new Date('2026-12-02T04:00:00Z');
    for (const calendar of [sundayEvening, fridayAfternoon, mondayMidnight]) {
      const running = currentSchoolWeek(calendar, at);
      expect(daysOfWeek(calendar, running.week)).toEqual(running.days);
    }
    expect(currentSchoolWeek(sundayEvening, at).days).toEqual({ first: { year: 2026, month: 11, day: 30 }, last: { year: 2026, month: 12, day: 6 } });
    expect(currentSchoolWeek(fridayAfternoon, at).days).toEqual({ first: { year: 2026, month: 11, day: 28 }, last: { year: 2026, month: 12, day: 4 } });
    expect(currentSchoolWeek(mondayMidnight, at).days).toEqual({ first: { year: 2026, month: 11, day: 30 }, last: { year: 2026, month: 12, day: 6 } });
    expect(daysOfWeek(sundayEvening, 'week 49')).toBeNull();
  });
});
