import type { ContactKind } from '../db/generated/enums.js';
import type { Actor } from '../domain/actor.js';
import type { LocalDate } from '../domain/call-slots.js';
import type { NewContact } from '../domain/contacts.js';
import type { MessageContent } from '../domain/family-messages.js';
import type { VisitAnswer, VisitSlot } from '../domain/planned-visits.js';
import { isoDate } from '../domain/school-month.js';
import { words } from '../i18n/words.js';
import {
  callBackAsked,
  contactDayReply,
  contactKindsReply,
  contactLogged,
  loggableChildrenReply,
  semesterLetterPrompt,
  visitAnswered,
  visitDaysReply,
  visitPlanned,
} from './contact-replies.js';
import { reply, type Reply } from './reply.js';
import type { InTransaction } from './unit.js';

/** A contact being logged once its child and kind are known: from the menus, or from a reminder's button. */
export interface ContactStart {
  childId: number;
  childName: string;
  kind: ContactKind;
  today: LocalDate;
}

/** Teachers keeping in touch with families: the contact log and the notes and letters to the parents. */
export function createContactUseCases(inTransaction: InTransaction) {
  return {
    /** Which child to log a contact for; `choosing` is false when there is nobody to log for (the reply says so). */
    whomToLog: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const children = await domain.contacts.loggableChildren(actor);
        return { choosing: children.length > 0, reply: loggableChildrenReply(children) };
      }),

    /** The child chosen, checked again: its name and today's date, and the kinds of contact to log for it. */
    kindsFor: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        const child = await domain.contacts.target(actor, childId);
        return { child, reply: contactKindsReply(child.childName) };
      }),

    /** A contact started from a reminder's button: the child checked again, with today's date, to ask the day next. */
    startFrom: (actor: Actor, childId: number, kind: ContactKind) =>
      inTransaction(async ({ domain }): Promise<ContactStart> => ({ ...(await domain.contacts.target(actor, childId)), kind })),

    /** The logged visit or talk a note to the parents is about, checked again before the note is asked for (a parent must have joined). */
    noteTarget: (actor: Actor, contactId: number) => inTransaction(({ domain }) => domain.familyNotes.noteFor(actor, contactId)),

    /**
     * The first question once the child and kind are known: a letter to parents who joined is
     * written and sent from here (`letter`); anything else asks for the day it happened (`day`).
     */
    begin: (actor: Actor, start: ContactStart) =>
      inTransaction(async ({ domain }): Promise<{ step: 'letter' | 'day'; reply: Reply }> => {
        const parents = await domain.familyNotes.parentsCount(actor, start.childId);
        if (start.kind === 'LETTER' && parents > 0) return { step: 'letter', reply: semesterLetterPrompt(start.childName) };
        return { step: 'day', reply: contactDayReply(start.childName, start.kind, start.today) };
      }),

    /** Logs a visit, call, talk or letter with a child's family; after a visit or talk, parents who joined may be sent a note. */
    log: (actor: Actor, contact: NewContact) =>
      inTransaction(async ({ domain }) => {
        const logged = await domain.contacts.log(actor, contact);
        const talked = logged.kind === 'VISIT' || logged.kind === 'TALK';
        const mayTellFamily = talked && (await domain.familyNotes.parentsCount(actor, contact.childId)) > 0;
        return { contact: logged, reply: contactLogged(logged, mayTellFamily) };
      }),

    /** A short note to the parents about a logged visit or talk, sent to them. */
    noteAfterContact: (actor: Actor, contactId: number, content: MessageContent) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const note = await domain.familyNotes.afterContact(actor, contactId, content);
        await notifications.familyNote(note, now);
        return { note, reply: reply(words('familyNotes.noteSent', { child: note.childName })) };
      }),

    /** The semester letter to the parents, logged as today's letter and sent to them. */
    semesterLetter: (actor: Actor, childId: number, content: MessageContent) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const letter = await domain.familyNotes.semesterLetter(actor, childId, content);
        await notifications.familyNote(letter, now);
        const { today } = await domain.contacts.target(actor, childId);
        return { letter, reply: reply(words('familyNotes.letterSent', { child: letter.childName, date: isoDate(today) })) };
      }),

    /** Pairs a teacher with a child; the family is introduced to a newly paired teacher. */
    pairTeacher: (actor: Actor, childId: number, teacherUserId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const introduction = await domain.children.pairTeacher(actor, childId, teacherUserId);
        if (introduction) await notifications.familyNote(introduction, now);
        return { introduced: introduction !== null, reply: reply(words('childFile.paired')) };
      }),

    /** The days a home visit may be planned on for the child, to choose from. */
    visitDays: (actor: Actor, childId: number, childName: string) =>
      inTransaction(async ({ domain }) => {
        const days = await domain.plannedVisits.plannableDays(actor, childId);
        return { days, reply: visitDaysReply(childName, days) };
      }),

    /** Plans a home visit (its notice goes to the guardians at home the day before, from a job). */
    planVisit: (actor: Actor, childId: number, day: string, slot: VisitSlot) =>
      inTransaction(async ({ domain }) => {
        const visit = await domain.plannedVisits.plan(actor, childId, day, slot);
        return { visit, reply: visitPlanned(visit) };
      }),

    /** A home-visit answer from the guardian at home ("convenient" or "another time"), passed on to the teacher. */
    answerHomeVisit: (actor: Actor, visitId: number, answer: VisitAnswer) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const answered = await domain.plannedVisits.answer(actor, visitId, answer);
        await notifications.homeVisits.answer(answered, now);
        return { answered, reply: visitAnswered(answered) };
      }),

    /**
     * Asks a family member with no number to call back or leave one. `queued` is 0 when
     * they were already asked today; a member with a number is not asked (`target` has it).
     */
    askCallBack: (actor: Actor, parentId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const target = await domain.familyPhones.callBackTarget(actor, parentId);
        const queued = target.parent.phone ? 0 : await notifications.callBack(target, now);
        return { target, queued, reply: callBackAsked(target.parent, queued) };
      }),
  };
}
