import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import type { CampaignStarted } from '../domain/campaigns.js';
import type { LetterboxDigest, LetterHandled, LetterHeld, LetterPartInput, LetterView, ReplyRecorded } from '../domain/letters.js';
import type { NoteRecipient } from '../domain/weekly-notes.js';
import type { Translate } from '../i18n/translator.js';
import { wallClock } from '../i18n/wall-clock.js';
import { say, verbatim, words, type Words } from '../i18n/words.js';
import { mediaMessage } from './media-message.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

type Deps = RenderDeps & { db: Db };

/** One part of a letter as a message of its own; a text part is sent as it is, media by file id with their caption. */
function partMessage(part: LetterPartInput): OutgoingMessage {
  if (part.kind === 'text') return { kind: 'text', text: part.text ?? '' };
  return mediaMessage(part.kind, part.fileId!, part.text);
}

/** "陈静 (mother)", for any language: the author of a letter to a child and how they are related. */
export function authorWords(letter: Pick<LetterView, 'authorName' | 'relation'>): Words {
  return letter.relation ? words('letters.authorWithRelation', { name: letter.authorName, relation: words(`relations.${letter.relation}`) }) : verbatim(letter.authorName);
}

/** "陈静 (mother)" in the reader's language. */
export function authorLabel(t: Translate, letter: Pick<LetterView, 'authorName' | 'relation'>): string {
  return say(t, authorWords(letter));
}

function when(letter: LetterView): string {
  return wallClock(letter.createdAt, letter.timezone);
}

/** The receipt to the author: the letter was read with the child (delivered → read). */
async function queueReadReceipt(deps: Deps, done: LetterHandled, now: Date): Promise<void> {
  const t = translatorForRecipient(deps, done.author);
  const text = t('letters.receiptRead', { child: done.letter.childName, when: when(done.letter), keeper: done.keeperName });
  await queueMessages(deps.db, [{ idempotencyKey: `letter:${done.letter.id}:read:user-${done.author.userId}`, recipientId: done.author.userId, message: { kind: 'text', text } }], now);
}

/** A held letter: the school's admins hear why, the author that the letter is delayed. */
async function queueHeld(deps: Deps, held: LetterHeld, now: Date): Promise<void> {
  const letter = held.letter;
  const messages: QueuedMessage[] = held.admins.map((admin) => {
    const t = translatorForRecipient(deps, admin);
    const text = t('letters.heldToAdmin', { keeper: held.keeperName, author: authorLabel(t, letter), child: letter.childName, when: when(letter), reason: letter.holdReason ?? '' });
    return { idempotencyKey: `letter:${letter.id}:held:user-${admin.userId}`, recipientId: admin.userId, message: { kind: 'text', text } };
  });
  const t = translatorForRecipient(deps, held.author);
  messages.push({
    idempotencyKey: `letter:${letter.id}:held:user-${held.author.userId}`,
    recipientId: held.author.userId,
    message: { kind: 'text', text: t('letters.heldToAuthor', { child: letter.childName, when: when(letter) }) },
  });
  await queueMessages(deps.db, messages, now);
}

/**
 * The child's reply to each linked parent or guardian in their language: a heading (naming
 * the campaign, if the reply was written for one) with a "write back" button, then each
 * part, keyed per letter, parent and part so each parent receives each part once.
 */
async function queueReply(deps: Deps, reply: ReplyRecorded, now: Date): Promise<number> {
  const letter = reply.letter;
  const messages = reply.recipients.flatMap((recipient): QueuedMessage[] => {
    const t = translatorForRecipient(deps, recipient);
    const names = { child: letter.childName, keeper: reply.keeperName, title: letter.campaignTitle ?? '' };
    const heading = reply.kept
      ? t('letters.keptHeading', { ...names, when: when(letter).slice(0, 10) })
      : t(letter.campaignTitle ? 'letters.replyHeadingCampaign' : reply.answering ? 'letters.replyHeading' : 'letters.firstLetterHeading', names);
    const key = (part: string) => `letter:${letter.id}:user-${recipient.userId}:${part}`;
    return [
      { idempotencyKey: key('heading'), recipientId: recipient.userId, message: { kind: 'text', text: heading } },
      ...letter.parts.map((part, index) => ({ idempotencyKey: key(`part-${index + 1}`), recipientId: recipient.userId, message: partMessage(part) })),
      {
        idempotencyKey: key('write-back'),
        recipientId: recipient.userId,
        message: { kind: 'text', text: t('letters.replyFooter', { child: letter.childName }), buttons: [[{ text: t('letters.writeTo', { child: letter.childName }), data: pack({ name: 'letter.write', childId: letter.childId }) }]] },
      },
    ];
  });
  return queueMessages(deps.db, messages, now);
}

/**
 * Tells the keepers and class teachers of a new children's campaign, once: the keepers with
 * a button to record a child's letter, the class teachers to send the children to them.
 */
function campaignStaffMessages(deps: Deps, started: CampaignStarted): QueuedMessage[] {
  const { campaign } = started;
  return started.staff.map(({ recipient, keeper }) => {
    const t = translatorForRecipient(deps, recipient);
    const names = { title: campaign.title, where: campaign.className ?? t('campaigns.wholeSchool'), closes: wallClock(campaign.closesAt, campaign.timezone).slice(0, 10), count: started.children };
    const buttons = keeper ? [[{ text: t('letters.recordChildLetter'), data: pack({ name: 'letter.recordChild' }) }]] : undefined;
    const text = t(keeper ? 'campaigns.announceKeeper' : 'campaigns.announceClassTeacher', names);
    return { idempotencyKey: `campaign:${campaign.id}:user-${recipient.userId}`, recipientId: recipient.userId, message: { kind: 'text', text, ...(buttons ? { buttons } : {}) } };
  });
}

/** Tells each family of a new families' campaign, once, with a button per child of theirs in it; a children's campaign goes to the staff who help. */
async function queueCampaign(deps: Deps, started: CampaignStarted, now: Date): Promise<number> {
  const { campaign } = started;
  if (campaign.audience === 'CHILDREN') return queueMessages(deps.db, campaignStaffMessages(deps, started), now);
  const messages: QueuedMessage[] = started.families.map(({ recipient, children }) => {
    const t = translatorForRecipient(deps, recipient);
    const text = t('campaigns.announce', {
      title: campaign.title,
      children: children.map((child) => child.name).join(t('letters.nameSeparator')),
      closes: wallClock(campaign.closesAt, campaign.timezone).slice(0, 10),
    });
    const buttons = children.map((child) => [{ text: t('letters.writeTo', { child: child.name }), data: pack({ name: 'letter.write', childId: child.id }) }]);
    return { idempotencyKey: `campaign:${campaign.id}:user-${recipient.userId}`, recipientId: recipient.userId, message: { kind: 'text', text, buttons } };
  });
  return queueMessages(deps.db, messages, now);
}

/**
 * A letterbox summary to each keeper (or admin) under `<key>:user-<id>`: how many letters,
 * for whom, and a button to open the letterbox. `kind` says whether they are new or still waiting.
 */
export async function queueLetterboxDigest(deps: Deps, digest: LetterboxDigest, kind: 'arrived' | 'waiting', key: string, now: Date): Promise<number> {
  const messages = digest.holders.map((holder: NoteRecipient): QueuedMessage => {
    const t = translatorForRecipient(deps, holder);
    const children = digest.children.map((child) => t('letters.digestChild', { child: child.childName, count: child.count })).join(t('letters.nameSeparator'));
    const text = t(kind === 'arrived' ? 'letters.arrived' : 'letters.stillWaiting', { count: digest.total, children });
    return { idempotencyKey: `${key}:user-${holder.userId}`, recipientId: holder.userId, message: { kind: 'text', text, buttons: [[{ text: t('letters.openInbox'), data: pack({ name: 'letter.inbox' }) }]] } };
  });
  return queueMessages(deps.db, messages, now);
}

/** Letter messages to other people than the one acting, each in the reader's language, through the outbox. */
export function createLetterNotifications(deps: Deps) {
  return {
    /** The author's receipt when their letter was read with the child. */
    read: (done: LetterHandled, now: Date) => queueReadReceipt(deps, done, now),
    /** A held letter: the admins are told why, the author that it is delayed. */
    held: (held: LetterHeld, now: Date) => queueHeld(deps, held, now),
    /** The child's reply to every linked parent and guardian. */
    reply: (reply: ReplyRecorded, now: Date) => queueReply(deps, reply, now),
    /** The children's letters kept until a family member joined, to the family now linked. */
    kept: async (kept: readonly ReplyRecorded[], now: Date) => {
      let queued = 0;
      for (const letter of kept) queued += await queueReply(deps, letter, now);
      return queued;
    },
    /** A new campaign to the families of its children, or a children's campaign to the keepers and class teachers. */
    campaign: (started: CampaignStarted, now: Date) => queueCampaign(deps, started, now),
  };
}
