import type { Actor } from '../domain/actor.js';
import type { ChildField, NewChild } from '../domain/child-fields.js';
import type { InTransaction } from './unit.js';

/** The children's files: adding a child, changing a field, archiving a child who left. */
export function createChildUseCases(inTransaction: InTransaction) {
  return {
    /** Adds a child to a class. */
    add: (actor: Actor, classId: number, fields: NewChild) => inTransaction(({ domain }) => domain.children.addChild(actor, classId, fields)),

    /** Changes one field of a child's file from what the staff member typed. */
    updateField: (actor: Actor, childId: number, field: ChildField, input: string) =>
      inTransaction(({ domain }) => domain.children.updateChildField(actor, childId, field, input)),

    /** Archives a child who left the school. */
    archive: (actor: Actor, childId: number) => inTransaction(({ domain }) => domain.children.archiveChild(actor, childId)),
  };
}
