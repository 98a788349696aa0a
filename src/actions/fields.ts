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
