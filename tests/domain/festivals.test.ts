import { describe, expect, it } from 'vitest';
import { festivalsOf, midAutumn, springFestival } from '../../src/domain/festivals.js';
import { isoDate } from '../../src/domain/school-month.js';

describe('festival dates', () => {
  it('computes Spring Festival and Mid-Autumn 2026–2030 as published', () => {
    const years = [2026, 2027, 2028, 2029, 2030];
    expect(years.map((year) => isoDate(springFestival(year)))).toEqual(['2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03']);
    expect(years.map((year) => isoDate(midAutumn(year)))).toEqual(['2026-09-25', '2027-09-15', '2028-10-03', '2029-09-22', '2030-09-12']);
  });

  it('lists a year\'s four festivals in calendar order', () => {
    expect(festivalsOf(2027).map((f) => `${f.festival} ${isoDate(f.date)}`)).toEqual([
      'NEW_YEAR 2027-01-01',
      'SPRING_FESTIVAL 2027-02-06',
      'CHILDRENS_DAY 2027-06-01',
      'MID_AUTUMN 2027-09-15',
    ]);
  });
});
