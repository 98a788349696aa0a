import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { recordAudit } from './audit.js';
import { DomainError } from './errors.js';

/** The staff roles an admin may take away; parents and guardians leave through /mydata. */
export const staffRoles = ['ADMIN', 'TEACHER', 'KEEPER'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A class someone teaches, and whether as its class teacher. */
export interface TaughtClass {
  name: string;
  classTeacher: boolean;
}

/** One person on a school's staff, with every staff role they hold there. */
export interface StaffMember {
  userId: number;
  displayName: string;
  roles: StaffRole[];
  classes: TaughtClass[];
}

/**
 * What removing one role would do, for the confirmation: the classes given up and the
 * children whose pairing ends (a teacher's), or why it may not be done here.
 */
export interface RemovalPreview {
  schoolId: number;
  userId: number;
  displayName: string;
  role: StaffRole;
  classes: TaughtClass[];
  pairedChildren: { id: number; name: string }[];
  /** `self`: an admin's own roles; `lastAdmin`: the school would have no admin left. */
  blocked: 'self' | 'lastAdmin' | null;
}

/** Narrows untrusted input (callback data) to a staff role. */
export function isStaffRole(value: unknown): value is StaffRole {
  return (staffRoles as readonly unknown[]).includes(value);
}

/** Offboarding: a school's admins list their staff and take a role away, ending a teacher's pairings. */
export function createStaff(db: Db) {
  async function assertAdmin(actor: Actor, schoolId: number): Promise<void> {
    if (!Number.isSafeInteger(schoolId) || !(await loadScope(db, actor)).adminOf.has(schoolId)) throw new DomainError('forbidden');
  }

  async function preview(actor: Actor, schoolId: number, userId: number, role: StaffRole): Promise<RemovalPreview> {
    await assertAdmin(actor, schoolId);
    if (!isStaffRole(role) || !Number.isSafeInteger(userId)) throw new DomainError('forbidden');
    const held = await db.membership.findMany({
      where: { schoolId, userId, role },
      include: { user: { select: { displayName: true } }, class: { select: { name: true } } },
      orderBy: { id: 'asc' },
    });
    if (held.length === 0) throw new DomainError('staff:notHeld');
    const pairings =
      role === 'TEACHER'
        ? await db.pairing.findMany({ where: { teacherId: userId, child: { schoolId } }, include: { child: { select: { id: true, name: true } } }, orderBy: { childId: 'asc' } })
        : [];
    const admins = role === 'ADMIN' ? await db.membership.count({ where: { schoolId, role: 'ADMIN' } }) : 0;
    return {
      schoolId,
      userId,
      displayName: held[0]!.user.displayName,
      role,
      classes: held.flatMap((m) => (m.class ? [{ name: m.class.name, classTeacher: m.classTeacher }] : [])),
      pairedChildren: pairings.map((p) => p.child),
      blocked: userId === actor.userId ? 'self' : role === 'ADMIN' && admins <= 1 ? 'lastAdmin' : null,
    };
  }

  async function staffOf(actor: Actor, schoolId: number): Promise<StaffMember[]> {
      await assertAdmin(actor, schoolId);
      const rows = await db.membership.findMany({
        where: { schoolId, role: { in: [...staffRoles] } },
        include: { user: { select: { displayName: true } }, class: { select: { name: true } } },
        orderBy: { id: 'asc' },
      });
      const people = new Map<number, StaffMember>();
      for (const row of rows) {
        const member = people.get(row.userId) ?? { userId: row.userId, displayName: row.user.displayName, roles: [], classes: [] };
        const role = row.role as StaffRole;
        if (!member.roles.includes(role)) member.roles.push(role);
        if (row.class) member.classes.push({ name: row.class.name, classTeacher: row.classTeacher });
        people.set(row.userId, member);
      }
      for (const member of people.values()) member.roles.sort((a, b) => staffRoles.indexOf(a) - staffRoles.indexOf(b));
      return [...people.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN') || a.userId - b.userId);
  }

  return {
    /** The staff of a school the actor administers, by name, each with their roles and classes. */
    staffOf,

    /** One person's staff roles at the school, for the admin's picker; refuses someone not on the staff. */
    async staffMember(actor: Actor, schoolId: number, userId: number): Promise<StaffMember> {
      const member = (await staffOf(actor, schoolId)).find((each) => each.userId === userId);
      if (!member) throw new DomainError('staff:notHeld');
      return member;
    },

    /** What removing the role would do, so the admin confirms knowing which classes and pairings end. */
    removalPreview: preview,

    /**
     * Takes one staff role away at the school: every membership of that role there and, for
     * a teacher, the pairings with the school's children. An admin may not remove their own
     * roles nor the last admin. Audited; the person's next button press is checked anew.
     */
    async removeRole(actor: Actor, schoolId: number, userId: number, role: StaffRole): Promise<RemovalPreview> {
      const plan = await preview(actor, schoolId, userId, role);
      if (plan.blocked) throw new DomainError(`staff:${plan.blocked}`);
      const childIds = plan.pairedChildren.map((child) => child.id);
      await db.$transaction(async (tx) => {
        await tx.membership.deleteMany({ where: { schoolId, userId, role } });
        if (role === 'TEACHER') await tx.pairing.deleteMany({ where: { teacherId: userId, child: { schoolId } } });
        // Two admins removing each other at once must not leave the school without one.
        if (role === 'ADMIN' && (await tx.membership.count({ where: { schoolId, role: 'ADMIN' } })) === 0) throw new DomainError('staff:lastAdmin');
      });
      await recordAudit(db, actor, { action: 'membership.removed', entity: 'User', entityId: userId, details: { schoolId, role } });
      for (const childId of childIds) await recordAudit(db, actor, { action: 'pairing.ended', entity: 'Child', entityId: childId, details: { teacherId: userId } });
      return plan;
    },
  };
}

export type Staff = ReturnType<typeof createStaff>;
