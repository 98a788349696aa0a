import type { Db } from '../db/client.js';
import type { Role } from '../db/generated/enums.js';
import { authorizeChild } from './access.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import { MAX_NOTE_LENGTH } from './contacts.js';
import { DomainError } from './errors.js';
import type { MessageContent } from './family-messages.js';
import type { NoteRecipient } from './weekly-notes.js';

/** Why the paired teacher writes to the family, as stored in `FamilyMessage.purpose`. */
export type NotePurpose = 'VISIT_NOTE' | 'TALK_NOTE' | 'SEMESTER_LETTER' | 'INTRODUCTION';

/** Longest semester letter: a letter, not a note, but still one Telegram message. */
export const MAX_LETTER_LENGTH = 2000;

/** A teacher's note to a child's family, one stored message per family member it goes to. */
export interface FamilyNote {
  purpose: NotePurpose;
  childId: number;
  childName: string;
  teacherName: string;
  content: MessageContent;
  deliveries: { messageId: number; recipient: NoteRecipient }[];
}

const PARENTS: readonly Role[] = ['PARENT'];
const FAMILY: readonly Role[] = ['PARENT', 'GUARDIAN'];

/** The linked family members of a child in these roles who still use the bot. */
async function familyOf(db: Db, childId: number, roles: readonly Role[]): Promise<NoteRecipient[]> {
  const links = await db.guardianLink.findMany({
    where: { childId, role: { in: [...roles] }, user: { erasedAt: null } },
    select: { user: { select: { id: true, locale: true, languageCode: true } } },
    orderBy: { userId: 'asc' },
  });
  return links.map(({ user }) => ({ userId: user.id, locale: user.locale, languageCode: user.languageCode }));
}

function checkedContent(content: MessageContent, max: number): MessageContent {
  const text = content.text?.trim();
  if (!text && !content.voiceFileId) throw new DomainError('invalid:required');
  if (text && text.length > max) throw new DomainError('invalid:tooLong');
  return { text: text || undefined, voiceFileId: content.voiceFileId };
}

/** Stores one message per recipient, from the teacher, with its purpose; the family may answer it. */
async function writeNote(
  db: Db,
  now: Date,
  note: Omit<FamilyNote, 'deliveries' | 'teacherName'> & { teacherId: number },
  recipients: NoteRecipient[],
): Promise<FamilyNote> {
  const teacher = await db.user.findUniqueOrThrow({ where: { id: note.teacherId }, select: { displayName: true } });
  const deliveries = [];
  for (const recipient of recipients) {
    const row = await db.familyMessage.create({
      data: {
        childId: note.childId,
        fromUserId: note.teacherId,
        toUserId: recipient.userId,
        text: note.content.text ?? null,
        voiceFileId: note.content.voiceFileId ?? null,
        purpose: note.purpose,
        createdAt: now,
      },
    });
    deliveries.push({ messageId: row.id, recipient });
  }
  return { purpose: note.purpose, childId: note.childId, childName: note.childName, teacherName: teacher.displayName, content: note.content, deliveries };
}

/**
 * Introduces a newly paired teacher to the child's parents and guardians, so the family
 * knows who will visit, call and write. Nothing when the teacher was already paired or
 * nobody of the family has joined. Called where a pairing is made.
 */
export async function introducePairedTeacher(db: Db, now: Date, child: { id: number; name: string }, teacherId: number): Promise<FamilyNote | null> {
  const recipients = await familyOf(db, child.id, FAMILY);
  if (recipients.length === 0) return null;
  return writeNote(db, now, { purpose: 'INTRODUCTION', childId: child.id, childName: child.name, teacherId, content: {} }, recipients);
}

/**
 * The paired teacher's side of the family: a short note to the parents after a home visit
 * or a talk with the child, and the semester letter of the "three ones", which is logged
 * as a contact so it counts for the duties.
 */
export function createFamilyNotes(db: Db, clock: Clock) {
  async function parentsOrRefuse(childId: number): Promise<NoteRecipient[]> {
    const parents = await familyOf(db, childId, PARENTS);
    if (parents.length === 0) throw new DomainError('familyNote:noParents');
    return parents;
  }

  /** A logged visit or talk the actor may still tell the parents about. */
  async function noteTarget(actor: Actor, contactId: number) {
    const contact = Number.isSafeInteger(contactId) ? await db.contactLog.findUnique({ where: { id: contactId } }) : null;
    if (!contact || (contact.kind !== 'VISIT' && contact.kind !== 'TALK')) throw new DomainError('forbidden');
    const child = await authorizeChild(db, actor, contact.childId, 'edit');
    if (contact.familyNoteAt) throw new DomainError('familyNote:sent');
    return { contact, child };
  }

  return {
    /** Checks, before the teacher writes, that a note about this visit or talk may still go to the parents; the child's name. */
    async noteFor(actor: Actor, contactId: number): Promise<{ contactId: number; childName: string }> {
      const { contact, child } = await noteTarget(actor, contactId);
      await parentsOrRefuse(child.id);
      return { contactId: contact.id, childName: child.name };
    },

    /** How many parents would receive a note or letter about the child: the chat offers them only when some have joined. */
    async parentsCount(actor: Actor, childId: number): Promise<number> {
      await authorizeChild(db, actor, childId, 'edit');
      return (await familyOf(db, childId, PARENTS)).length;
    },

    /**
     * A short note (text or voice) to the parents about a logged home visit or talk, once per
     * contact (refused `familyNote:sent` after that); marks the contact as told to the family.
     */
    async afterContact(actor: Actor, contactId: number, content: MessageContent): Promise<FamilyNote> {
      const { contact, child } = await noteTarget(actor, contactId);
      const checked = checkedContent(content, MAX_NOTE_LENGTH);
      const parents = await parentsOrRefuse(child.id);
      const now = clock();
      const claimed = await db.contactLog.updateMany({ where: { id: contact.id, familyNoteAt: null }, data: { familyNoteAt: now } });
      if (claimed.count === 0) throw new DomainError('familyNote:sent');
      const purpose = contact.kind === 'VISIT' ? 'VISIT_NOTE' : 'TALK_NOTE';
      return writeNote(db, now, { purpose, childId: child.id, childName: child.name, teacherId: actor.userId, content: checked }, parents);
    },

    /**
     * The semester letter to the parents, written in the bot (text or voice): it goes to each
     * linked parent and is logged as a LETTER contact today, which the duties count.
     */
    async semesterLetter(actor: Actor, childId: number, content: MessageContent): Promise<FamilyNote> {
      const child = await authorizeChild(db, actor, childId, 'edit');
      if (child.archivedAt) throw new DomainError('archived');
      const checked = checkedContent(content, MAX_LETTER_LENGTH);
      const parents = await parentsOrRefuse(child.id);
      const now = clock();
      await db.contactLog.create({
        data: { childId: child.id, teacherId: actor.userId, kind: 'LETTER', happenedAt: now, note: checked.text ?? null, voiceFileId: checked.voiceFileId ?? null, createdAt: now, familyNoteAt: now },
      });
      return writeNote(db, now, { purpose: 'SEMESTER_LETTER', childId: child.id, childName: child.name, teacherId: actor.userId, content: checked }, parents);
    },
  };
}

export type FamilyNotes = ReturnType<typeof createFamilyNotes>;
