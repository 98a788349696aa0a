/**
 * Moves the machine's calendar for the "a year ahead" test project: every `new Date()` and
 * `Date.now()` in the test process reads a year later than the real date. Code that stamps
 * rows with the real time instead of the injected clock then fails, as it would on that date.
 */
const RealDate = Date;
const shiftMs = Number(process.env.JIASHU_TEST_DATE_SHIFT_DAYS ?? 365) * 24 * 60 * 60 * 1000;

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + shiftMs);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + shiftMs;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof RealDate;
  }
}

globalThis.Date = ShiftedDate as DateConstructor;
