import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { weeklyNoteKey, type WeeklyNoteData } from '../domain/weekly-notes.js';
import type { Translate } from '../i18n/translator.js';
import { weekDaysLabel } from '../i18n/week-days.js';
import { writeLetterData } from './letters.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/**
 * Names a media part by the files in it, so a run compiled again after a crash (with an
 * update edited meanwhile) cannot give the same photos a second key.
 */
function digest(fileIds: readonly string[]): string {
  return createHash('sha256').update(fileIds.join('\n')).digest('hex').slice(0, 16);
}

const SNIPPETS_PER_CATEGORY = 2;
const SNIPPET_LENGTH = 80;

/** The words of a note: the teacher's own text in review mode, else a line per category. */
export function noteText(t: Translate, note: WeeklyNoteData): string {
  const heading = t('weeklyNote.heading', { child: note.childName, days: weekDaysLabel(t, note.days) });
  if (note.teacherText) return `${heading}\n\n${note.teacherText}`;
  if (note.categories.length === 0) return `${heading}\n\n${t('weeklyNote.quietWeek', { child: note.childName })}`;
  const lines = note.categories.map((summary) => {
    const snippets = summary.texts.slice(0, SNIPPETS_PER_CATEGORY).map((text) => (text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text));
    const label = t('weeklyNote.categoryLine', { category: t(`categories.${summary.category}`), count: summary.count });
    return snippets.length > 0 ? `${label}\n  ${snippets.join('\n  ')}` : label;
  });
  return `${heading}\n\n${lines.join('\n')}`;
}

/** Callback data of the button that starts a family member's answer to a child's teachers: `wn:ans:<childId>`. */
export function answerTeacherData(childId: number): string {
  return `wn:ans:${childId}`;
}

/** One parent's copy of a note as outgoing messages: the photos, the voice notes, then the text with its buttons (received, answer the teacher, a letter to the child). */
export function renderNoteFor(t: Translate, note: WeeklyNoteData): { part: string; message: OutgoingMessage }[] {
  const parts: { part: string; message: OutgoingMessage }[] = [];
  if (note.photos.length === 1) parts.push({ part: `photo-${digest(note.photos)}`, message: { kind: 'photo', fileId: note.photos[0]! } });
  if (note.photos.length > 1) parts.push({ part: `album-${digest(note.photos)}`, message: { kind: 'album', photos: note.photos.map((fileId) => ({ fileId })) } });
  for (const fileId of note.voices) parts.push({ part: `voice-${digest([fileId])}`, message: { kind: 'voice', fileId } });
  parts.push({
    part: 'text',
    message: {
      kind: 'text',
      text: noteText(t, note),
      buttons: [
        [{ text: t('weeklyNote.received'), data: `wn:ack:${note.noteId}` }, { text: t('weeklyNote.answer'), data: answerTeacherData(note.childId) }],
        [{ text: t('letters.writeTo', { child: note.childName }), data: writeLetterData(note.childId) }],
      ],
    },
  });
  return parts;
}

/**
 * Queues every parent's copy of the notes, each in the parent's own language, under keys
 * that make a second run queue nothing. Held notes are not sent. Returns how many messages
 * were newly queued.
 */
export async function queueWeeklyNotes(deps: RenderDeps & { db: Db }, notes: readonly WeeklyNoteData[], now: Date): Promise<number> {
  const messages: QueuedMessage[] = [];
  for (const note of notes) {
    if (note.status === 'HELD') continue;
    for (const recipient of note.recipients) {
      const t = translatorForRecipient(deps, recipient);
      for (const { part, message } of renderNoteFor(t, note)) {
        messages.push({ idempotencyKey: weeklyNoteKey(note.childId, note.week, recipient.userId, part), recipientId: recipient.userId, message });
      }
    }
  }
  return queueMessages(deps.db, messages, now);
}
