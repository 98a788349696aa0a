import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages } from '../delivery/outbox.js';
import type { FamilyNote } from '../domain/family-notes.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/**
 * Queues a paired teacher's note to the family (after a visit or a talk, the semester
 * letter, the introduction when paired), one message per family member in their language,
 * each with "answer the teacher". Keyed per stored message, so nothing goes twice.
 */
export async function queueFamilyNote(deps: RenderDeps & { db: Db }, note: FamilyNote, now: Date): Promise<number> {
  const messages = note.deliveries.map(({ messageId, recipient }) => {
    const t = translatorForRecipient(deps, recipient);
    const names = { teacher: note.teacherName, child: note.childName };
    const buttons = [[{ text: t('weeklyNote.answer'), data: pack({ name: 'note.answer', childId: note.childId }) }]];
    const { text, voiceFileId } = note.content;
    const message: OutgoingMessage = voiceFileId
      ? { kind: 'voice', fileId: voiceFileId, caption: t(`familyNotes.voice.${note.purpose}`, names), buttons }
      : { kind: 'text', text: text ? `${t(`familyNotes.heading.${note.purpose}`, names)}\n\n${text}` : t(`familyNotes.heading.${note.purpose}`, names), buttons };
    return { idempotencyKey: `family-note:${messageId}`, recipientId: recipient.userId, message };
  });
  return queueMessages(deps.db, messages, now);
}
