import { z } from 'zod';
import type { ParentsAway, Relation } from '../db/generated/enums.js';
import { cleanName } from './names.js';

/**
 * The fields of a child's file and how each answer is read and checked, shared by the
 * guided form, editing and CSV import. A failed check's message is a reason code under
 * `childFile.invalid` in the locale files, so it can be told in the user's language.
 * The word lists accept the form's button labels (`parentsAway.*`, `relations.*`) and
 * every word those messages name, so typing what the bot suggests always works.
 */

const words = <T extends string>(table: Record<T, readonly string[]>) => (input: string): T | undefined => {
  const key = input.trim().toLowerCase();
  return (Object.keys(table) as T[]).find((value) => value.toLowerCase() === key || table[value].includes(key));
};

const parentsAwayWords = words<ParentsAway>({
  FATHER: ['father', 'dad', 'father away', '父亲', '爸爸', '父', '父亲外出'],
  MOTHER: ['mother', 'mum', 'mom', 'mother away', '母亲', '妈妈', '母', '母亲外出'],
  BOTH: ['both', 'both parents away', '双方', '父母', '都在外', '父母双方', '父母都外出'],
  NONE: ['none', 'neither', 'neither away', '无', '都不在外', '否', '都不外出'],
});

const relationWords = words<Relation>({
  MOTHER: ['mother', 'mum', 'mom', '母亲', '妈妈'],
  FATHER: ['father', 'dad', '父亲', '爸爸'],
  GRANDPARENT: ['grandparent', 'grandmother', 'grandfather', 'grandma', 'grandpa', '祖辈', '祖父母', '爷爷', '奶奶', '外公', '外婆', '姥姥', '姥爷'],
  OTHER_GUARDIAN: ['other', 'other guardian', 'relative', '其他', '其他监护人', '亲戚'],
});

const yesNoWords = words<'YES' | 'NO'>({
  YES: ['yes', 'y', 'true', '1', '是', '住校', '寄宿'],
  NO: ['no', 'n', 'false', '0', '否', '不住校', '走读'],
});

/** Reads 2012-03-05, 2012/3/5, 2012.3.5, 2012年3月5日 or 20120305 as a calendar date (UTC midnight). */
export function parseDate(input: string): Date | undefined {
  const text = input.normalize('NFKC').trim();
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}

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
      .refine((phone) => /^(\+?86)?1[3-9]\d{9}$/.test(phone) || /^0\d{9,11}$/.test(phone), 'phone'),
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
