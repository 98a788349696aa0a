import { beforeAll, describe, expect, it } from 'vitest';
import { childFieldSchemas, parseDate } from '../../src/domain/child-fields.js';
import { normalizePhone } from '../../src/domain/family-phones.js';
import { parseTimeOfDay } from '../../src/domain/time-of-day.js';
import { languageFacts } from '../../src/i18n/language-facts.js';
import { supportedLocales } from '../../src/i18n/locales.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { displayPhone } from '../../src/notifications/call-back.js';
import { parseOpeningHours, parseWeekday } from '../../src/domain/opening-hours-text.js';

let translations: Translations;
beforeAll(async () => {
  translations = await loadTranslations();
});

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

describe('what each language knows besides its strings (locales/meta/<code>.json)', () => {
  it.each(supportedLocales)('%s: typing what the bot shows is read back as what it means', (locale) => {
    const t = translations.translatorFor(locale);
    const fields = childFieldSchemas();
    for (const value of ['FATHER', 'MOTHER', 'BOTH', 'NONE'] as const) expect(fields.parentsAway.parse(t(`parentsAway.${value}`))).toBe(value);
    for (const value of ['MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN'] as const) expect(fields.guardianRelation.parse(t(`relations.${value}`))).toBe(value);
    expect([fields.boarding.parse(t('childFile.yes')), fields.boarding.parse(t('childFile.no'))]).toEqual([true, false]);
    WEEKDAYS.forEach((day, index) => expect(parseWeekday(t(`calls.weekdays.${day}`))).toBe(index));
    expect(languageFacts(locale)?.childImport.headings).toHaveProperty('guardianPhone');
  });

  it('reads Russian weekdays, minutes and ranges in opening hours, and Russian child-file words', () => {
    expect(parseOpeningHours('Вт 16:30-18:00 10 мин\nчетверг 16:30 до 18:00\nсреду 9:00–11:00 15 минут')).toEqual({
      hours: [
        { weekday: 2, startMinute: 16 * 60 + 30, endMinute: 18 * 60, slotMinutes: 10 },
        { weekday: 4, startMinute: 16 * 60 + 30, endMinute: 18 * 60, slotMinutes: 10 },
        { weekday: 3, startMinute: 9 * 60, endMinute: 11 * 60, slotMinutes: 15 },
      ],
    });
    expect(parseOpeningHours('Вт 16:30-18:00\nвх 16:30-18:00')).toEqual({ badLine: 2, line: 'вх 16:30-18:00' });
    const fields = childFieldSchemas();
    expect([fields.parentsAway.parse('Оба'), fields.guardianRelation.parse('бабушка'), fields.boarding.parse('нет')]).toEqual(['BOTH', 'GRANDPARENT', false]);
  });

  it('keeps the Chinese words it always read: 父母都外出, 祖辈, 走读, 星期六 … 15分钟, 2012年3月5日', () => {
    const fields = childFieldSchemas();
    expect([fields.parentsAway.parse('父母都外出'), fields.parentsAway.parse('都不外出'), fields.guardianRelation.parse('祖辈'), fields.boarding.parse('走读')]).toEqual(['BOTH', 'NONE', 'GRANDPARENT', false]);
    expect(parseOpeningHours('星期六 9:00至11:00 15分钟')).toEqual({ hours: [{ weekday: 6, startMinute: 9 * 60, endMinute: 11 * 60, slotMinutes: 15 }] });
    expect(parseDate('2012年3月5日')).toEqual(new Date(Date.UTC(2012, 2, 5)));
    expect([parseTimeOfDay('22点30分'), parseTimeOfDay('7时'), parseTimeOfDay('22ч30'), parseTimeOfDay('22:30'), parseTimeOfDay('22h30')]).toEqual([1350, 420, 1350, 1350, undefined]);
  });

  it('writes phone numbers by the country rules of each language', () => {
    expect([normalizePhone('13800138000'), normalizePhone('8 916 123-45-67'), normalizePhone('79161234567'), normalizePhone('+1 415 555 0100')]).toEqual([
      '+8613800138000',
      '+79161234567',
      '+79161234567',
      '+14155550100',
    ]);
    expect([displayPhone('+8613800138000'), displayPhone('+79161234567'), displayPhone('+14155550100')]).toEqual(['+86 138 0013 8000', '+7 916 123 45 67', '+14155550100']);
    const phone = childFieldSchemas().guardianPhone;
    expect([phone.safeParse('138 0013 8000').success, phone.safeParse('0851-12345678').success, phone.safeParse('8 916 123-45-67').success, phone.safeParse('12345').success]).toEqual([true, true, true, false]);
  });
});
