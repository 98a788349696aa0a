import { createHash } from 'node:crypto';
import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { hasNews, weeklyNoteKey, type NoteRecipient, type WeeklyNoteData } from '../domain/weekly-notes.js';
import type { Translate } from '../i18n/translator.js';
import { mediaMessage } from './media-message.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';
import { noteText, shortensUpdates, wordingFor } from './weekly-note-text.js';

/**
 * Names a media part by the files in it, so a run compiled again after a crash (with an
 * update edited meanwhile) cannot give the same photos a second key.
 */
function digest(fileIds: readonly string[]): string {
  return createHash('sha256').update(fileIds.join('\n')).digest('hex').slice(0, 16);
}

/**
 * One family member's copy of a note as outgoing messages: the photos, the voice notes, the
 * videos, then the text in their wording with its buttons (received, answer the teacher,
 * "see all" when texts were shortened, a letter to the child unless they live with the child).
 */
export function renderNoteFor(t: Translate, note: WeeklyNoteData, recipient: NoteRecipient): { part: string; message: OutgoingMessage }[] {
  const parts: { part: string; message: OutgoingMessage }[] = [];
  if (note.photos.length === 1) parts.push({ part: `photo-${digest(note.photos)}`, message: { kind: 'photo', fileId: note.photos[0]! } });
  if (note.photos.length > 1) parts.push({ part: `album-${digest(note.photos)}`, message: { kind: 'album', photos: note.photos.map((fileId) => ({ fileId })) } });
  for (const fileId of note.voices) parts.push({ part: `voice-${digest([fileId])}`, message: { kind: 'voice', fileId } });
  for (const video of note.videos) parts.push({ part: `video-${digest([video.fileId])}`, message: mediaMessage(video.kind, video.fileId) });
  parts.push({
    part: 'text',
    message: {
      kind: 'text',
      text: noteText(t, note, wordingFor(recipient)),
      buttons: [
        [{ text: t('weeklyNote.received'), data: pack({ name: 'note.received', noteId: note.noteId }) }, { text: t('weeklyNote.answer'), data: pack({ name: 'note.answer', childId: note.childId }) }],
        ...(shortensUpdates(note) ? [[{ text: t('weeklyNote.seeAll'), data: pack({ name: 'note.seeAll', noteId: note.noteId }) }]] : []),
        ...(recipient.role === 'GUARDIAN' ? [] : [[{ text: t('letters.writeTo', { child: note.childName }), data: pack({ name: 'letter.write', childId: note.childId }) }]]),
      ],
    },
  });
  return parts;
}

/**
 * Queues every parent's copy of the notes, each in the parent's own language, under keys
 * that make a second run queue nothing. Held notes, and notes with nothing true to tell
 * (no update, letter, call or school date), are not sent. Returns how many messages
 * were newly queued.
 */
export async function queueWeeklyNotes(deps: RenderDeps & { db: Db }, notes: readonly WeeklyNoteData[], now: Date): Promise<number> {
  const messages: QueuedMessage[] = [];
  for (const note of notes) {
    if (note.status === 'HELD' || !hasNews(note)) continue;
    for (const recipient of note.recipients) {
      const t = translatorForRecipient(deps, recipient);
      for (const { part, message } of renderNoteFor(t, note, recipient)) {
        messages.push({ idempotencyKey: weeklyNoteKey(note.childId, note.week, recipient.userId, part), recipientId: recipient.userId, message });
      }
    }
  }
  return queueMessages(deps.db, messages, now);
}
