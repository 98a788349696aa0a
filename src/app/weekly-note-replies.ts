import type { FullWeekEntry } from '../domain/weekly-notes.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { words, type Words } from '../i18n/words.js';
import { categoryWords } from './update-replies.js';
import { reply, type Reply } from './reply.js';

type NoteMode = 'AUTO' | 'REVIEW';

/** A school's weekly-note settings as an admin chooses them. */
export interface WeeklyNoteSettings {
  id: number;
  name: string;
  noteMode: NoteMode;
  weekEndDay: number;
  weekEndMinute: number;
}

/** One parent's copy of the latest weekly note, or a child whose note did not go out, as `/receipts` lists them. */
export interface ReceiptsReport {
  lines: readonly { childName: string; parentName: string; state: 'acknowledged' | 'received' | 'pending' | 'unreachable' }[];
  notSent: readonly { childName: string; reason: 'held' | 'nothingToTell' }[];
}

/** The family's "read it" thanked for, naming the child. */
export function noteAcknowledged(childName: string): Reply {
  return reply(words('weeklyNote.thanks', { child: childName }));
}

/** That the class teacher's own words replace the draft. */
export function draftSaved(): Reply {
  return reply(words('weeklyNote.draftSaved'));
}

/** That a held draft is not sent this week. */
export function draftHeld(): Reply {
  return reply(words('weeklyNote.held'));
}

/** Every update of a week about a child in full, one line each ("Study: …"); or that none is left. */
export function fullWeekLines(entries: readonly FullWeekEntry[]): Words[] {
  if (entries.length === 0) return [words('weeklyNote.fullNone')];
  return entries.map((entry) => words('weeklyNote.fullLine', { category: categoryWords(entry.category), text: entry.text }));
}

/** `/receipts` line by line: each parent's copy and its state, then each child whose note did not go out and why. */
export function receiptLines(report: ReceiptsReport): Words[] {
  return [
    ...report.lines.map((line) => words('weeklyNote.receiptLine', { child: line.childName, parent: line.parentName, state: words(`weeklyNote.states.${line.state}`) })),
    ...report.notSent.map((line) => words('weeklyNote.notSentLine', { child: line.childName, reason: words(`weeklyNote.notSent.${line.reason}`) })),
  ];
}

/** That no weekly note was sent for the teacher's classes yet. */
export function noReceipts(): Reply {
  return reply(words('weeklyNote.noReceipts'));
}

/** A school's weekly-note mode and when the notes go out, with the two modes to choose. */
export function noteModeSettings(school: WeeklyNoteSettings): Reply {
  const when = words('weeklySettings.when', { day: words(`weeklySettings.days.${school.weekEndDay as 0}`), time: formatTimeOfDay(school.weekEndMinute) });
  const choose = (label: Words, mode: NoteMode) => [{ label, action: { name: 'weekly.mode', schoolId: school.id, mode } } as const];
  return reply(words(school.noteMode === 'AUTO' ? 'weeklySettings.auto' : 'weeklySettings.review', { school: school.name, when }), [
    choose(words('weeklySettings.chooseAuto'), 'AUTO'),
    choose(words('weeklySettings.chooseReview'), 'REVIEW'),
  ]);
}

/** That only a school's admins choose the weekly-note mode. */
export function adminsOnly(): Reply {
  return reply(words('weeklySettings.adminsOnly'));
}

/** The chosen weekly-note mode confirmed. */
export function noteModeSaved(mode: NoteMode): Reply {
  return reply(words(mode === 'AUTO' ? 'weeklySettings.nowAuto' : 'weeklySettings.nowReview'));
}
