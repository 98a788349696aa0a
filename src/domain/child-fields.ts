import { z } from 'zod';
import type { ParentsAway, Relation } from '../db/generated/enums.js';
import { inAnyLanguage, languages, yearFirstDate } from '../i18n/language-facts.js';
import { cleanName } from './names.js';

/**
 * The fields of a child's file and how each answer is read and checked, shared by the
 * guided form, editing and CSV import. A failed check's message is a reason code under
 * `childFile.invalid` in the locale files, so it can be told in the user's language.
 * The word lists accept the form's button labels (`parentsAway.*`, `relations.*`) and
 * every word those messages name, so typing what the bot suggests always works.
 */

/**
 * Reads a value from the words of `childFile.<table>` in every language's `locales/meta/<code>.json`,
 * or from the value's own name (BOTH, grandparent): a file may be filled in any language.
 */
const words = <T extends string>(values: readonly T[], table: 'parentsAway' | 'relation' | 'yesNo') => {
  const byWord = new Map<string, T>();
  for (const language of languages) {
    for (const value of values) {
      for (const word of language.childFile[table][value] ?? []) if (!byWord.has(word.toLowerCase())) byWord.set(word.toLowerCase(), value);
    }
  }
  return (input: string): T | undefined => {
    const key = input.trim().toLowerCase();
    return values.find((value) => value.toLowerCase() === key) ?? byWord.get(key);
  };
};

const parentsAwayWords = words<ParentsAway>(['FATHER', 'MOTHER', 'BOTH', 'NONE'], 'parentsAway');
const relationWords = words<Relation>(['MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN'], 'relation');
const yesNoWords = words<'YES' | 'NO'>(['YES', 'NO'], 'yesNo');

const YEAR_FIRST_DATE = new RegExp(`^${yearFirstDate}$`);

/** Reads 2012-03-05, 2012/3/5, 2012.3.5, 2012年3月5日 or 20120305 as a calendar date (UTC midnight). */
export function parseDate(input: string): Date | undefined {
  const text = input.normalize('NFKC').trim();
  const match = YEAR_FIRST_DATE.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

/** The guardian phone numbers any language's `phone.accepted` allows (mainland mobiles and landlines …). */
const acceptedPhones = inAnyLanguage((language) => language.phone?.accepted ?? []).map((pattern) => new RegExp(pattern));

function enumField<T extends string>(read: (input: string) => T | undefined, reason: string) {
  return z.string().transform((input, ctx) => {
    const value = read(input);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: reason });
      return z.NEVER;
    }
    return value;
  });
}

const optionalText = (max: number) =>
  z.string().trim().max(max, 'tooLong').transform((text) => (text === '' ? null : text));

/** A name cleaned of invisible characters and line breaks (`names.ts`); control characters refuse it with `control`. */
const cleanedName = () =>
  z.string().transform((input, ctx) => {
    const name = cleanName(input);
    if (name === undefined) {
      ctx.addIssue({ code: 'custom', message: 'control' });
      return z.NEVER;
    }
    return name;
  });

const nameField = (max: number) => cleanedName().pipe(z.string().min(1, 'required').max(max, 'tooLong'));

/** Checks a child's birthday: a real date, of a child of school age (3 to 20 years old). */
function birthdayField(today: () => Date) {
  return z.string().transform((input, ctx) => {
    const date = parseDate(input);
    const age = date ? (today().getTime() - date.getTime()) / (365.25 * 24 * 3600 * 1000) : NaN;
    if (!date || !(age >= 3 && age <= 20)) {
      ctx.addIssue({ code: 'custom', message: date ? 'birthdayAge' : 'birthday' });
      return z.NEVER;
    }
    return date;
  });
}

/** Each editable field of a child's file, read from what a user typed or a CSV cell. */
export function childFieldSchemas(today: () => Date = () => new Date()) {
  return {
    name: nameField(40),
    birthday: birthdayField(today),
    parentsAway: enumField(parentsAwayWords, 'parentsAway'),
    workCity: cleanedName().pipe(optionalText(40)),
    guardianName: nameField(40),
    guardianRelation: enumField(relationWords, 'relation'),
    guardianPhone: z
      .string()
      .transform((input) => input.normalize('NFKC').replace(/[\s-]/g, ''))
      .refine((phone) => acceptedPhones.some((pattern) => pattern.test(phone)), 'phone'),
    boarding: enumField(yesNoWords, 'yesNo').transform((value) => value === 'YES'),
    notes: optionalText(500),
  };
}

export type ChildFieldSchemas = ReturnType<typeof childFieldSchemas>;
export type ChildField = keyof ChildFieldSchemas;

/** A complete new child's file, checked; the class is given separately by its id. */
export type NewChild = { [F in ChildField]: z.output<ChildFieldSchemas[F]> };

/** The fields in the order the form asks them and the CSV template lists them. */
export const childFieldOrder: readonly ChildField[] = [
  'name',
  'birthday',
  'parentsAway',
  'workCity',
  'guardianName',
  'guardianRelation',
  'guardianPhone',
  'boarding',
  'notes',
];
