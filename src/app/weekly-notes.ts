import type { Actor } from '../domain/actor.js';
import type { WeekDays } from '../domain/school-week.js';
import type { Words } from '../i18n/words.js';
import type { Reply } from './reply.js';
import type { InTransaction } from './unit.js';
import { adminsOnly, draftHeld, draftSaved, fullWeekLines, noReceipts, noteAcknowledged, noteModeSettings, receiptLines } from './weekly-note-replies.js';

/** The weekly note: the family's "read it" and "see all", the class teacher's review of a draft and receipts, the admins' mode. */
export function createWeeklyNoteUseCases(inTransaction: InTransaction) {
  return {
    /** A family member says they read the week's note; the reply thanks them. */
    acknowledge: (actor: Actor, noteId: number) =>
      inTransaction(async ({ domain }) => {
        const { childName } = await domain.weeklyNotes.acknowledge(actor, noteId);
        return { childName, reply: noteAcknowledged(childName) };
      }),

    /**
     * Every update of a note's week about the child in full, access checked again: the lines
     * as words, with the child and the week's days for the channel's title (the days are
     * written with the reader's calendar, which words do not carry).
     */
    fullWeek: (actor: Actor, noteId: number) =>
      inTransaction(async ({ domain }) => {
        const week = await domain.weeklyNotes.fullWeek(actor, noteId);
        return { childName: week.childName, days: week.days, lines: fullWeekLines(week.entries) };
      }),

    /** The child a family member answers the teacher about, from under a weekly note: checked again, with its name for the question. */
    answerAbout: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        const file = await domain.children.childFile(actor, childId);
        return { childId: file.id, childName: file.name };
      }),

    /** The draft a class teacher is about to rewrite, checked to be theirs and still a draft. */
    draftToReview: (actor: Actor, noteId: number) => inTransaction(({ domain }) => domain.weeklyNotes.draftToReview(actor, noteId)),

    /** The class teacher rewrites a draft in their own words. */
    editDraft: (actor: Actor, noteId: number, text: string) =>
      inTransaction(async ({ domain }) => {
        await domain.weeklyNotes.editDraft(actor, noteId, text);
        return { reply: draftSaved() };
      }),

    /** The class teacher holds a draft back: nothing is sent that week. */
    holdDraft: (actor: Actor, noteId: number) =>
      inTransaction(async ({ domain }) => {
        await domain.weeklyNotes.holdDraft(actor, noteId);
        return { reply: draftHeld() };
      }),

    /**
     * `/receipts`: who got the latest weekly note of the teacher's classes, line by line, with
     * the week (its code, and its days when known) for the channel's title; or that none went out.
     */
    receipts: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<{ none: Reply } | { week: string; days: WeekDays | null; lines: Words[] }> => {
        const report = await domain.weeklyNotes.receipts(actor);
        return report ? { week: report.week, days: report.days, lines: receiptLines(report) } : { none: noReceipts() };
      }),

    /** `/weekly`: each administered school's weekly-note mode with the modes to choose; or that only admins choose. */
    settings: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<Reply[]> => {
        const schools = await domain.schools.weeklyNoteSettings(actor);
        return schools.length > 0 ? schools.map(noteModeSettings) : [adminsOnly()];
      }),
  };
}
