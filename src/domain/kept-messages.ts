import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import { createFamilyMessages, teachersToTell, type FamilyMessageView, type MessageContent } from './family-messages.js';
import { createLetters, type LetterPartInput, type LetterView } from './letters.js';
import type { NoteRecipient } from './weekly-notes.js';

/** What a family member may send outside a flow, kept until they tap where it goes. */
export type KeptKind = 'text' | 'voice' | 'photo' | 'video' | 'video_note';

/** One message as it came: its kind, its text or caption, its file by the channel's id. */
export interface KeptInput {
  kind: KeptKind;
  text?: string;
  fileId?: string;
}

/**
 * Where a kept message can go for one linked child: to the child as a letter (not for a
 * guardian who lives with the child) and to the teacher who would read it (null when the
 * school has nobody to read it).
 */
export interface KeptTarget {
  childId: number;
  childName: string;
  toChild: boolean;
  teacher: { name: string } | null;
}

/** The messages waiting for a tap (kinds, oldest first) and where they can go. */
export interface KeptWaiting {
  kinds: KeptKind[];
  targets: KeptTarget[];
}

/** A family member whose kept messages waited a day without a tap, told once. */
export interface KeptReminder extends KeptWaiting {
  recipient: NoteRecipient;
  /** The newest waiting message: the reminder is keyed by it, so it is sent once per batch. */
  newestId: number;
}

const HOUR_MS = 3600_000;
/** A batch nobody tapped for is recalled once, this long after its last message. */
export const KEPT_REMINDER_HOURS = 24;
/** Batches older than this are not recalled any more (after a long stop of the bot, say). */
const REMINDER_WINDOW_DAYS = 7;
/** Kept messages, sent on or not, are deleted after this many days: what went on lives in the letter or message. */
export const KEPT_DAYS = 30;
/** Longest text kept: a Telegram message. */
const MAX_TEXT = 4096;

/** The linked children of a family member with open files, and where their messages can go. */
async function targetsOf(db: Db, userId: number): Promise<KeptTarget[]> {
  const links = await db.guardianLink.findMany({
    where: { userId, child: { archivedAt: null } },
    select: { role: true, child: { select: { id: true, name: true } } },
    orderBy: { childId: 'asc' },
  });
  const targets: KeptTarget[] = [];
  for (const link of links) {
    const [teacher] = await teachersToTell(db, link.child.id);
    targets.push({ childId: link.child.id, childName: link.child.name, toChild: link.role === 'PARENT', teacher: teacher ? { name: teacher.name } : null });
  }
  return targets;
}

function partOf(message: { kind: string; text: string | null; fileId: string | null }): LetterPartInput {
  const text = message.text ?? undefined;
  if (message.kind === 'text' || !message.fileId) return { kind: 'text', text };
  return { kind: message.kind as KeptKind, fileId: message.fileId, ...(text ? { text } : {}) };
}

function contentOf(message: { kind: string; text: string | null; fileId: string | null }): MessageContent {
  const text = message.text ?? undefined;
  if (message.kind === 'voice' && message.fileId) return { voiceFileId: message.fileId, text };
  if ((message.kind === 'photo' || message.kind === 'video' || message.kind === 'video_note') && message.fileId) return { media: { kind: message.kind, fileId: message.fileId }, text };
  return { text };
}

/**
 * Nothing a family says is lost: a parent's or guardian's text, voice note, photo or video
 * sent outside any flow is kept here until one tap sends it (with the others sent in a row)
 * to their child as a letter or to the teacher, so nothing has to be recorded again.
 */
export function createKeptMessages(db: Db, clock: Clock) {
  const letters = createLetters(db, clock);
  const familyMessages = createFamilyMessages(db, clock);

  async function waitingOf(userId: number) {
    return db.keptMessage.findMany({ where: { userId, usedAt: null }, orderBy: { id: 'asc' } });
  }

  /**
   * Marks the waiting messages as used, runs `send` with them, and puts them back to
   * waiting if it is refused, so a refusal loses nothing. Null when nothing was waiting
   * (an older prompt's button after the messages went on).
   */
  async function useWaiting<T>(actor: Actor, send: (messages: Awaited<ReturnType<typeof waitingOf>>) => Promise<T>): Promise<T | null> {
    const waiting = await db.$transaction(async (tx) => {
      const rows = await tx.keptMessage.findMany({ where: { userId: actor.userId, usedAt: null }, orderBy: { id: 'asc' } });
      await tx.keptMessage.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { usedAt: clock() } });
      return rows;
    });
    if (waiting.length === 0) return null;
    const ids = waiting.map((message) => message.id);
    try {
      return await send(waiting);
    } catch (error) {
      await db.keptMessage.updateMany({ where: { id: { in: ids } }, data: { usedAt: null } });
      throw error;
    }
  }

  return {
    /** Where a family member's messages can go, per linked child: empty for anyone who follows no child. */
    targets: (actor: Actor): Promise<KeptTarget[]> => targetsOf(db, actor.userId),

    /**
     * Keeps a message sent outside any flow and returns all that wait with it and where they
     * can go; null (nothing kept) for someone who follows no child, or for an empty message.
     */
    async keep(actor: Actor, input: KeptInput): Promise<KeptWaiting | null> {
      const targets = await targetsOf(db, actor.userId);
      const text = input.text?.trim().slice(0, MAX_TEXT) || null;
      if (targets.length === 0 || (input.kind === 'text' ? !text : !input.fileId)) return null;
      await db.keptMessage.create({ data: { userId: actor.userId, kind: input.kind, text, fileId: input.kind === 'text' ? null : input.fileId!, createdAt: clock() } });
      const waiting = await waitingOf(actor.userId);
      return { kinds: waiting.map((message) => message.kind as KeptKind), targets };
    },

    /** The waiting messages, together, as one letter to the actor's linked child; null when nothing waits. */
    sendToChild: (actor: Actor, childId: number): Promise<LetterView | null> => useWaiting(actor, (waiting) => letters.send(actor, childId, waiting.map(partOf))),

    /**
     * The waiting messages, each as a message to the child's teacher (the one whose message
     * is answered, if `answering`), in the order they came; null when nothing waits.
     */
    sendToTeacher: (actor: Actor, childId: number, answering: number | null = null): Promise<FamilyMessageView[] | null> =>
      useWaiting(actor, async (waiting) => {
        const sent: FamilyMessageView[] = [];
        for (const message of waiting) sent.push(await familyMessages.fromFamily(actor, childId, contentOf(message), answering));
        return sent;
      }),

    /**
     * Family members whose newest waiting message is more than `KEPT_REMINDER_HOURS` old (and
     * under a week): each is reminded once per batch, keyed by that newest message.
     */
    async remindersDue(now: Date): Promise<KeptReminder[]> {
      const latest = await db.keptMessage.groupBy({ by: ['userId'], where: { usedAt: null }, _max: { id: true, createdAt: true } });
      const due = latest.filter((row) => {
        const at = row._max.createdAt?.getTime() ?? now.getTime();
        return at <= now.getTime() - KEPT_REMINDER_HOURS * HOUR_MS && at > now.getTime() - REMINDER_WINDOW_DAYS * 24 * HOUR_MS;
      });
      const reminders: KeptReminder[] = [];
      for (const row of due) {
        const user = await db.user.findUniqueOrThrow({ where: { id: row.userId }, select: { id: true, locale: true, languageCode: true, erasedAt: true } });
        const targets = await targetsOf(db, row.userId);
        if (user.erasedAt || targets.length === 0) continue;
        const waiting = await waitingOf(row.userId);
        reminders.push({ recipient: { userId: user.id, locale: user.locale, languageCode: user.languageCode }, newestId: row._max.id!, kinds: waiting.map((m) => m.kind as KeptKind), targets });
      }
      return reminders;
    },
  };
}

/** Deletes kept messages older than `days` days, sent on or not; returns how many. Run by the retention job. */
export async function deleteOldKeptMessages(db: Db, now: Date, days: number = KEPT_DAYS): Promise<number> {
  const { count } = await db.keptMessage.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - days * 24 * HOUR_MS) } } });
  return count;
}

export type KeptMessages = ReturnType<typeof createKeptMessages>;
