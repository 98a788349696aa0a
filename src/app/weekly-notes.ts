import type { Actor } from '../domain/actor.js';
import type { InTransaction } from './unit.js';

/** The weekly note: the family's "read it", the class teacher's review of a draft. */
export function createWeeklyNoteUseCases(inTransaction: InTransaction) {
  return {
    /** A family member says they read the week's note. */
    acknowledge: (actor: Actor, noteId: number) => inTransaction(({ domain }) => domain.weeklyNotes.acknowledge(actor, noteId)),

    /** The class teacher rewrites a draft in their own words. */
    editDraft: (actor: Actor, noteId: number, text: string) => inTransaction(({ domain }) => domain.weeklyNotes.editDraft(actor, noteId, text)),

    /** The class teacher holds a draft back: nothing is sent that week. */
    holdDraft: (actor: Actor, noteId: number) => inTransaction(({ domain }) => domain.weeklyNotes.holdDraft(actor, noteId)),
  };
}
