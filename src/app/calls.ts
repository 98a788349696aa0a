import type { Actor } from '../domain/actor.js';
import type { LocalDate } from '../domain/call-slots.js';
import { DomainError } from '../domain/errors.js';
import {
  callBooked,
  callChildren,
  callHoursNow,
  callHoursSchools,
  callsOverview,
  cancelQuestion,
  freeDays,
  freeTimes,
  heldSaved,
  missedSaved,
  schedulePage,
} from './call-replies.js';
import { reply, words, type Reply } from './reply.js';
import type { InTransaction } from './unit.js';

/** Calls at the Children's Home: families book, move and cancel; the keeper records them; the admin sets the hours. */
export function createCallUseCases(inTransaction: InTransaction) {
  return {
    /** Whom a family member may book calls about: with one child, that child's calls; with several, a choice; with none, why not. */
    children: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const children = await domain.calls.familyChildren(actor);
        if (children.length === 1) return callsOverview(await domain.calls.upcoming(actor, children[0]!.id));
        return callChildren(children);
      }),

    /** A child's booked calls, each to move or cancel, and a way to book one. */
    overview: (actor: Actor, childId: number) => inTransaction(async ({ domain }) => callsOverview(await domain.calls.upcoming(actor, childId))),

    /** The days a new call with the child can be booked on. */
    daysToBook: (actor: Actor, childId: number) => inTransaction(async ({ domain }) => freeDays(await domain.calls.freeSlots(actor, childId), childId)),

    /** The days a booked call can be moved to. */
    daysToMove: (actor: Actor, bookingId: number) =>
      inTransaction(async ({ domain }) => {
        const booking = await domain.calls.ownBooking(actor, bookingId);
        return freeDays(await domain.calls.freeSlots(actor, booking.childId), booking.childId, booking);
      }),

    /** The free times of a day (a date, or an instant on it), to book a call or move booking `moveId` (0 for a new call) to. */
    times: (actor: Actor, childId: number, moveId: number, day: LocalDate | Date) =>
      inTransaction(async ({ domain }) => {
        if (moveId) await domain.calls.ownBooking(actor, moveId);
        return freeTimes(await domain.calls.freeSlots(actor, childId), childId, moveId, day);
      }),

    /** Books a free slot; when another family took it first, refused with `slotTaken`. */
    book: (actor: Actor, childId: number, slotStart: Date) =>
      inTransaction(async ({ domain }) => {
        const call = await domain.calls.book(actor, childId, slotStart);
        return { call, reply: callBooked(call, false) };
      }),

    /** Moves a booked call to another slot; when that one is taken nothing changes. */
    move: (actor: Actor, bookingId: number, slotStart: Date) =>
      inTransaction(async ({ domain }) => {
        const call = await domain.calls.move(actor, bookingId, slotStart);
        return { call, reply: callBooked(call, true) };
      }),

    /** Asks the family to confirm cancelling one of their calls. */
    cancelQuestion: (actor: Actor, bookingId: number) => inTransaction(async ({ domain }) => cancelQuestion(await domain.calls.ownBooking(actor, bookingId))),

    /** Cancels a booked call: the slot is free again and its reminder is not sent. */
    cancel: (actor: Actor, bookingId: number) =>
      inTransaction(async ({ domain }) => {
        await domain.calls.cancel(actor, bookingId);
        return { reply: reply(words('calls.cancelled')) };
      }),

    /** The first page of each of the keeper's schools' calls on a day (today unless given). */
    schedule: (actor: Actor, date?: LocalDate) => inTransaction(async ({ domain }) => (await domain.calls.schedule(actor, date)).map((day) => schedulePage(day, 0))),

    /** Another page of one school's day of calls, read again with the reader's access. */
    schedulePage: (actor: Actor, schoolId: number, date: LocalDate, page: number) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        const day = (await domain.calls.schedule(actor, date)).find((each) => each.schoolId === schoolId);
        if (!day) throw new DomainError('forbidden');
        return schedulePage(day, page);
      }),

    /** The booked call the keeper is about to record as held, checked before asking how long it lasted. */
    callToMark: (actor: Actor, bookingId: number) => inTransaction(({ domain }) => domain.calls.callToMark(actor, bookingId)),

    /** The keeper records that a booked call was held, and for how many minutes. */
    markHeld: (actor: Actor, bookingId: number, minutes: number) =>
      inTransaction(async ({ domain }) => {
        const call = await domain.calls.markHeld(actor, bookingId, minutes);
        return { call, reply: heldSaved(call, minutes) };
      }),

    /** The keeper records that a booked call did not happen. */
    markMissed: (actor: Actor, bookingId: number) =>
      inTransaction(async ({ domain }) => {
        const call = await domain.calls.markMissed(actor, bookingId);
        return { call, reply: missedSaved(call) };
      }),

    /** Whose call hours an admin may change: with one school, that school; with several, a choice; with none, a refusal. */
    hoursSchools: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<{ schoolId: number } | { reply: Reply }> => {
        const schools = await domain.schools.schoolsAdministeredBy(actor);
        return schools.length === 1 ? { schoolId: schools[0]!.id } : { reply: callHoursSchools(schools) };
      }),

    /** A school's call hours and weekly cap as they stand, shown before the admin types new ones. */
    hours: (actor: Actor, schoolId: number) =>
      inTransaction(async ({ domain }) => {
        const settings = await domain.calls.settings(actor, schoolId);
        return { hours: settings.hours, capPerWeek: settings.capPerWeek, reply: callHoursNow(settings) };
      }),
  };
}
