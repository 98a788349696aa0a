import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingButton, OutgoingMessage } from '../delivery/message.js';
import { queueMessages } from '../delivery/outbox.js';
import type { FamilyMessageView } from '../domain/family-messages.js';
import { mediaMessage } from './media-message.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** The message itself: a voice note, photo or video with the heading as caption, else the heading and the text. */
function rendered(message: FamilyMessageView, heading: string, mediaHeading: string, buttons: OutgoingButton[][]): OutgoingMessage {
  const { text, voiceFileId, media } = message.content;
  const caption = text ? `${mediaHeading}\n\n${text}` : mediaHeading;
  if (voiceFileId) return mediaMessage('voice', voiceFileId, caption, buttons);
  if (media) return mediaMessage(media.kind, media.fileId, caption, buttons);
  return { kind: 'text', text: `${heading}\n\n${text ?? ''}`, buttons };
}

/**
 * Queues a family member's message to their teachers (with a Reply button), or a teacher's
 * reply to the family member (with an Answer button that goes back to that teacher), each
 * in the reader's language.
 */
export async function queueFamilyMessage(deps: RenderDeps & { db: Db }, message: FamilyMessageView, direction: 'toTeachers' | 'toFamily', now: Date) {
  const messages = message.recipients.map((recipient) => {
    const t = translatorForRecipient(deps, recipient);
    const names = { parent: message.fromName, teacher: message.fromName, child: message.childName, relation: message.relation ? t(`relations.${message.relation}`) : '' };
    const toTeachers = direction === 'toTeachers';
    const button = toTeachers ? { text: t('weeklyNote.reply'), data: pack({ name: 'familyMessage.reply', messageId: message.id }) } : { text: t('weeklyNote.answer'), data: pack({ name: 'familyMessage.answer', messageId: message.id }) };
    const heading = t(toTeachers ? 'weeklyNote.fromParent' : 'weeklyNote.fromTeacher', names);
    const mediaKey = message.content.voiceFileId ? 'Voice' : message.content.media?.kind === 'photo' ? 'Photo' : 'Video';
    const mediaHeading = t(`weeklyNote.${toTeachers ? 'fromParent' : 'fromTeacher'}${mediaKey}`, names);
    return { idempotencyKey: `family-message:${message.id}:user-${recipient.userId}`, recipientId: recipient.userId, message: rendered(message, heading, mediaHeading, [[button]]) };
  });
  await queueMessages(deps.db, messages, now);
}
