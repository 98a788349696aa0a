import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The `locales/` folder at the project root: `<code>.json` (the strings) and `meta/<code>.json` (the facts below). */
export const localesDir = fileURLToPath(new URL('../../locales/', import.meta.url));

const words = z.array(z.string().min(1));
const wordTable = z.record(z.string(), words);

/**
 * What Jiashu must know about a language besides its strings, read from `locales/meta/<code>.json`,
 * so adding a language is adding files. Patterns are regular expressions over what people type.
 */
const languageFactsSchema = z.object({
  /** Where the language stands in lists such as /language (smallest first). */
  order: z.number(),
  /** Telegram `language_code` primary subtags that mean this language (`zh` covers zh-hans, zh-TW …). */
  telegramLanguageCodes: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
  /** How phone numbers are written in the country this language's families are from; null when it names no one country. */
  phone: z
    .object({
      /** The country calling code, without `+`. */
      callingCode: z.string().regex(/^[1-9]\d{0,2}$/),
      /** A mobile number written the national way; its first group is what follows the calling code. */
      nationalMobile: z.string(),
      /** Groups of the national part as people read it aloud, joined with spaces after `+code`. */
      grouping: z.string(),
      /** Numbers the child form accepts as a guardian's phone (after spaces and dashes are removed). */
      accepted: z.array(z.string()),
    })
    .nullable(),
  weekdays: z.object({
    /** Words for each weekday, Sunday first. */
    names: z.array(words).length(7),
    /** Words that may come before a weekday and mean "weekday" (周二, 星期二). */
    prefixes: words,
    /** The shortest beginning of a name that is read as that weekday (Tue, Thurs); 0 for whole words only. */
    shortestAbbreviation: z.number().int().min(0),
  }),
  /** Words after a number of minutes (15分钟, 15 min). */
  minuteWords: words,
  /** Words between the two ends of a range, besides dashes (16:30至18:00, с 1 по 7). */
  rangeWords: words,
  /** Words written after a time's hour and minute (22点30分), besides `:` and `.`. */
  timeMarks: z.object({ hour: words, minute: words }),
  /** Words written after a date's year, month and day (2027年1月23日). */
  dateMarks: z.object({ year: words, month: words, day: words }),
  /** The words the child form and CSV import accept for each value, besides the value's own name. */
  childFile: z.object({ parentsAway: wordTable, relation: wordTable, yesNo: wordTable }),
  /** The CSV import's column headings in this language and the template's example line. */
  childImport: z.object({ headings: z.record(z.string(), z.string().min(1)), example: z.record(z.string(), z.string()) }),
});

export type LanguageFacts = z.infer<typeof languageFactsSchema> & { code: string };
export type PhoneRules = NonNullable<LanguageFacts['phone']>;

/** Reads every `locales/<code>.json` with its `locales/meta/<code>.json`, in the languages' order. */
function readLanguages(dir: string): LanguageFacts[] {
  const codes = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length));
  const languages = codes.map((code) => {
    const metaFile = path.join(dir, 'meta', `${code}.json`);
    const parsed = languageFactsSchema.safeParse(JSON.parse(readFileSync(metaFile, 'utf8')));
    if (!parsed.success) throw new Error(`${metaFile}: ${z.prettifyError(parsed.error)}`);
    return { ...parsed.data, code };
  });
  return languages.sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

/** Every language Jiashu speaks, with its facts, read once at start. */
export const languages: readonly LanguageFacts[] = readLanguages(localesDir);

/** The facts of one language; undefined for a code without locale files. */
export function languageFacts(code: string): LanguageFacts | undefined {
  return languages.find((language) => language.code === code);
}

/** One language fact gathered over every language, for input read in whichever language it was typed. */
export function inAnyLanguage<T>(pick: (language: LanguageFacts) => readonly T[]): T[] {
  return languages.flatMap((language) => [...pick(language)]);
}

/**
 * A regular-expression group matching any of the given words or punctuation, longest first so
 * 分钟 wins over 分; the words are matched as written, not as patterns.
 */
export function anyOf(alternatives: readonly string[]): string {
  const escaped = [...new Set(alternatives)].sort((a, b) => b.length - a.length).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `(?:${escaped.join('|')})`;
}

/** What may stand between a time's hours and minutes in any language: `:`, `.`, 点, ч … */
export const hourMark = anyOf([':', '.', ...inAnyLanguage((language) => language.timeMarks.hour)]);
/** What may follow a time's minutes in any language (22点30分). */
export const minuteMark = anyOf(inAnyLanguage((language) => language.timeMarks.minute));

const dateMarks = (which: 'year' | 'month' | 'day') => ['-', '/', '.', ...inAnyLanguage((language) => language.dateMarks[which])];

/**
 * The source of a regular expression for a date written year first, with `-`, `/`, `.` or any
 * language's date words between its parts (2027-01-23, 2027/1/23, 2027年1月23日); groups 1–3
 * are the year, month and day. Shared by the child form and /dates, which read dates alike.
 */
export const yearFirstDate = `(\\d{4})\\s*${anyOf(dateMarks('year'))}\\s*(\\d{1,2})\\s*${anyOf(dateMarks('month'))}\\s*(\\d{1,2})\\s*${anyOf(inAnyLanguage((language) => language.dateMarks.day))}?`;
