import type { Db } from '../db/client.js';
import type { Relation } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild } from './access.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { NoteRecipient } from './weekly-notes.js';

/** What someone sends: a text or a voice note (by the channel's file id). */
export interface MessageContent {
  text?: string;
  voiceFileId?: string;
}

/** A family message, with what the other side needs to be told who it is from. */
export interface FamilyMessageView {
  id: number;
  childId: number;
  childName: string;
  fromName: string;
  relation: Relation | null;
  content: MessageContent;
  recipients: NoteRecipient[];
}

const MAX_TEXT = 2000;

function checkedContent(content: MessageContent): MessageContent {
  const text = content.text?.trim();
  if (!text && !content.voiceFileId) throw new DomainError('invalid:required');
  if (text && text.length > MAX_TEXT) throw new DomainError('invalid:tooLong');
  return { text: text || undefined, voiceFileId: content.voiceFileId };
}

/** Messages between a child's family and the class teacher: answers to weekly notes and replies. */
export function createFamilyMessages(db: Db, clock: Clock) {
  return {
    /** A parent or guardian writes to the class teachers about their own linked child. */
    async fromFamily(actor: Actor, childId: number, content: MessageContent): Promise<FamilyMessageView> {
      const link = Number.isSafeInteger(childId)
        ? await db.guardianLink.findUnique({
            where: { userId_childId: { userId: actor.userId, childId } },
            include: { user: { select: { displayName: true } }, child: { select: { name: true, classId: true } } },
          })
        : null;
      if (!link) throw new DomainError('forbidden');
      const checked = checkedContent(content);
      const message = await db.familyMessage.create({
        data: { childId, fromUserId: actor.userId, text: checked.text ?? null, voiceFileId: checked.voiceFileId ?? null, createdAt: clock() },
      });
      const teachers = link.child.classId === null
        ? []
        : await db.membership.findMany({
            where: { classId: link.child.classId, role: 'TEACHER', classTeacher: true },
            select: { user: { select: { id: true, locale: true, languageCode: true } } },
          });
      return {
        id: message.id,
        childId,
        childName: link.child.name,
        fromName: link.user.displayName,
        relation: link.relation,
        content: checked,
        recipients: teachers.map((row) => ({ userId: row.user.id, locale: row.user.locale, languageCode: row.user.languageCode })),
      };
    },

    /** Who a reply would go to: only a teacher of the child may reply to a family's message. */
    async replyTarget(actor: Actor, messageId: number): Promise<{ messageId: number; parentName: string }> {
      const original = Number.isSafeInteger(messageId)
        ? await db.familyMessage.findUnique({ where: { id: messageId }, include: { from: { select: { displayName: true } } } })
        : null;
      if (!original) throw new DomainError('forbidden');
      await authorizeChild(db, actor, original.childId, 'edit');
      return { messageId: original.id, parentName: original.from.displayName };
    },

    /** A teacher of the child replies to a family member's message; the reply goes to that person only. */
    async replyFromTeacher(actor: Actor, messageId: number, content: MessageContent): Promise<FamilyMessageView> {
      const original = Number.isSafeInteger(messageId)
        ? await db.familyMessage.findUnique({ where: { id: messageId }, include: { from: { select: { id: true, locale: true, languageCode: true } } } })
        : null;
      if (!original) throw new DomainError('forbidden');
      const child = await authorizeChild(db, actor, original.childId, 'edit');
      const checked = checkedContent(content);
      const teacher = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } });
      const reply = await db.familyMessage.create({
        data: { childId: child.id, fromUserId: actor.userId, toUserId: original.fromUserId, text: checked.text ?? null, voiceFileId: checked.voiceFileId ?? null, createdAt: clock() },
      });
      return {
        id: reply.id,
        childId: child.id,
        childName: child.name,
        fromName: teacher.displayName,
        relation: null,
        content: checked,
        recipients: [{ userId: original.from.id, locale: original.from.locale, languageCode: original.from.languageCode }],
      };
    },
  };
}

export type FamilyMessages = ReturnType<typeof createFamilyMessages>;
