import type { Actor } from '../domain/actor.js';
import type { ChildField, NewChild } from '../domain/child-fields.js';
import type { ChildAction } from '../domain/access.js';
import { DomainError } from '../domain/errors.js';
import type { Domain } from '../domain/index.js';
import type { ClassView } from '../domain/schools.js';
import { childCallsWords } from './call-replies.js';
import { childArchived, childFileReply, childrenReply, childSaved, fieldPicker, fieldUpdated, historyList, noClassToAddTo, pairPicker } from './child-replies.js';
import type { Reply } from './reply.js';
import { contactFileWords } from './contact-replies.js';
import type { InTransaction } from './unit.js';

/** The child's file when the actor may do `action` with it; refused otherwise. */
async function fileFor(domain: Domain, actor: Actor, childId: number, action: ChildAction) {
  const file = await domain.children.childFile(actor, childId);
  if (!file.allowed.includes(action)) throw new DomainError('forbidden');
  return file;
}

/** The children's files: listing and reading them, adding a child, changing a field, the history, archiving a child who left. */
export function createChildUseCases(inTransaction: InTransaction) {
  return {
    /** `/children`: the files the actor may open (those matching `search` when given). */
    list: (actor: Actor, search?: string) => inTransaction(async ({ domain }) => childrenReply(await domain.children.listChildren(actor, search))),

    /** A child's file as the actor may see it, with the child's calls and contacts and the actor's choices. */
    file: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        const file = await domain.children.childFile(actor, childId);
        const calls = await domain.calls.childCalls(actor, file.id);
        const contacts = await domain.contacts.fileSummary(actor, file.id);
        return childFileReply(file, [...childCallsWords(calls), ...contactFileWords(contacts)]);
      }),

    /** `/addchild`: the classes the actor may add a child to, or the reply saying they have none. */
    classesToAddTo: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<{ classes: ClassView[] } | { reply: Reply }> => {
        const classes = await domain.schools.classesOf(actor);
        return classes.length === 0 ? { reply: noClassToAddTo() } : { classes };
      }),

    /** Adds a child to a class; the reply offers to invite the family or open the file. */
    add: (actor: Actor, classId: number, fields: NewChild) =>
      inTransaction(async ({ domain }) => {
        const child = await domain.children.addChild(actor, classId, fields);
        return { child, reply: childSaved(fields.name, child.id) };
      }),

    /** Which field of a child's file to change; refused to anyone who may not edit it. */
    fieldPicker: (actor: Actor, childId: number) => inTransaction(async ({ domain }) => fieldPicker(await fileFor(domain, actor, childId, 'edit'))),

    /** The child whose field the actor is about to change; refused to anyone who may not edit the file. */
    fieldToEdit: (actor: Actor, childId: number) => inTransaction(async ({ domain }) => ({ childId: (await fileFor(domain, actor, childId, 'edit')).id })),

    /** Changes one field of a child's file from what the staff member typed. */
    updateField: (actor: Actor, childId: number, field: ChildField, input: string) =>
      inTransaction(async ({ domain }) => {
        await domain.children.updateChildField(actor, childId, field, input);
        return { reply: fieldUpdated(childId) };
      }),

    /** The file's edit history, for the channel to page. */
    history: (actor: Actor, childId: number) => inTransaction(async ({ domain }) => historyList(await domain.children.childHistory(actor, childId))),

    /** Archives a child who left the school. */
    archive: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        await domain.children.archiveChild(actor, childId);
        return { reply: childArchived() };
      }),

    /** The school's teachers to pair with the child; refused to anyone who may not pair. */
    pairPicker: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        const file = await fileFor(domain, actor, childId, 'pair');
        return pairPicker(file, await domain.schools.teachersOfSchool(actor, file.schoolId));
      }),
  };
}
