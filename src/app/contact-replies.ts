import type { ContactKind, Relation } from '../db/generated/enums.js';
import { addDays, type LocalDate } from '../domain/call-slots.js';
import { CONTACT_KINDS, MAX_NOTE_LENGTH, type ContactSummary, type ContactView } from '../domain/contacts.js';
import type { RefusalReason } from '../domain/errors.js';
import { MAX_LETTER_LENGTH } from '../domain/family-notes.js';
import { VISIT_SLOTS, type VisitReply, type VisitSlot } from '../domain/planned-visits.js';
import { isoDate } from '../domain/school-month.js';
import { dayWords } from '../i18n/call-time.js';
import { verbatim, words, type Words } from '../i18n/words.js';
import { displayPhone } from '../notifications/call-back.js';
import { refusalWords } from './refusals.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

/** Contacts may be logged this many days back (the domain refuses older ones too). */
export const CONTACT_DAYS_BACK = 60;

/** "Home visit", "Call with the parents"…: a contact's kind, for any language. */
export function contactKindWords(kind: ContactKind): Words {
  return words(`contacts.kinds.${kind}`);
}

/**
 * Which child to log a contact for: each child a choice, two to a row, with the class named
 * when the children come from more than one class; or that there is nobody to log for.
 */
export function loggableChildrenReply(children: readonly { id: number; name: string; className: string | null }[]): Reply {
  if (children.length === 0) return reply(words('contacts.noChildren'));
  const severalClasses = new Set(children.map((child) => child.className)).size > 1;
  const label = (child: (typeof children)[number]) => verbatim(severalClasses && child.className ? `${child.name} · ${child.className}` : child.name);
  return reply(words('contacts.pickChild'), rows(children.map((child) => ({ label: label(child), action: { name: 'contact.child', childId: child.id } })), 2));
}

/** The kinds of contact to log for a child, two to a row, and "plan a home visit" on its own row. */
export function contactKindsReply(childName: string): Reply {
  const kinds: Choice[] = CONTACT_KINDS.map((kind) => ({ label: contactKindWords(kind), action: { name: 'contact.kind', kind } }));
  return reply(words('contacts.pickKind', { child: childName }), [...rows(kinds, 2), [{ label: words('homeVisits.plan'), action: { name: 'contact.kind', kind: 'PLAN' } }]]);
}

/** When the contact was: "today" and "yesterday" to press, or a date to type. */
export function contactDayReply(childName: string, kind: ContactKind, today: LocalDate): Reply {
  const day = (label: Words, date: LocalDate): Choice => ({ label, action: { name: 'contact.day', date: isoDate(date) } });
  return reply(words('contacts.pickDate', { child: childName, kind: contactKindWords(kind) }), [[day(words('contacts.today'), today), day(words('contacts.yesterday'), addDays(today, -1))]]);
}

/** Why a contact's day was not taken: the format and how far back it may be. */
export function contactDayRefused(): Words {
  return words('contacts.badDate', { days: CONTACT_DAYS_BACK });
}

/** The optional note to a logged contact: text or voice, or "no note" to press. */
export function contactNoteReply(): Reply {
  return reply(words('contacts.askNote', { max: MAX_NOTE_LENGTH }), [[{ label: words('contacts.skipNote'), action: { name: 'contact.noNote' } }]]);
}

/** Why a contact's note was not taken: too long. */
export function contactNoteRefused(): Words {
  return words('contacts.noteTooLong', { max: MAX_NOTE_LENGTH });
}

/** "Please press one of the buttons above": the nudge when a step waits for a choice. */
export function pressPlease(): Words {
  return words('contacts.pressPlease');
}

/** The logged contact confirmed; after a visit or talk with parents who joined, the offer to send them a note. */
export function contactLogged(contact: ContactView, mayTellFamily: boolean): Reply {
  const saved = words('contacts.saved', { child: contact.childName, kind: contactKindWords(contact.kind), date: contact.date });
  return reply(saved, mayTellFamily ? [[{ label: words('familyNotes.offer'), action: { name: 'contact.familyNote', contactId: contact.id } }]] : []);
}

/** The contact part of a child's file: an open no-contact flag, then this month's contacts; nothing when there is neither. */
export function contactFileWords(summary: ContactSummary): Words[] {
  const flag = summary.noContactSince ? [words('contacts.noContactSince', { date: summary.noContactSince })] : [];
  if (summary.contacts.length === 0) return flag;
  const lines = summary.contacts.map((contact) => words('contacts.fileLine', { date: contact.date.slice(5), kind: contactKindWords(contact.kind), teacher: contact.teacherName }));
  return [...flag, words('contacts.fileTitle'), ...lines];
}

/** Asks the teacher for a note to the parents after a visit or talk: text or voice. */
export function familyNotePrompt(childName: string): Reply {
  return reply(words('familyNotes.askNote', { child: childName, max: MAX_NOTE_LENGTH }));
}

/** Asks the teacher for the semester letter to the parents: text or voice. */
export function semesterLetterPrompt(childName: string): Reply {
  return reply(words('familyNotes.askLetter', { child: childName, max: MAX_LETTER_LENGTH }));
}

/** The nudge when words to the family are awaited and something else came. */
export function textOrVoicePlease(): Words {
  return words('familyNotes.textOrVoice');
}

/** Why a note or letter to the family was refused, in the family notes' own words where they differ. */
export function familyNoteRefusal(reason: RefusalReason, max: number): Words {
  if (reason === 'invalid:tooLong') return words('familyNotes.tooLong', { max });
  return refusalWords(reason);
}

/** A day to plan a home visit on, for each of the next days. */
export function visitDaysReply(childName: string, days: readonly LocalDate[]): Reply {
  return reply(words('homeVisits.pickDay', { child: childName }), rows(days.map((day) => ({ label: dayWords(day), action: { name: 'contact.visitDay', date: isoDate(day) } })), 2));
}

function slotWords(slot: VisitSlot): Words {
  return words(`homeVisits.slots.${slot}`);
}

/** The part of the day for a planned visit, the three on one row. */
export function visitSlotsReply(childName: string, day: LocalDate): Reply {
  const slots: Choice[] = (Object.keys(VISIT_SLOTS) as VisitSlot[]).map((slot) => ({ label: slotWords(slot), action: { name: 'contact.visitSlot', slot } }));
  return reply(words('homeVisits.pickSlot', { child: childName, day: dayWords(day) }), [slots]);
}

/** The planned visit confirmed, and whether a guardian at home will be told of it (else: call the family). */
export function visitPlanned(visit: { childName: string; date: LocalDate; slot: VisitSlot; guardians: number }): Reply {
  const names = { child: visit.childName, day: dayWords(visit.date), slot: slotWords(visit.slot) };
  return reply(words(visit.guardians > 0 ? 'homeVisits.planned' : 'homeVisits.plannedNobody', names));
}

/** The guardian at home thanked for answering a home-visit notice. */
export function visitAnswered(answer: VisitReply): Reply {
  return reply(words(answer.answer === 'OK' ? 'homeVisits.thanksOk' : 'homeVisits.thanksMove', { teacher: answer.teacherName }));
}

/** What the asker is told after "ask to call back": the number they already left, that they are asked, or were asked today. */
export function callBackAsked(parent: { name: string; relation: Relation | null; phone: string | null }, queued: number): Reply {
  const who = words('phone.who', { name: parent.name, relation: parent.relation ? words(`relations.${parent.relation}`) : '' });
  if (parent.phone) return reply(words('phone.callBackHasPhone', { who, phone: displayPhone(parent.phone) }));
  return reply(words(queued > 0 ? 'phone.callBackAsked' : 'phone.callBackAlready', { who }));
}
