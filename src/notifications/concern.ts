import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { concernMessageKey, followUpKinds, type Recipient, type SavedUpdate } from '../domain/updates.js';
import type { Translate } from '../i18n/translator.js';
import { mediaMessage, videosOf } from './media-message.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** Who was told about a concern, for the author's confirmation. */
export interface ConcernNotified {
  parents: number;
  /** Display names of the teachers asked to follow up, each once. */
  followUpBy: string[];
}

/** Longest update text put into a message, so the message stays within the channel's limit. */
const TEXT_LIMIT = 3000;

function clipped(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}

/** The update's photos (one message, an album for several), voice notes and videos, each as its own message part. */
function mediaParts(update: SavedUpdate): { part: string; message: OutgoingMessage }[] {
  const photos = update.media.filter((item) => item.kind === 'photo').map((item) => item.fileId);
  const voices = update.media.filter((item) => item.kind === 'voice').map((item) => item.fileId);
  const parts: { part: string; message: OutgoingMessage }[] = [];
  if (photos.length === 1) parts.push({ part: 'photo', message: { kind: 'photo', fileId: photos[0]! } });
  if (photos.length > 1) parts.push({ part: 'album', message: { kind: 'album', photos: photos.map((fileId) => ({ fileId })) } });
  voices.forEach((fileId, index) => parts.push({ part: `voice-${index + 1}`, message: { kind: 'voice', fileId } }));
  videosOf(update.media).forEach((item, index) => parts.push({ part: `video-${index + 1}`, message: mediaMessage(item.kind, item.fileId) }));
  return parts;
}

function parentText(t: Translate, update: SavedUpdate, childNames: string[]): string {
  const lines = [
    ...(update.urgent ? [t('updates.concern.urgent')] : []),
    t('updates.concern.toParent', { teacher: update.authorName, children: childNames.join(t('updates.nameSeparator')), category: t(`categories.${update.category}`) }),
    '',
    update.text ? clipped(update.text) : t('updates.concern.seeMedia'),
    '',
    t('updates.concern.parentFooter'),
  ];
  return lines.join('\n');
}

function followUpText(t: Translate, update: SavedUpdate, childName: string): string {
  return [
    ...(update.urgent ? [t('updates.concern.urgent')] : []),
    t('updates.followUp.request', { author: update.authorName, child: childName, category: t(`categories.${update.category}`) }),
    '',
    update.text ? clipped(update.text) : t('updates.concern.seeMedia'),
    '',
    t('updates.followUp.pressWhat'),
  ].join('\n');
}

/** A worried parent's way to answer at once: per child, a reply to the teacher and a letter to the child. */
function parentButtons(t: Translate, children: readonly { id: number; name: string }[]) {
  return children.map((child) => [
    { text: children.length === 1 ? t('weeklyNote.answer') : t('fallback.answerAbout', { child: child.name }), data: pack({ name: 'note.answer', childId: child.id }) },
    { text: t('letters.writeTo', { child: child.name }), data: pack({ name: 'letter.write', childId: child.id }) },
  ]);
}

/** The follow-up request's buttons, one per kind, each naming the update and the child. */
function followUpButtons(t: Translate, updateId: number, childId: number) {
  return followUpKinds.map((kind) => [{ text: t(`updates.followUp.kinds.${kind}`), data: pack({ name: 'update.followUp', updateId, childId, kind }) }]);
}

/**
 * The messages a concern sends: to each parent or guardian once (naming all of their
 * children in the update), in their own language, the text (with buttons to answer the
 * teacher or write to the child) and then the photos and voice notes; and to each child's follow-up teacher a request with "called / visited / talked"
 * buttons. Urgent only when the author chose urgent.
 */
function concernMessages(deps: RenderDeps, update: SavedUpdate): QueuedMessage[] {
  const key = (userId: number, part: string) => concernMessageKey(update.id, userId, part);
  const parents = new Map<number, { recipient: Recipient; children: { id: number; name: string }[] }>();
  for (const child of update.concernChildren) {
    for (const guardian of child.guardians) {
      const entry = parents.get(guardian.userId) ?? { recipient: guardian, children: [] };
      entry.children.push({ id: child.childId, name: child.childName });
      parents.set(guardian.userId, entry);
    }
  }
  const messages: QueuedMessage[] = [];
  for (const { recipient, children } of parents.values()) {
    const t = translatorForRecipient(deps, recipient);
    const childNames = children.map((child) => child.name);
    const text: OutgoingMessage = { kind: 'text', text: parentText(t, update, childNames), buttons: parentButtons(t, children) };
    const parts = [{ part: 'text', message: text }, ...mediaParts(update)];
    for (const { part, message } of parts) {
      messages.push({ idempotencyKey: key(recipient.userId, part), recipientId: recipient.userId, message, urgent: update.urgent });
    }
  }
  for (const child of update.concernChildren) {
    if (!child.followUpBy) continue;
    const t = translatorForRecipient(deps, child.followUpBy);
    messages.push({
      idempotencyKey: key(child.followUpBy.userId, `follow-up-${child.childId}`),
      recipientId: child.followUpBy.userId,
      message: { kind: 'text', text: followUpText(t, update, child.childName), buttons: followUpButtons(t, update.id, child.childId) },
      urgent: update.urgent,
    });
  }
  return messages;
}

/** Queues a saved concern's messages in the outbox and says who was told. */
export async function queueConcernNotices(deps: RenderDeps & { db: Db }, update: SavedUpdate, now: Date): Promise<ConcernNotified> {
  await queueMessages(deps.db, concernMessages(deps, update), now);
  const parents = new Set(update.concernChildren.flatMap((child) => child.guardians.map((guardian) => guardian.userId)));
  const teachers = new Set(update.concernChildren.flatMap((child) => (child.followUpBy ? [child.followUpBy.displayName] : [])));
  return { parents: parents.size, followUpBy: [...teachers] };
}
