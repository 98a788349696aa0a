/**
 * How one field of a button's callback data is written and read back. Callback data is user
 * input: `read` answers undefined for anything `write` could not have produced.
 */
export interface Field<T> {
  read(text: string): T | undefined;
  write(value: T): string;
}

/** The largest row id: Prisma's `Int` is a signed 32-bit number in SQLite. */
export const MAX_ID = 2_147_483_647;

function wholeNumber(min: number, max: number): Field<number> {
  return {
    read: (text) => {
      if (!/^(0|[1-9]\d{0,9})$/.test(text)) return undefined;
      const value = Number(text);
      return value >= min && value <= max ? value : undefined;
    },
    write: (value) => String(value),
  };
}

/** A database row's id: a positive whole number. */
export const id: Field<number> = wholeNumber(1, MAX_ID);

/** A page, part or count from 0. */
export const count: Field<number> = wholeNumber(0, MAX_ID);

/** A page from 0, or `last` for the newest one (written as the word `last`). */
export const pageOrLast: Field<number | 'last'> = {
  read: (text) => (text === 'last' ? 'last' : count.read(text)),
  write: (value) => String(value),
};

/** A whole number from `min` to `max` (a weekday, a bit mask, a count of minutes). */
export function between(min: number, max: number): Field<number> {
  return wholeNumber(min, max);
}

/** One of a few fixed words (a role, a kind, an answer), written as it is. */
export function oneOf<const W extends string>(...words: readonly W[]): Field<W> {
  return {
    read: (text) => (words as readonly string[]).includes(text) ? (text as W) : undefined,
    write: (value) => value,
  };
}

/** A yes/no choice, written as `1` or `0`. */
export const flag: Field<boolean> = {
  read: (text) => (text === '1' ? true : text === '0' ? false : undefined),
  write: (value) => (value ? '1' : '0'),
};

/** Text of a fixed shape (a date key), checked against `pattern`, which must be anchored. */
export function shaped(pattern: RegExp): Field<string> {
  return {
    read: (text) => (pattern.test(text) ? text : undefined),
    write: (value) => value,
  };
}

/** A field that buttons sent before it existed leave out; only the last fields of an action may be optional. */
export interface Optional<T> extends Field<T> {
  optional: true;
}

/** Makes `field` optional: it may be missing from the end of the callback data. */
export function optional<T>(field: Field<T>): Optional<T> {
  return { ...field, optional: true };
}

/**
 * A page or part of a long list, as any run of digits: the pager clamps it to a real page, so
 * a forged or stale number (even one past safe integers) still shows a page.
 */
export const page: Field<number> = {
  read: (text) => (/^\d+$/.test(text) ? Number(text) : undefined),
  write: (value) => String(value),
};

/** Free text without a colon, checked by the handler (a language code, an invitation code as typed). */
export const text: Field<string> = shaped(/^[^:]*$/);

/** A row's id, or one word standing for "none of them" (a campaign for the whole `school`). */
export function idOr<const W extends string>(word: W): Field<number | W> {
  return {
    read: (text) => (text === word ? word : id.read(text)),
    write: (value) => String(value),
  };
}
