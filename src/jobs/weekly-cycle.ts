import { pack } from '../actions/index.js';
import { queueMessages } from '../delivery/outbox.js';
import { localDateOf } from '../domain/call-slots.js';
import { loadSessions } from '../domain/school-calendar.js';
import { beforeWeekEnd, currentSchoolWeek, lastEndedSchoolWeek, type SchoolCalendar, type SchoolWeek } from '../domain/school-week.js';
import { hasNews, type WeeklyNoteData } from '../domain/weekly-notes.js';
import { translatorForRecipient } from '../notifications/recipient-language.js';
import { queueWeeklyNotes } from '../notifications/weekly-note.js';
import { draftText } from '../notifications/weekly-note-text.js';
import { wallClock } from '../i18n/wall-clock.js';
import type { WeeklyCycleDeps } from './job-deps.js';
import { runOncePerPeriod } from './job-runs.js';
import { runLetterboxJobs } from './letters.js';

/** Friday 15:00: class teachers hear which children have no update yet. */
const REMINDER = { daysBefore: 2, minute: 15 * 60 };
/** Saturday 09:00: in review mode, class teachers get the drafts. */
const REVIEW = { daysBefore: 1, minute: 9 * 60 };
/** A week's notes missed while the bot was down still go out this long after the week ended; older ones are stale. */
const CATCH_UP_MS = 48 * 3600_000;

type School = SchoolCalendar & { id: number; noteMode: 'AUTO' | 'REVIEW' };

function byClass(notes: readonly WeeklyNoteData[]): Map<number, WeeklyNoteData[]> {
  const classes = new Map<number, WeeklyNoteData[]>();
  for (const note of notes) {
    if (note.classId === null) continue;
    const list = classes.get(note.classId) ?? [];
    list.push(note);
    classes.set(note.classId, list);
  }
  return classes;
}

/** Compiles and queues the notes of the week that has just ended. */
async function sendWeeklyNotes(deps: WeeklyCycleDeps, school: School, week: SchoolWeek, now: Date) {
  const notes = await deps.domain.weeklyNotes.compileWeek(school.id, week);
  const queued = await queueWeeklyNotes(deps, notes, now);
  await deps.domain.weeklyNotes.markSent(notes);
  deps.logger.info({ school: school.id, week: week.week, notes: notes.length, queued }, 'weekly notes queued');
}

/** Tells each class teacher how many of their children have no update so far this week. */
async function remindAboutMissingUpdates(deps: WeeklyCycleDeps, school: School, week: SchoolWeek, now: Date) {
  const notes = await deps.domain.weeklyNotes.compileWeek(school.id, week);
  const messages = [];
  for (const [classId, classNotes] of byClass(notes)) {
    const quiet = classNotes.filter((note) => note.categories.length === 0);
    if (quiet.length === 0) continue;
    for (const teacher of await deps.domain.weeklyNotes.classTeachersOf(classId)) {
      const t = translatorForRecipient(deps, teacher);
      const text = t('weeklyNote.noUpdates', { count: quiet.length, names: quiet.map((n) => n.childName).join(t('myData.listSeparator')), when: wallClock(week.end, school.timezone) });
      messages.push({ idempotencyKey: `no-update:class-${classId}:${week.week}:user-${teacher.userId}`, recipientId: teacher.userId, message: { kind: 'text' as const, text } });
    }
  }
  await queueMessages(deps.db, messages, now);
}

/** In review mode, sends each class teacher the drafts of their class's notes with Edit and Hold. */
async function sendDraftsForReview(deps: WeeklyCycleDeps, school: School, week: SchoolWeek, now: Date) {
  const notes = await deps.domain.weeklyNotes.compileWeek(school.id, week);
  const messages = [];
  for (const [classId, classNotes] of byClass(notes)) {
    for (const teacher of await deps.domain.weeklyNotes.classTeachersOf(classId)) {
      const t = translatorForRecipient(deps, teacher);
      for (const note of classNotes.filter((n) => n.status === 'DRAFT')) {
        messages.push({
          idempotencyKey: `weekly-review:note-${note.noteId}:user-${teacher.userId}`,
          recipientId: teacher.userId,
          message: {
            kind: 'text' as const,
            text: draftText(t, note, wallClock(week.end, school.timezone)),
            buttons: [[{ text: t('weeklyNote.edit'), data: pack({ name: 'note.edit', noteId: note.noteId }) }, ...(hasNews(note) ? [{ text: t('weeklyNote.hold'), data: pack({ name: 'note.hold', noteId: note.noteId }) }] : [])]],
          },
        });
      }
    }
  }
  await queueMessages(deps.db, messages, now);
}

/**
 * One pass over every school at `now`: whatever is due and not yet recorded runs, once
 * (the weekly notes and reminders, and the letterbox's hourly summary and daily reminder).
 * Run every minute and at start-up, so a run missed while the bot was down is caught up.
 * In holidays they pause: a week with no day in session has no notes and no drafts, and
 * the Friday reminder is not sent on a day out of session.
 */
export async function runWeeklyCycle(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  const schools = await deps.db.school.findMany({ select: { id: true, timezone: true, weekEndDay: true, weekEndMinute: true, noteMode: true } });
  for (const school of schools) {
    const sessions = await loadSessions(deps.db, school.id);
    const ended = lastEndedSchoolWeek(school, now);
    if (now.getTime() - ended.end.getTime() < CATCH_UP_MS) {
      const inSession = sessions.anyInSession(ended.days.first, ended.days.last);
      await runOncePerPeriod(deps.db, `weekly-note:school-${school.id}`, ended.week, now, async () => {
        if (inSession) await sendWeeklyNotes(deps, school, ended, now);
        else deps.logger.info({ school: school.id, week: ended.week }, 'weekly notes paused: the school was out of session all week');
      });
    }
    const running = currentSchoolWeek(school, now);
    if (now >= beforeWeekEnd(school, running, REMINDER.daysBefore, REMINDER.minute) && sessions.inSession(localDateOf(now, school.timezone))) {
      await runOncePerPeriod(deps.db, `no-update-reminder:school-${school.id}`, running.week, now, () => remindAboutMissingUpdates(deps, school, running, now));
    }
    const runningInSession = sessions.anyInSession(running.days.first, running.days.last);
    if (school.noteMode === 'REVIEW' && runningInSession && now >= beforeWeekEnd(school, running, REVIEW.daysBefore, REVIEW.minute)) {
      await runOncePerPeriod(deps.db, `weekly-review:school-${school.id}`, running.week, now, () => sendDraftsForReview(deps, school, running, now));
    }
    await runLetterboxJobs(deps, school, now);
  }
}
