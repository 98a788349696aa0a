import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import { authorizeChild, childActions, loadScope, readableChildren, type ChildAction } from './access.js';
import { recordAudit } from './audit.js';
import { childFieldSchemas, type ChildField, type NewChild } from './child-fields.js';
import { DomainError, isRefusalReason } from './errors.js';
import { introducePairedTeacher, type FamilyNote } from './family-notes.js';

/** A child's file as one person may see it: contact fields only with the right to read them. */
export interface ChildFileView {
  id: number;
  schoolId: number;
  name: string;
  birthday: string | null;
  className: string | null;
  parentsAway: string;
  workCity: string | null;
  boarding: boolean;
  notes: string | null;
  archived: boolean;
  pairedTeacher: string | null;
  /** The acting guardian; null when the viewer may not read contact data. */
  contact: { guardianName: string | null; guardianRelation: string | null; guardianPhone: string | null } | null;
  /** What the viewer may do with this file. */
  allowed: ChildAction[];
}

/** A line in a list of children. */
export interface ChildListItem {
  id: number;
  name: string;
  className: string | null;
}

/** How a field's value is kept in the edit history and shown: dates as YYYY-MM-DD. */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** Checks that the actor may add children to the class: its teachers and the school's admins. */
export async function assertCanAddToClass(db: Db, actor: Actor, classId: number): Promise<{ id: number; schoolId: number }> {
  const found = await db.class.findUnique({ where: { id: classId } });
  const scope = await loadScope(db, actor);
  if (!found || !(scope.adminOf.has(found.schoolId) || scope.teaches.get(classId)?.schoolId === found.schoolId)) {
    throw new DomainError('forbidden');
  }
  return found;
}

/** Children's files: adding, reading, editing with history, archiving, pairing. */
export function createChildren(db: Db, clock: Clock) {
  return {
    /** Adds a child's file to a class the actor teaches (or administers). */
    async addChild(actor: Actor, classId: number, fields: NewChild): Promise<{ id: number }> {
      const target = await assertCanAddToClass(db, actor, classId);
      const child = await db.child.create({ data: { ...fields, schoolId: target.schoolId, classId } });
      await recordAudit(db, actor, { action: 'child.created', entity: 'Child', entityId: child.id });
      return { id: child.id };
    },

    /** All the children the actor may see, by class and name, archived ones left out (the chat shows the first 50 and says how many more). */
    async listChildren(actor: Actor, search?: string): Promise<ChildListItem[]> {
      // No name is longer than 40 characters (child-fields.ts), and SQLite refuses a LIKE pattern over 50,000 bytes.
      if (search !== undefined && search.length > 40) return [];
      const scope = await loadScope(db, actor);
      const rows = await db.child.findMany({
        where: { AND: [readableChildren(scope), { archivedAt: null }, search ? { name: { contains: search } } : {}] },
        include: { class: { select: { name: true } } },
        orderBy: [{ classId: 'asc' }, { name: 'asc' }],
      });
      return rows.map((row) => ({ id: row.id, name: row.name, className: row.class?.name ?? null }));
    },

    /** The children whose families the actor may invite: teachers' and admins' children, not a parent's. */
    async childrenToInviteFamilyOf(actor: Actor): Promise<ChildListItem[]> {
      const scope = await loadScope(db, actor);
      const rows = await db.child.findMany({
        where: { AND: [readableChildren(scope), { archivedAt: null }] },
        include: { class: { select: { name: true } } },
        orderBy: [{ classId: 'asc' }, { name: 'asc' }],
      });
      return rows
        .filter((row) => childActions(scope, row).has('inviteFamily'))
        .slice(0, 50)
        .map((row) => ({ id: row.id, name: row.name, className: row.class?.name ?? null }));
    },

    /** Reads a child's file; reading the contact card is written to the audit log. */
    async childFile(actor: Actor, childId: number): Promise<ChildFileView> {
      await authorizeChild(db, actor, childId, 'read');
      const child = await db.child.findUniqueOrThrow({
        where: { id: childId },
        include: { class: { select: { name: true } }, pairing: { include: { teacher: { select: { displayName: true } } } } },
      });
      const allowed = [...childActions(await loadScope(db, actor), child)];
      const contact = allowed.includes('readContact')
        ? { guardianName: child.guardianName, guardianRelation: child.guardianRelation, guardianPhone: child.guardianPhone }
        : null;
      if (contact) await recordAudit(db, actor, { action: 'child.contact.read', entity: 'Child', entityId: childId });
      return {
        id: child.id,
        schoolId: child.schoolId,
        name: child.name,
        birthday: fieldText(child.birthday),
        className: child.class?.name ?? null,
        parentsAway: child.parentsAway,
        workCity: child.workCity,
        boarding: child.boarding,
        notes: child.notes,
        archived: child.archivedAt !== null,
        pairedTeacher: child.pairing?.teacher.displayName ?? null,
        contact,
        allowed: child.archivedAt ? allowed.filter((a) => a === 'read' || a === 'readContact') : allowed,
      };
    },

    /**
     * Changes one field from what the user typed, checked like the form checks it, and
     * keeps the change (who, when, old → new). Throws `invalid:<reason>` for a bad value.
     */
    async updateChildField(actor: Actor, childId: number, field: ChildField, input: string): Promise<void> {
      const child = await authorizeChild(db, actor, childId, 'edit');
      if (child.archivedAt) throw new DomainError('archived');
      const parsed = childFieldSchemas()[field].safeParse(input);
      if (!parsed.success) {
        const reason = `invalid:${parsed.error.issues[0]?.message ?? 'value'}`;
        throw new DomainError(isRefusalReason(reason) ? reason : 'invalid:value');
      }
      const oldValue = fieldText(child[field]);
      const newValue = fieldText(parsed.data);
      if (oldValue === newValue) return;
      await db.$transaction([
        db.child.update({ where: { id: childId }, data: { [field]: parsed.data } }),
        db.childChange.create({ data: { childId, actorId: actor.userId, field, oldValue, newValue } }),
      ]);
      await recordAudit(db, actor, { action: 'child.updated', entity: 'Child', entityId: childId, details: { field } });
    },

    /** The whole edit history of a child's file, newest first (the chat shows it a page at a time), for those who may edit it. */
    async childHistory(actor: Actor, childId: number) {
      await authorizeChild(db, actor, childId, 'edit');
      await recordAudit(db, actor, { action: 'child.contact.read', entity: 'Child', entityId: childId, details: { view: 'history' } });
      const rows = await db.childChange.findMany({
        where: { childId },
        include: { actor: { select: { displayName: true } } },
        orderBy: { id: 'desc' },
      });
      return rows.map((row) => ({
        at: row.createdAt.toISOString(),
        by: row.actor?.displayName ?? null,
        field: row.field,
        oldValue: row.oldValue,
        newValue: row.newValue,
      }));
    },

    /** Archives a child who left: the file stays readable but leaves lists and cannot be edited. */
    async archiveChild(actor: Actor, childId: number): Promise<void> {
      await authorizeChild(db, actor, childId, 'archive');
      await db.child.update({ where: { id: childId }, data: { archivedAt: clock() } });
      await recordAudit(db, actor, { action: 'child.archived', entity: 'Child', entityId: childId });
    },

    /**
     * Pairs a teacher of the child's school with the child as "surrogate parent"; a new paired
     * teacher is introduced to the family (returned to be queued), the same one again is not.
     */
    async pairTeacher(actor: Actor, childId: number, teacherUserId: number): Promise<FamilyNote | null> {
      const child = await authorizeChild(db, actor, childId, 'pair');
      if (!Number.isSafeInteger(teacherUserId)) throw new DomainError('notATeacher');
      const teaches = await db.membership.findFirst({ where: { userId: teacherUserId, schoolId: child.schoolId, role: 'TEACHER' } });
      if (!teaches) throw new DomainError('notATeacher');
      const before = await db.pairing.findUnique({ where: { childId }, select: { teacherId: true } });
      await db.pairing.upsert({ where: { childId }, create: { childId, teacherId: teacherUserId }, update: { teacherId: teacherUserId } });
      await recordAudit(db, actor, { action: 'child.paired', entity: 'Child', entityId: childId, details: { teacherId: teacherUserId } });
      return before?.teacherId === teacherUserId ? null : introducePairedTeacher(db, clock(), child, teacherUserId);
    },
  };
}

export type Children = ReturnType<typeof createChildren>;
