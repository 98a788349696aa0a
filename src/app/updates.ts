import type { Actor } from '../domain/actor.js';
import type { UpdateCategory } from '../db/generated/enums.js';
import type { FollowUpKind, NewUpdate } from '../domain/updates.js';
import type { InTransaction } from './unit.js';

/** Teachers' updates about children. */
export function createUpdateUseCases(inTransaction: InTransaction) {
  return {
    /**
     * Posts a quick update; a concern also goes to each child's family and asks the paired
     * (or class) teacher to follow up. `told` is what the concern notices reached, null for a plain update.
     */
    post: (actor: Actor, input: NewUpdate) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const saved = await domain.updates.createUpdate(actor, input);
        return { saved, told: saved.concern ? await notifications.concern(saved, now) : null };
      }),

    /** Changes an update's text or category (the author, within 24 hours); says whether families already hold the old words. */
    edit: (actor: Actor, updateId: number, changes: { text?: string | null; category?: UpdateCategory }) =>
      inTransaction(({ domain }) => domain.updates.editUpdate(actor, updateId, changes)),

    /** Takes an update out of the growth record (the author, within 24 hours): the removal and its audit row together. */
    remove: (actor: Actor, updateId: number) => inTransaction(({ domain }) => domain.updates.deleteUpdate(actor, updateId)),

    /** Logs how a concern about a child was followed up (a call, a talk, a visit…). */
    logFollowUp: (actor: Actor, updateId: number, childId: number, kind: FollowUpKind) =>
      inTransaction(({ domain }) => domain.updates.logFollowUp(actor, updateId, childId, kind)),

    /** Adds the actor's short note to a follow-up they logged. */
    noteFollowUp: (actor: Actor, followUpId: number, note: string) => inTransaction(({ domain }) => domain.updates.noteFollowUp(actor, followUpId, note)),
  };
}
