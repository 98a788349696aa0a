import type { Actor } from '../domain/actor.js';
import type { InTransaction } from './unit.js';

/** Families booking calls with their child at school. */
export function createCallUseCases(inTransaction: InTransaction) {
  return {
    /** Books a free slot; when another family took it first, refused with `slotTaken`. */
    book: (actor: Actor, childId: number, slotStart: Date) => inTransaction(({ domain }) => domain.calls.book(actor, childId, slotStart)),

    /** Moves a booked call to another slot; when that one is taken nothing changes. */
    move: (actor: Actor, bookingId: number, slotStart: Date) => inTransaction(({ domain }) => domain.calls.move(actor, bookingId, slotStart)),

    /** Cancels a booked call: the slot is free again and its reminder is not sent. */
    cancel: (actor: Actor, bookingId: number) => inTransaction(({ domain }) => domain.calls.cancel(actor, bookingId)),

    /** The keeper records that a booked call was held, and for how many minutes. */
    markHeld: (actor: Actor, bookingId: number, minutes: number) => inTransaction(({ domain }) => domain.calls.markHeld(actor, bookingId, minutes)),

    /** The keeper records that a booked call did not happen. */
    markMissed: (actor: Actor, bookingId: number) => inTransaction(({ domain }) => domain.calls.markMissed(actor, bookingId)),
  };
}
