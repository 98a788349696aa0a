import type { Actor } from '../domain/actor.js';
import type { NewContact } from '../domain/contacts.js';
import type { MessageContent } from '../domain/family-messages.js';
import type { VisitSlot } from '../domain/planned-visits.js';
import type { InTransaction } from './unit.js';

/** Teachers keeping in touch with families: the contact log and the notes and letters to the parents. */
export function createContactUseCases(inTransaction: InTransaction) {
  return {
    /** Logs a visit, call, talk or letter with a child's family. */
    log: (actor: Actor, contact: NewContact) => inTransaction(({ domain }) => domain.contacts.log(actor, contact)),

    /** A short note to the parents about a logged visit or talk, sent to them. */
    noteAfterContact: (actor: Actor, contactId: number, content: MessageContent) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const note = await domain.familyNotes.afterContact(actor, contactId, content);
        await notifications.familyNote(note, now);
        return note;
      }),

    /** The semester letter to the parents, logged as today's letter and sent to them. */
    semesterLetter: (actor: Actor, childId: number, content: MessageContent) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const letter = await domain.familyNotes.semesterLetter(actor, childId, content);
        await notifications.familyNote(letter, now);
        return letter;
      }),

    /** Pairs a teacher with a child; the family is introduced to a newly paired teacher. */
    pairTeacher: (actor: Actor, childId: number, teacherUserId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const introduction = await domain.children.pairTeacher(actor, childId, teacherUserId);
        if (introduction) await notifications.familyNote(introduction, now);
      }),

    /** Plans a home visit (its notice goes to the guardians at home the day before, from a job). */
    planVisit: (actor: Actor, childId: number, day: string, slot: VisitSlot) =>
      inTransaction(({ domain }) => domain.plannedVisits.plan(actor, childId, day, slot)),

    /** A home-visit answer from the guardian at home ("convenient" or "another time"), passed on to the teacher. */
    answerHomeVisit: (actor: Actor, visitId: number, answer: 'OK' | 'MOVE') =>
      inTransaction(async ({ domain, notifications, now }) => {
        const reply = await domain.plannedVisits.answer(actor, visitId, answer);
        await notifications.homeVisits.answer(reply, now);
        return reply;
      }),

    /**
     * Asks a family member with no number to call back or leave one. `queued` is 0 when
     * they were already asked today; a member with a number is not asked (`target` has it).
     */
    askCallBack: (actor: Actor, parentId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const target = await domain.familyPhones.callBackTarget(actor, parentId);
        return { target, queued: target.parent.phone ? 0 : await notifications.callBack(target, now) };
      }),
  };
}
