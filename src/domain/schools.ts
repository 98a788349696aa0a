import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { recordAudit } from './audit.js';
import { DomainError } from './errors.js';
import { cleanName } from './names.js';

/** A class as menus show it. */
export interface ClassView {
  id: number;
  schoolId: number;
  name: string;
}

/** A member of staff as pickers show them. */
export interface StaffView {
  userId: number;
  displayName: string;
}

/** A class by an id from untrusted input; null for an id that cannot exist. */
function findClass(db: Db, classId: number) {
  return Number.isSafeInteger(classId) ? db.class.findUnique({ where: { id: classId } }) : Promise.resolve(null);
}

async function assertAdmin(db: Db, actor: Actor, schoolId: number): Promise<void> {
  if (!(await loadScope(db, actor)).adminOf.has(schoolId)) throw new DomainError('forbidden');
}

/** Schools, classes and staff roles. Only a school's admins change them. */
export function createSchools(db: Db) {
  return {
    /**
     * Creates a school for the operator's bootstrap command; a school of that name that
     * already exists is returned as it is, so running the command twice is harmless.
     */
    async createSchool(name: string, timezone: string): Promise<{ id: number; name: string; created: boolean }> {
      const existing = await db.school.findUnique({ where: { name } });
      if (existing) return { id: existing.id, name: existing.name, created: false };
      const school = await db.school.create({ data: { name, timezone } });
      await recordAudit(db, null, { action: 'school.created', entity: 'School', entityId: school.id });
      return { id: school.id, name: school.name, created: true };
    },

    /** The schools the actor administers. */
    async schoolsAdministeredBy(actor: Actor): Promise<{ id: number; name: string }[]> {
      const scope = await loadScope(db, actor);
      return db.school.findMany({ where: { id: { in: [...scope.adminOf] } }, select: { id: true, name: true }, orderBy: { id: 'asc' } });
    },

    /** How each school the actor administers sends its weekly notes. */
    async weeklyNoteSettings(actor: Actor): Promise<{ id: number; name: string; noteMode: 'AUTO' | 'REVIEW'; weekEndDay: number; weekEndMinute: number }[]> {
      const scope = await loadScope(db, actor);
      return db.school.findMany({
        where: { id: { in: [...scope.adminOf] } },
        select: { id: true, name: true, noteMode: true, weekEndDay: true, weekEndMinute: true },
        orderBy: { id: 'asc' },
      });
    },

    /** Chooses whether weekly notes go out by themselves or after the class teacher's review. */
    async setNoteMode(actor: Actor, schoolId: number, noteMode: 'AUTO' | 'REVIEW'): Promise<void> {
      if (!Number.isSafeInteger(schoolId)) throw new DomainError('forbidden');
      await assertAdmin(db, actor, schoolId);
      await db.school.update({ where: { id: schoolId }, data: { noteMode } });
      await recordAudit(db, actor, { action: 'school.updated', entity: 'School', entityId: schoolId, details: { noteMode } });
    },

    /** Adds a class to a school the actor administers; names are unique per school. */
    async createClass(actor: Actor, schoolId: number, name: string): Promise<ClassView> {
      await assertAdmin(db, actor, schoolId);
      const trimmed = cleanName(name) ?? '';
      if (trimmed === '' || trimmed.length > 30) throw new DomainError('className');
      if (await db.class.findUnique({ where: { schoolId_name: { schoolId, name: trimmed } } })) throw new DomainError('classExists');
      const created = await db.class.create({ data: { schoolId, name: trimmed } });
      await recordAudit(db, actor, { action: 'class.created', entity: 'Class', entityId: created.id });
      return { id: created.id, schoolId, name: created.name };
    },

    /** Classes the actor may work with: all of their schools' as admin, else the ones they teach. */
    async classesOf(actor: Actor): Promise<ClassView[]> {
      const scope = await loadScope(db, actor);
      return db.class.findMany({
        where: { OR: [{ schoolId: { in: [...scope.adminOf] } }, { id: { in: [...scope.teaches.keys()] } }] },
        select: { id: true, schoolId: true, name: true },
        orderBy: [{ schoolId: 'asc' }, { name: 'asc' }],
      });
    },

    /** One class with its teachers, for an admin or someone who teaches it. */
    async classDetails(actor: Actor, classId: number) {
      const found = await findClass(db, classId);
      const scope = await loadScope(db, actor);
      if (!found || !(scope.adminOf.has(found.schoolId) || scope.teaches.has(classId))) throw new DomainError('forbidden');
      const teachers = await db.membership.findMany({
        where: { classId, role: 'TEACHER' },
        include: { user: { select: { displayName: true } } },
        orderBy: { id: 'asc' },
      });
      const children = await db.child.count({ where: { classId, archivedAt: null } });
      return {
        id: found.id,
        schoolId: found.schoolId,
        name: found.name,
        children,
        teachers: teachers.map((t) => ({ userId: t.userId, displayName: t.user.displayName, classTeacher: t.classTeacher })),
      };
    },

    /** Everyone who teaches in the school, for pickers (assign to class, pair with a child). */
    async teachersOfSchool(actor: Actor, schoolId: number): Promise<StaffView[]> {
      const scope = await loadScope(db, actor);
      const isClassTeacherHere = [...scope.teaches.values()].some((t) => t.schoolId === schoolId && t.classTeacher);
      if (!scope.adminOf.has(schoolId) && !isClassTeacherHere) throw new DomainError('forbidden');
      const rows = await db.membership.findMany({
        where: { schoolId, role: 'TEACHER' },
        include: { user: { select: { id: true, displayName: true } } },
        orderBy: { userId: 'asc' },
      });
      const unique = new Map(rows.map((row) => [row.userId, { userId: row.userId, displayName: row.user.displayName }]));
      return [...unique.values()];
    },

    /** Makes a teacher of the school the class teacher or a subject teacher of a class. */
    async assignTeacher(actor: Actor, classId: number, teacherUserId: number, classTeacher: boolean): Promise<void> {
      const found = await findClass(db, classId);
      if (!found || !Number.isSafeInteger(teacherUserId)) throw new DomainError('forbidden');
      await assertAdmin(db, actor, found.schoolId);
      const isTeacher = await db.membership.findFirst({ where: { userId: teacherUserId, schoolId: found.schoolId, role: 'TEACHER' } });
      if (!isTeacher) throw new DomainError('notATeacher');
      const where = { userId_role_schoolId_classId: { userId: teacherUserId, role: 'TEACHER' as const, schoolId: found.schoolId, classId } };
      await db.membership.upsert({
        where,
        create: { userId: teacherUserId, role: 'TEACHER', schoolId: found.schoolId, classId, classTeacher },
        update: { classTeacher },
      });
      await recordAudit(db, actor, {
        action: 'membership.created',
        entity: 'Class',
        entityId: classId,
        details: { userId: teacherUserId, role: 'TEACHER', classTeacher },
      });
    },
  };
}

export type Schools = ReturnType<typeof createSchools>;
