import type { Db } from '../db/client.js';
import { Prisma } from '../db/generated/client.js';
import type { CallStatus } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, childActions, loadScope } from './access.js';
import {
  addDays,
  BOOKING_HORIZON_DAYS,
  CAP_RANGE,
  isOpeningSlot,
  localDateOf,
  openingHoursProblem,
  slotsOnDate,
  type LocalDate,
  type OpeningHours,
} from './call-slots.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { loadSessions } from './school-calendar.js';
import { currentSchoolWeek } from './school-week.js';
import { instantOf } from './zoned-time.js';

/** A school's call settings as the admin sees and sets them. */
export interface CallSettings {
  schoolId: number;
  schoolName: string;
  timezone: string;
  capPerWeek: number;
  hours: OpeningHours[];
}

/** One call as lists show it; times are instants, shown in the school's time zone. */
export interface CallView {
  id: number;
  childId: number;
  childName: string;
  parentName: string;
  slotStart: Date;
  status: CallStatus;
  durationMinutes: number | null;
}

/** A child's calls at the Children's Home, with what is needed to show their times. */
export interface ChildCalls {
  childId: number;
  childName: string;
  timezone: string;
  calls: CallView[];
}

/** One school's calls on one local date, for its keeper. */
export interface DaySchedule {
  schoolId: number;
  schoolName: string;
  timezone: string;
  date: LocalDate;
  calls: CallView[];
}

/** Someone to remind, with what is needed to speak to them in their language. */
export interface ReminderRecipient {
  userId: number;
  locale: string | null;
  languageCode: string | null;
}

/** A booked call that starts soon: who to remind. */
export interface DueReminder {
  bookingId: number;
  slotStart: Date;
  timezone: string;
  childName: string;
  parentName: string;
  parent: ReminderRecipient;
  keepers: ReminderRecipient[];
}

/** Reminders go out this long before a call. */
const REMINDER_LEAD_MS = 30 * 60_000;
/** Longest call a keeper may record, in minutes. */
const MAX_DURATION = 180;
/** Calls shown in a child's file. */
const FILE_CALLS = 5;

const callInclude = { child: { select: { name: true } }, parent: { select: { displayName: true } } } as const;

type CallRow = Prisma.CallBookingGetPayload<{ include: typeof callInclude }>;

function viewOf(row: CallRow): CallView {
  return {
    id: row.id,
    childId: row.childId,
    childName: row.child.name,
    parentName: row.parent.displayName,
    slotStart: row.slotStart,
    status: row.status,
    durationMinutes: row.durationMinutes,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Calls at the Children's Home: opening hours and the weekly cap (admins), booking, moving
 * and cancelling (the child's family), the day's schedule and what happened (keepers), and
 * reminders. The database's unique (school, active slot) index decides who gets a slot.
 */
export function createCalls(db: Db, clock: Clock) {
  async function schoolOf(schoolId: number) {
    const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, include: { callHours: { orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }] } } });
    const hours = school.callHours.map(({ weekday, startMinute, endMinute, slotMinutes }) => ({ weekday, startMinute, endMinute, slotMinutes }));
    return { ...school, hours };
  }

  /** The child, if the actor is their parent or guardian; refused otherwise (and archived children). */
  async function familyChild(actor: Actor, childId: number) {
    const link = Number.isSafeInteger(childId)
      ? await db.guardianLink.findUnique({ where: { userId_childId: { userId: actor.userId, childId } }, include: { child: true } })
      : null;
    if (!link) throw new DomainError('forbidden');
    if (link.child.archivedAt) throw new DomainError('archived');
    return link.child;
  }

  /** A booking of a child the actor is family of, still booked and in the future. */
  async function familyBooking(actor: Actor, bookingId: number) {
    const booking = Number.isSafeInteger(bookingId) ? await db.callBooking.findUnique({ where: { id: bookingId } }) : null;
    if (!booking) throw new DomainError('forbidden');
    await familyChild(actor, booking.childId);
    if (booking.status !== 'BOOKED' || booking.slotStart <= clock()) throw new DomainError('callNotBooked');
    return booking;
  }

  /** Checks a slot for a child: an opening-hours slot on a school day (not in a holiday), in the future, within the horizon, and under the weekly cap. */
  async function assertBookable(child: { id: number; schoolId: number }, slotStart: Date, movingId?: number): Promise<{ timezone: string }> {
    const school = await schoolOf(child.schoolId);
    const now = clock();
    if (slotStart <= now || slotStart >= horizonOf(school.timezone, now) || !isOpeningSlot(school.hours, school.timezone, slotStart)) throw new DomainError('slotUnavailable');
    if (!(await loadSessions(db, school.id)).inSession(localDateOf(slotStart, school.timezone))) throw new DomainError('slotUnavailable');
    const week = currentSchoolWeek(school, slotStart);
    const booked = await db.callBooking.count({
      where: { childId: child.id, status: { in: ['BOOKED', 'HELD'] }, slotStart: { gte: week.start, lt: week.end }, ...(movingId ? { id: { not: movingId } } : {}) },
    });
    if (booked >= school.callCapPerWeek) throw new DomainError('weeklyCap');
    return school;
  }

  /** A booking the actor keeps the Children's Home for (keeper or admin of its school, child readable). */
  async function keptBooking(actor: Actor, bookingId: number) {
    const booking = Number.isSafeInteger(bookingId) ? await db.callBooking.findUnique({ where: { id: bookingId }, include: { child: true } }) : null;
    if (!booking) throw new DomainError('forbidden');
    const scope = await loadScope(db, actor);
    const keeps = scope.keeperOf.has(booking.schoolId) || scope.adminOf.has(booking.schoolId);
    if (!keeps || !childActions(scope, booking.child).has('read')) throw new DomainError('forbidden');
    if (booking.status === 'CANCELLED') throw new DomainError('callCancelled');
    if (booking.slotStart > clock()) throw new DomainError('callNotYet');
    return booking;
  }

  return {
    /** The school's opening hours and weekly cap, for one of its admins. */
    async settings(actor: Actor, schoolId: number): Promise<CallSettings> {
      if (!(await loadScope(db, actor)).adminOf.has(schoolId)) throw new DomainError('forbidden');
      const school = await schoolOf(schoolId);
      return { schoolId, schoolName: school.name, timezone: school.timezone, capPerWeek: school.callCapPerWeek, hours: school.hours };
    },

    /**
     * Replaces the school's opening hours and sets the weekly cap (admins only). Calls already
     * booked stay as they are.
     */
    async setSettings(actor: Actor, schoolId: number, hours: readonly OpeningHours[], capPerWeek: number): Promise<void> {
      if (!(await loadScope(db, actor)).adminOf.has(schoolId)) throw new DomainError('forbidden');
      const problem = openingHoursProblem(hours);
      if (problem) throw new DomainError(problem);
      if (!Number.isInteger(capPerWeek) || capPerWeek < CAP_RANGE.min || capPerWeek > CAP_RANGE.max) throw new DomainError('invalid:cap');
      await db.$transaction([
        db.callHours.deleteMany({ where: { schoolId } }),
        db.callHours.createMany({ data: hours.map((h) => ({ schoolId, ...h })) }),
        db.school.update({ where: { id: schoolId }, data: { callCapPerWeek: capPerWeek } }),
      ]);
    },

    /** The children the actor may book calls for: those they are parent or guardian of. */
    async familyChildren(actor: Actor): Promise<{ id: number; name: string }[]> {
      const links = await db.guardianLink.findMany({
        where: { userId: actor.userId, child: { archivedAt: null } },
        select: { child: { select: { id: true, name: true } } },
        orderBy: { childId: 'asc' },
      });
      return links.map((link) => link.child);
    },

    /** The child's upcoming booked calls, for their family. */
    async upcoming(actor: Actor, childId: number): Promise<ChildCalls & { hasHours: boolean }> {
      const child = await familyChild(actor, childId);
      const school = await schoolOf(child.schoolId);
      const rows = await db.callBooking.findMany({
        where: { childId, status: 'BOOKED', slotStart: { gt: clock() } },
        include: callInclude,
        orderBy: { slotStart: 'asc' },
      });
      return { childId, childName: child.name, timezone: school.timezone, calls: rows.map(viewOf), hasHours: school.hours.length > 0 };
    },

    /**
     * Free slots of the child's school over the next 14 days in its time zone: past slots,
     * slots any booking holds and days the school is out of session are left out.
     */
    async freeSlots(actor: Actor, childId: number): Promise<{ childName: string; timezone: string; slots: Date[] }> {
      const child = await familyChild(actor, childId);
      const school = await schoolOf(child.schoolId);
      const now = clock();
      const today = localDateOf(now, school.timezone);
      const sessions = await loadSessions(db, school.id);
      const days = Array.from({ length: BOOKING_HORIZON_DAYS }, (_, i) => addDays(today, i)).filter((day) => sessions.inSession(day));
      const all = days.flatMap((day) => slotsOnDate(school.hours, school.timezone, day));
      const taken = await db.callBooking.findMany({
        where: { schoolId: school.id, activeSlot: { gt: now, lt: horizonOf(school.timezone, now) } },
        select: { activeSlot: true },
      });
      const takenTimes = new Set(taken.map((row) => row.activeSlot!.getTime()));
      return { childName: child.name, timezone: school.timezone, slots: all.filter((slot) => slot > now && !takenTimes.has(slot.getTime())) };
    },

    /**
     * Books a slot for a child (their parent or guardian). When two families ask for one slot
     * at once the database lets one booking in; the other is refused with `slotTaken`.
     */
    async book(actor: Actor, childId: number, slotStart: Date): Promise<CallView & { timezone: string }> {
      const child = await familyChild(actor, childId);
      const { timezone } = await assertBookable(child, slotStart);
      let id: number;
      try {
        // One plain insert, committed at once: the unique index decides between two families.
        ({ id } = await db.callBooking.create({ data: { schoolId: child.schoolId, childId, parentId: actor.userId, slotStart, activeSlot: slotStart }, select: { id: true } }));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('slotTaken');
        throw error;
      }
      return { ...viewOf(await db.callBooking.findUniqueOrThrow({ where: { id }, include: callInclude })), timezone };
    },

    /** The booked call the actor may move or cancel (their child's, in the future). */
    async ownBooking(actor: Actor, bookingId: number): Promise<CallView & { timezone: string }> {
      const booking = await familyBooking(actor, bookingId);
      const [row, school] = await Promise.all([db.callBooking.findUniqueOrThrow({ where: { id: booking.id }, include: callInclude }), schoolOf(booking.schoolId)]);
      return { ...viewOf(row), timezone: school.timezone };
    },

    /**
     * Moves a booked call to another slot in one transaction: the old one is cancelled and the
     * new one booked, or, when the new slot is taken, nothing changes.
     */
    async move(actor: Actor, bookingId: number, slotStart: Date): Promise<CallView & { timezone: string }> {
      const old = await familyBooking(actor, bookingId);
      const { timezone } = await assertBookable({ id: old.childId, schoolId: old.schoolId }, slotStart, old.id);
      try {
        const row = await db.$transaction(async (tx) => {
          const cancelled = await tx.callBooking.updateMany({ where: { id: old.id, status: 'BOOKED' }, data: { status: 'CANCELLED', activeSlot: null } });
          if (cancelled.count !== 1) throw new DomainError('callNotBooked');
          await tx.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: `call-reminder:${old.id}:` }, status: 'PENDING' } });
          return tx.callBooking.create({
            data: { schoolId: old.schoolId, childId: old.childId, parentId: actor.userId, slotStart, activeSlot: slotStart },
            include: callInclude,
          });
        });
        return { ...viewOf(row), timezone };
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('slotTaken');
        throw error;
      }
    },

    /** Cancels a booked call (the child's family): the slot is free again and no reminder goes out. */
    async cancel(actor: Actor, bookingId: number): Promise<void> {
      const booking = await familyBooking(actor, bookingId);
      await db.$transaction([
        db.callBooking.updateMany({ where: { id: booking.id, status: 'BOOKED' }, data: { status: 'CANCELLED', activeSlot: null } }),
        db.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: `call-reminder:${booking.id}:` }, status: 'PENDING' } }),
      ]);
    },

    /**
     * The keeper's schedule: for each school the actor keeps or administers, the calls on a
     * local date (today in the school's zone when none is given) of children they may read.
     */
    async schedule(actor: Actor, date?: LocalDate): Promise<DaySchedule[]> {
      const scope = await loadScope(db, actor);
      const schoolIds = [...new Set([...scope.keeperOf, ...scope.adminOf])].sort((a, b) => a - b);
      if (schoolIds.length === 0) throw new DomainError('forbidden');
      const schedules: DaySchedule[] = [];
      for (const schoolId of schoolIds) {
        const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } });
        const day = date ?? localDateOf(clock(), school.timezone);
        const rows = await db.callBooking.findMany({
          where: {
            schoolId,
            status: { not: 'CANCELLED' },
            slotStart: { gte: instantOf(...dateParts(day), 0, school.timezone), lt: instantOf(...dateParts(addDays(day, 1)), 0, school.timezone) },
          },
          include: { ...callInclude, child: true },
          orderBy: { slotStart: 'asc' },
        });
        const readable = rows.filter((row) => childActions(scope, row.child).has('read'));
        schedules.push({ schoolId, schoolName: school.name, timezone: school.timezone, date: day, calls: readable.map(viewOf) });
      }
      return schedules;
    },

    /** A call the actor may mark held or missed, for the duration prompt. */
    async callToMark(actor: Actor, bookingId: number): Promise<CallView> {
      const booking = await keptBooking(actor, bookingId);
      return viewOf(await db.callBooking.findUniqueOrThrow({ where: { id: booking.id }, include: callInclude }));
    },

    /** The keeper records that a call took place and how long it lasted (1–180 minutes). */
    async markHeld(actor: Actor, bookingId: number, minutes: number): Promise<CallView> {
      const booking = await keptBooking(actor, bookingId);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DURATION) throw new DomainError('invalid:duration');
      return viewOf(await db.callBooking.update({ where: { id: booking.id }, data: { status: 'HELD', durationMinutes: minutes }, include: callInclude }));
    },

    /** The keeper records that a call did not take place. */
    async markMissed(actor: Actor, bookingId: number): Promise<CallView> {
      const booking = await keptBooking(actor, bookingId);
      return viewOf(await db.callBooking.update({ where: { id: booking.id }, data: { status: 'MISSED', durationMinutes: null }, include: callInclude }));
    },

    /** The latest calls in a child's file (booked, held, missed), for anyone who may read the file. */
    async childCalls(actor: Actor, childId: number): Promise<ChildCalls> {
      const child = await authorizeChild(db, actor, childId, 'read');
      const school = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true } });
      const rows = await db.callBooking.findMany({
        where: { childId, status: { not: 'CANCELLED' } },
        include: callInclude,
        orderBy: { slotStart: 'desc' },
        take: FILE_CALLS,
      });
      return { childId, childName: child.name, timezone: school.timezone, calls: rows.map(viewOf) };
    },

    /**
     * Booked calls starting within the next 30 minutes, with the parent who booked and the
     * school's keepers who may read the child. Cancelled and moved calls are not booked, so
     * they are never reminded.
     */
    async dueReminders(now: Date): Promise<DueReminder[]> {
      const rows = await db.callBooking.findMany({
        where: { status: 'BOOKED', slotStart: { gt: now, lte: new Date(now.getTime() + REMINDER_LEAD_MS) } },
        include: { child: true, parent: { select: { id: true, displayName: true, locale: true, languageCode: true } } },
        orderBy: { slotStart: 'asc' },
      });
      const schoolIds = [...new Set(rows.map((row) => row.schoolId))];
      const [schools, keepers] = await Promise.all([
        db.school.findMany({ where: { id: { in: schoolIds } }, select: { id: true, timezone: true } }),
        db.membership.findMany({ where: { role: 'KEEPER', schoolId: { in: schoolIds } }, select: { schoolId: true, user: { select: { id: true, locale: true, languageCode: true } } } }),
      ]);
      const scopes = new Map(await Promise.all(keepers.map(async (k) => [k.user.id, await loadScope(db, { userId: k.user.id })] as const)));
      return rows.map((row) => ({
        bookingId: row.id,
        slotStart: row.slotStart,
        timezone: schools.find((s) => s.id === row.schoolId)!.timezone,
        childName: row.child.name,
        parentName: row.parent.displayName,
        parent: { userId: row.parent.id, locale: row.parent.locale, languageCode: row.parent.languageCode },
        keepers: keepers
          .filter((k) => k.schoolId === row.schoolId && childActions(scopes.get(k.user.id)!, row.child).has('read'))
          .map((k) => ({ userId: k.user.id, locale: k.user.locale, languageCode: k.user.languageCode })),
      }));
    },
  };
}

function dateParts(date: LocalDate): [number, number, number] {
  return [date.year, date.month, date.day];
}

/** Local midnight after the last bookable day: slots start before it. */
function horizonOf(timeZone: string, now: Date): Date {
  return instantOf(...dateParts(addDays(localDateOf(now, timeZone), BOOKING_HORIZON_DAYS)), 0, timeZone);
}

