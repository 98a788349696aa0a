import type { Db } from '../db/client.js';
import type { Relation } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, childActions, loadScope } from './access.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { NoteRecipient } from './weekly-notes.js';

/** A photo, video or video note in a message, by the channel's file id. */
export interface MessageMedia {
  kind: 'photo' | 'video' | 'video_note';
  fileId: string;
}

/** What someone sends: a text, a voice note, or a photo or video (a caption is its text). */
export interface MessageContent {
  text?: string;
  voiceFileId?: string;
  media?: MessageMedia;
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
  /** Who reads it first, as the sender is told ("sent to 王老师"); null when nobody can. */
  toName: string | null;
}

/** A teacher a family's message goes to, with the name the family's button shows. */
export interface TeacherRecipient extends NoteRecipient {
  name: string;
}

/** A teacher's message the family is answering: whose it is and about which child. */
export interface AnswerTarget {
  messageId: number;
  childId: number;
  childName: string;
  teacherName: string;
}

const MAX_TEXT = 2000;
const MEDIA_KINDS: readonly string[] = ['photo', 'video', 'video_note'];

function checkedContent(content: MessageContent): MessageContent {
  const text = content.text?.trim();
  const media = content.media && MEDIA_KINDS.includes(content.media.kind) && content.media.fileId ? content.media : undefined;
  if (!text && !content.voiceFileId && !media) throw new DomainError('invalid:required');
  if (text && text.length > MAX_TEXT) throw new DomainError('invalid:tooLong');
  return { text: text || undefined, voiceFileId: content.voiceFileId, media };
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

const PERSON = { select: { id: true, displayName: true, locale: true, languageCode: true } } as const;
type Person = { id: number; displayName: string; locale: string | null; languageCode: string | null };
const asRecipient = (user: Person): TeacherRecipient => ({ userId: user.id, name: user.displayName, locale: user.locale, languageCode: user.languageCode });

/** Whether a staff member may still act on the child (a teacher who left or was unpaired may not). */
async function stillActsOn(db: Db, userId: number, child: { id: number; schoolId: number; classId: number | null; parentsAway: string }): Promise<boolean> {
  return childActions(await loadScope(db, { userId }), child).has('edit');
}

/**
 * Who hears from a child's family: the teacher whose message they answer (while that
 * teacher still acts on the child), else the paired teacher, else the class teachers, else
 * the school's admins. Exported so the family's buttons can name that teacher beforehand.
 */
export async function teachersToTell(db: Db, childId: number, answeringTeacherId: number | null = null): Promise<TeacherRecipient[]> {
  const child = await db.child.findUniqueOrThrow({ where: { id: childId }, select: { id: true, schoolId: true, classId: true, parentsAway: true } });
  if (answeringTeacherId !== null && (await stillActsOn(db, answeringTeacherId, child))) {
    return [asRecipient(await db.user.findUniqueOrThrow({ where: { id: answeringTeacherId }, ...PERSON }))];
  }
  const pairing = await db.pairing.findUnique({ where: { childId }, select: { teacher: PERSON } });
  if (pairing && (await stillActsOn(db, pairing.teacher.id, child))) return [asRecipient(pairing.teacher)];
  if (child.classId !== null) {
    const classTeachers = await db.membership.findMany({ where: { classId: child.classId, role: 'TEACHER', classTeacher: true }, select: { user: PERSON }, orderBy: { id: 'asc' } });
    if (classTeachers.length > 0) return classTeachers.map((row) => asRecipient(row.user));
  }
  const admins = await db.membership.findMany({ where: { schoolId: child.schoolId, role: 'ADMIN' }, select: { user: PERSON }, orderBy: { id: 'asc' } });
  return admins.map((row) => asRecipient(row.user));
}

/** Messages between a child's family and the child's teachers: answers to weekly notes and teachers' messages, replies. */
export function createFamilyMessages(db: Db, clock: Clock) {
  /** A teacher's message to the actor that the actor may answer; anything else is refused like a forbidden one. */
  async function answerable(actor: Actor, messageId: number) {
    const message = Number.isSafeInteger(messageId)
      ? await db.familyMessage.findUnique({ where: { id: messageId }, include: { from: { select: { displayName: true } }, child: { select: { name: true } } } })
      : null;
    if (!message || message.toUserId !== actor.userId) throw new DomainError('forbidden');
    const link = await db.guardianLink.findUnique({ where: { userId_childId: { userId: actor.userId, childId: message.childId } } });
    if (!link) throw new DomainError('forbidden');
    return message;
  }

  return {
    /**
     * A parent or guardian writes to their own linked child's teachers: to the teacher whose
     * message they answer (`answering`, a message sent to them), else as `teachersToTell` says.
     */
    async fromFamily(actor: Actor, childId: number, content: MessageContent, answering: number | null = null): Promise<FamilyMessageView> {
      const link = Number.isSafeInteger(childId)
        ? await db.guardianLink.findUnique({
            where: { userId_childId: { userId: actor.userId, childId } },
            include: { user: { select: { displayName: true } }, child: { select: { name: true } } },
          })
        : null;
      if (!link) throw new DomainError('forbidden');
      const answered = answering === null ? null : await answerable(actor, answering);
      if (answered && answered.childId !== childId) throw new DomainError('forbidden');
      const checked = checkedContent(content);
      const message = await db.familyMessage.create({
        data: {
          childId,
          fromUserId: actor.userId,
          text: checked.text ?? null,
          voiceFileId: checked.voiceFileId ?? null,
          mediaKind: checked.media?.kind ?? null,
          mediaFileId: checked.media?.fileId ?? null,
          createdAt: clock(),
        },
      });
      const teachers = await teachersToTell(db, childId, answered?.fromUserId ?? null);
      return {
        id: message.id,
        childId,
        childName: link.child.name,
        fromName: link.user.displayName,
        relation: link.relation,
        content: checked,
        recipients: teachers.map(({ userId, locale, languageCode }) => ({ userId, locale, languageCode })),
        toName: teachers[0]?.name ?? null,
      };
    },

    /** A teacher's message the actor may answer, and who will read the answer (that teacher, or whoever stands in). */
    async answerTarget(actor: Actor, messageId: number): Promise<AnswerTarget> {
      const message = await answerable(actor, messageId);
      const [teacher] = await teachersToTell(db, message.childId, message.fromUserId);
      return { messageId: message.id, childId: message.childId, childName: message.child.name, teacherName: teacher?.name ?? message.from.displayName };
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
        ? await db.familyMessage.findUnique({ where: { id: messageId }, include: { from: { select: { id: true, displayName: true, locale: true, languageCode: true } } } })
        : null;
      if (!original || !(await isFromLinkedFamily(db, original))) throw new DomainError('forbidden');
      const child = await authorizeChild(db, actor, original.childId, 'edit');
      const checked = checkedContent(content);
      const teacher = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } });
      const reply = await db.familyMessage.create({
        data: {
          childId: child.id,
          fromUserId: actor.userId,
          toUserId: original.fromUserId,
          text: checked.text ?? null,
          voiceFileId: checked.voiceFileId ?? null,
          mediaKind: checked.media?.kind ?? null,
          mediaFileId: checked.media?.fileId ?? null,
          createdAt: clock(),
        },
      });
      return {
        id: reply.id,
        childId: child.id,
        childName: child.name,
        fromName: teacher.displayName,
        relation: null,
        content: checked,
        recipients: [{ userId: original.from.id, locale: original.from.locale, languageCode: original.from.languageCode }],
        toName: original.from.displayName,
      };
    },
  };
}

export type FamilyMessages = ReturnType<typeof createFamilyMessages>;
