import { sqliteOf, type Db } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { DomainError } from './errors.js';

/** Everything one may do with a child's file. */
export type ChildAction = 'read' | 'readContact' | 'edit' | 'archive' | 'pair' | 'inviteFamily';

const ALL: readonly ChildAction[] = ['read', 'readContact', 'edit', 'archive', 'pair', 'inviteFamily'];
const TEACHER: readonly ChildAction[] = ['read', 'readContact', 'edit', 'inviteFamily'];
const CLASS_TEACHER: readonly ChildAction[] = ALL;
const KEEPER: readonly ChildAction[] = ['read', 'readContact'];
const FAMILY: readonly ChildAction[] = ['read', 'readContact'];

/** The roles one person holds, loaded once per check. */
export interface Scope {
  adminOf: Set<number>;
  keeperOf: Set<number>;
  /** Classes the person teaches, and which of them they are the class teacher of. */
  teaches: Map<number, { schoolId: number; classTeacher: boolean }>;
  /** Schools where the person is a teacher (with or without a class). */
  teacherOf: Set<number>;
  /** Children paired with the person at a school where they still hold a teacher role. */
  pairedWith: Set<number>;
  linkedTo: Set<number>;
}

type MembershipRow = { role: string; schoolId: number; classId: number | null; classTeacher: number };

/**
 * Loads the actor's memberships, pairings (only where they still teach) and family links. Nearly every update asks, so
 * these are prepared statements on Prisma's connection rather than three Prisma queries.
 */
export async function loadScope(db: Db, actor: Actor): Promise<Scope> {
  const connection = sqliteOf(db);
  const memberships = await connection.all<MembershipRow>('SELECT "role", "schoolId", "classId", "classTeacher" FROM "Membership" WHERE "userId" = ?', actor.userId);
  // A pairing counts only while its teacher still teaches at the child's school: offboarding removes the role first.
  const pairings = await connection.all<{ childId: number }>(
    'SELECT "p"."childId" FROM "Pairing" "p" JOIN "Child" "c" ON "c"."id" = "p"."childId" WHERE "p"."teacherId" = ? AND EXISTS (SELECT 1 FROM "Membership" "m" WHERE "m"."userId" = "p"."teacherId" AND "m"."schoolId" = "c"."schoolId" AND "m"."role" = \'TEACHER\')',
    actor.userId,
  );
  const links = await connection.all<{ childId: number }>('SELECT "childId" FROM "GuardianLink" WHERE "userId" = ?', actor.userId);
  const scope: Scope = {
    adminOf: new Set(),
    keeperOf: new Set(),
    teaches: new Map(),
    teacherOf: new Set(),
    pairedWith: new Set(pairings.map((p) => p.childId)),
    linkedTo: new Set(links.map((l) => l.childId)),
  };
  for (const m of memberships) {
    if (m.role === 'ADMIN') scope.adminOf.add(m.schoolId);
    if (m.role === 'KEEPER') scope.keeperOf.add(m.schoolId);
    if (m.role === 'TEACHER') {
      scope.teacherOf.add(m.schoolId);
      if (m.classId !== null) scope.teaches.set(m.classId, { schoolId: m.schoolId, classTeacher: m.classTeacher === 1 });
    }
  }
  return scope;
}

interface ChildPlace {
  id: number;
  schoolId: number;
  classId: number | null;
  parentsAway: string;
}

/**
 * The one rule for children's data: admin → their school; teacher → children of their
 * classes and children paired with them (class teachers may also archive and pair);
 * keeper → the school's left-behind children; parent or guardian → linked children.
 */
export function childActions(scope: Scope, child: ChildPlace): Set<ChildAction> {
  const allowed = new Set<ChildAction>();
  const grant = (actions: readonly ChildAction[]) => actions.forEach((a) => allowed.add(a));
  if (scope.adminOf.has(child.schoolId)) grant(ALL);
  const teaching = child.classId === null ? undefined : scope.teaches.get(child.classId);
  if (teaching && teaching.schoolId === child.schoolId) grant(teaching.classTeacher ? CLASS_TEACHER : TEACHER);
  if (scope.pairedWith.has(child.id)) grant(TEACHER);
  if (scope.keeperOf.has(child.schoolId) && child.parentsAway !== 'NONE') grant(KEEPER);
  if (scope.linkedTo.has(child.id)) grant(FAMILY);
  return allowed;
}

/** A Prisma filter for the children the scope may read, for lists and searches. */
export function readableChildren(scope: Scope): Prisma.ChildWhereInput {
  const or: Prisma.ChildWhereInput[] = [
    { schoolId: { in: [...scope.adminOf] } },
    { classId: { in: [...scope.teaches.keys()] } },
    { id: { in: [...scope.pairedWith, ...scope.linkedTo] } },
    { schoolId: { in: [...scope.keeperOf] }, parentsAway: { not: 'NONE' } },
  ];
  return { OR: or };
}

/**
 * Checks one action on one child for the actor and returns the child. A refusal is
 * logged in the audit log and thrown as `forbidden`; a child that does not exist is
 * refused the same way, so ids cannot be probed.
 */
export async function authorizeChild(db: Db, actor: Actor, childId: number, action: ChildAction) {
  const child = Number.isSafeInteger(childId) ? await db.child.findUnique({ where: { id: childId } }) : null;
  if (child && childActions(await loadScope(db, actor), child).has(action)) return child;
  await recordAudit(db, actor, {
    action: 'access.refused',
    entity: 'Child',
    entityId: Number.isSafeInteger(childId) ? childId : undefined,
    details: { attempted: action },
  });
  throw new DomainError('forbidden');
}

/**
 * Whether the scope reaches the child only as family, not through any staff role: such a
 * reader sees only what was sent to the family, not the staff's working record.
 */
export function readsAsFamilyOnly(scope: Scope, child: ChildPlace): boolean {
  return scope.linkedTo.has(child.id) && !childActions({ ...scope, linkedTo: new Set() }, child).has('read');
}
