/**
 * Moves the machine's calendar for the "a year ahead" test project: every `new Date()` and
 * `Date.now()` reads a year later than the real date, in the test process and, through
 * NODE_OPTIONS, in every Node process it starts (the bot, an outbox worker). Code that stamps
 * rows with the real time instead of the injected clock then fails, as it would on that date.
 * Plain JavaScript so a child process can load it without a TypeScript loader.
 */
import { fileURLToPath } from 'node:url';

const RealDate = Date;
const shiftMs = Number(process.env.JIASHU_TEST_DATE_SHIFT_DAYS ?? 365) * 24 * 60 * 60 * 1000;

class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + shiftMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + shiftMs;
  }

  static [Symbol.hasInstance](value) {
    return value instanceof RealDate;
  }
}

globalThis.Date = ShiftedDate;

const self = `--import=${fileURLToPath(import.meta.url)}`;
if (!(process.env.NODE_OPTIONS ?? '').includes(self)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${self}`.trim();
}
