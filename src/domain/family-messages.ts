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

/**
 * Whether a message came from the child's family and that person still follows the child:
 * a reply never goes to someone who unlinked or had their data deleted, nor to a teacher.
 */
async function isFromLinkedFamily(db: Db, message: { childId: number; fromUserId: number; toUserId: number | null }): Promise<boolean> {
  if (message.toUserId !== null) return false;
  const link = await db.guardianLink.findUnique({
    where: { userId_childId: { userId: message.fromUserId, childId: message.childId } },
    select: { user: { select: { erasedAt: true } } },
  });
  return link !== null && link.user.erasedAt === null;
}

/** Who hears from a child's family: the class teachers, else the paired teacher, else the school's admins. */
async function teachersToTell(db: Db, childId: number, classId: number | null): Promise<NoteRecipient[]> {
  const person = { select: { id: true, locale: true, languageCode: true } } as const;
  const asRecipient = (user: { id: number; locale: string | null; languageCode: string | null }) => ({ userId: user.id, locale: user.locale, languageCode: user.languageCode });
  if (classId !== null) {
    const classTeachers = await db.membership.findMany({ where: { classId, role: 'TEACHER', classTeacher: true }, select: { user: person } });
    if (classTeachers.length > 0) return classTeachers.map((row) => asRecipient(row.user));
  }
  const pairing = await db.pairing.findUnique({ where: { childId }, select: { teacher: person } });
  if (pairing) return [asRecipient(pairing.teacher)];
  const child = await db.child.findUniqueOrThrow({ where: { id: childId }, select: { schoolId: true } });
  const admins = await db.membership.findMany({ where: { schoolId: child.schoolId, role: 'ADMIN' }, select: { user: person } });
  return admins.map((row) => asRecipient(row.user));
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
      const teachers = await teachersToTell(db, childId, link.child.classId);
      return {
        id: message.id,
        childId,
        childName: link.child.name,
        fromName: link.user.displayName,
        relation: link.relation,
        content: checked,
        recipients: teachers,
      };
    },

    /** Who a reply would go to: only a teacher of the child may reply to a family's message. */
    async replyTarget(actor: Actor, messageId: number): Promise<{ messageId: number; parentName: string }> {
      const original = Number.isSafeInteger(messageId)
        ? await db.familyMessage.findUnique({ where: { id: messageId }, include: { from: { select: { displayName: true } } } })
        : null;
      if (!original || !(await isFromLinkedFamily(db, original))) throw new DomainError('forbidden');
      await authorizeChild(db, actor, original.childId, 'edit');
      return { messageId: original.id, parentName: original.from.displayName };
    },

    /** A teacher of the child replies to a family member's message; the reply goes to that person only. */
    async replyFromTeacher(actor: Actor, messageId: number, content: MessageContent): Promise<FamilyMessageView> {
      const original = Number.isSafeInteger(messageId)
        ? await db.familyMessage.findUnique({ where: { id: messageId }, include: { from: { select: { id: true, locale: true, languageCode: true } } } })
        : null;
      if (!original || !(await isFromLinkedFamily(db, original))) throw new DomainError('forbidden');
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
