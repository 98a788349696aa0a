import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages } from '../delivery/outbox.js';
import type { FamilyMessageView } from '../domain/family-messages.js';
import { answerTeacherData } from './weekly-note.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/**
 * Queues a family member's message to the class teachers (with a Reply button), or a
 * teacher's reply to the family member (with an Answer button), each in the reader's language.
 */
export async function queueFamilyMessage(deps: RenderDeps & { db: Db }, message: FamilyMessageView, direction: 'toTeachers' | 'toFamily', now: Date) {
  const messages = message.recipients.map((recipient) => {
    const t = translatorForRecipient(deps, recipient);
    const names = { parent: message.fromName, teacher: message.fromName, child: message.childName, relation: message.relation ? t(`relations.${message.relation}`) : '' };
    const toTeachers = direction === 'toTeachers';
    const button = toTeachers
      ? { text: t('weeklyNote.reply'), data: `fm:r:${message.id}` }
      : { text: t('weeklyNote.answer'), data: answerTeacherData(message.childId) };
    const heading = t(toTeachers ? 'weeklyNote.fromParent' : 'weeklyNote.fromTeacher', names);
    const outgoing: OutgoingMessage = message.content.voiceFileId
      ? { kind: 'voice', fileId: message.content.voiceFileId, caption: t(toTeachers ? 'weeklyNote.fromParentVoice' : 'weeklyNote.fromTeacherVoice', names), buttons: [[button]] }
      : { kind: 'text', text: `${heading}\n\n${message.content.text ?? ''}`, buttons: [[button]] };
    return { idempotencyKey: `family-message:${message.id}:user-${recipient.userId}`, recipientId: recipient.userId, message: outgoing };
  });
  await queueMessages(deps.db, messages, now);
}
