import { familiarName } from '../domain/given-name.js';
import { hasNews, type NoteRecipient, type WeeklyNoteData } from '../domain/weekly-notes.js';
import { dayLabel } from '../i18n/call-time.js';
import type { Translate } from '../i18n/translator.js';
import { weekDaysLabel } from '../i18n/week-days.js';

const SNIPPETS_PER_CATEGORY = 2;
const SNIPPET_LENGTH = 80;

/** How a note is worded: for parents, or in plain short sentences for a grandparent or a guardian at home. */
export type NoteWording = 'family' | 'plain';

/** Grandparents and guardians at home (often reading little) get the plain wording. */
export function wordingFor(recipient: NoteRecipient): NoteWording {
  return recipient.relation === 'GRANDPARENT' || recipient.role === 'GUARDIAN' ? 'plain' : 'family';
}

function snippet(text: string): string {
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}

/** Whether the compiled note leaves out or cuts any update's text, so "see all" is offered. */
export function shortensUpdates(note: WeeklyNoteData): boolean {
  if (note.teacherText) return false;
  return note.categories.some((summary) => summary.texts.length > SNIPPETS_PER_CATEGORY || summary.texts.some((text) => text.length > SNIPPET_LENGTH));
}

const HAPPENED = {
  family: {
    lettersRead: 'weeklyNote.happened.lettersRead',
    lettersWritten: 'weeklyNote.happened.lettersWritten',
    callsHeld: 'weeklyNote.happened.callsHeld',
    talks: 'weeklyNote.happened.talks',
    visits: 'weeklyNote.happened.visits',
    schoolDate: 'weeklyNote.happened.schoolDate',
    festival: 'weeklyNote.happened.festival',
  },
  plain: {
    lettersRead: 'weeklyNote.plain.lettersRead',
    lettersWritten: 'weeklyNote.plain.lettersWritten',
    callsHeld: 'weeklyNote.plain.callsHeld',
    talks: 'weeklyNote.plain.talks',
    visits: 'weeklyNote.plain.visits',
    schoolDate: 'weeklyNote.plain.schoolDate',
    festival: 'weeklyNote.plain.festival',
  },
} as const;

/** The lines about the rest of the week (letters, calls, talks, visits, school dates, festivals), one thing per line. */
function happeningLines(t: Translate, note: WeeklyNoteData, wording: NoteWording, child: string): string[] {
  const h = note.happenings;
  const keys = HAPPENED[wording];
  const counted = (['lettersRead', 'lettersWritten', 'callsHeld', 'talks', 'visits'] as const).filter((name) => h[name] > 0);
  return [
    ...counted.map((name) => t(keys[name], { child, count: h[name] })),
    ...h.schoolDates.map(({ date, title }) => t(keys.schoolDate, { day: dayLabel(t, date), title })),
    ...h.festivals.map(({ festival, date }) => t(keys.festival, { day: dayLabel(t, date), festival: t(`calendar.festivals.${festival}`) })),
  ];
}

/** The updates in plain wording: each shown text on a line of its own, after its category. */
function plainUpdateLines(t: Translate, note: WeeklyNoteData): string[] {
  return note.categories.flatMap((summary) => {
    const category = t(`categories.${summary.category}`);
    const texts = summary.texts.slice(0, SNIPPETS_PER_CATEGORY);
    if (texts.length === 0) return [t('weeklyNote.plain.categoryOnly', { category, count: summary.count })];
    return texts.map((text) => t('weeklyNote.plain.update', { category, text: snippet(text) }));
  });
}

/** The updates for parents: a line per category with its count, and up to two texts under it. */
function familyUpdateLines(t: Translate, note: WeeklyNoteData): string[] {
  return note.categories.map((summary) => {
    const snippets = summary.texts.slice(0, SNIPPETS_PER_CATEGORY).map(snippet);
    const label = t('weeklyNote.categoryLine', { category: t(`categories.${summary.category}`), count: summary.count });
    return snippets.length > 0 ? `${label}\n  ${snippets.join('\n  ')}` : label;
  });
}

/**
 * The words of a note: the teacher's own text in review mode, else the week's updates and
 * what else happened (letters read, calls, talks, school dates). Without updates it never
 * says "nothing new": it tells what did happen and how to ask. The plain wording uses the
 * child's familiar name and one short sentence per line.
 */
export function noteText(t: Translate, note: WeeklyNoteData, wording: NoteWording = 'family'): string {
  const child = wording === 'plain' ? familiarName(note.childName) : note.childName;
  const days = weekDaysLabel(t, note.days);
  const heading = wording === 'plain' ? t('weeklyNote.plain.heading', { child, days }) : t('weeklyNote.heading', { child, days });
  if (note.teacherText) return `${heading}\n\n${note.teacherText}`;
  const updates = wording === 'plain' ? plainUpdateLines(t, note) : familyUpdateLines(t, note);
  const closing = wording === 'plain' ? [t('weeklyNote.plain.ask')] : updates.length === 0 ? [t('weeklyNote.quietWeek', { child })] : [];
  return `${heading}\n\n${[...updates, ...happeningLines(t, note, wording, child), ...closing].join('\n')}`;
}

/**
 * A draft as the class teacher reviews it: when it goes out and how to change it, or, when
 * the week has nothing to tell, that it will not be sent unless they write it.
 */
export function draftText(t: Translate, note: WeeklyNoteData, when: string): string {
  if (!hasNews(note)) return t('weeklyNote.draftNothing', { child: note.childName, when });
  return `${t('weeklyNote.draftHeading', { child: note.childName, when })}\n\n${noteText(t, note)}`;
}
