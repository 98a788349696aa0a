import type { Db } from '../db/client.js';
import type { Relation, Role } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, loadScope } from './access.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { hashInviteCode, newInviteCode, normalizeInviteCode } from './invite-codes.js';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Wrong codes one Telegram user may try in an hour before codes are refused for the rest of it. */
export const WRONG_CODES_PER_HOUR = 5;

/** What an invitation is for. */
export type InviteSpec =
  | { role: 'TEACHER'; schoolId: number; classId?: number; classTeacher?: boolean }
  | { role: 'KEEPER'; schoolId: number }
  | { role: 'FAMILY'; childId: number; relation: Relation };

/** An invitation just made: the code is shown once and never stored. */
export interface IssuedInvite {
  id: number;
  code: string;
  expiresAt: string;
  /** The school's time zone, to show the expiry as people there read a clock. */
  timezone: string;
}

/** What the person opening an invitation is shown before agreeing. */
export interface InvitePreview {
  role: Role;
  relation: Relation | null;
  schoolName: string;
  className: string | null;
  childName: string | null;
  inviterName: string | null;
  expiresAt: string;
}

/** An invitation in its issuer's list. */
export interface InviteListItem {
  id: number;
  role: Role;
  relation: Relation | null;
  className: string | null;
  childName: string | null;
  expiresAt: string;
  status: 'pending' | 'used' | 'revoked' | 'expired';
}

const inviteDetails = {
  school: { select: { name: true } },
  class: { select: { name: true } },
  child: { select: { name: true } },
  createdBy: { select: { displayName: true } },
} as const;

type InviteWithDetails = Awaited<ReturnType<Db['invite']['findUniqueOrThrow']>> & {
  school: { name: string };
  class: { name: string } | null;
  child: { name: string } | null;
  createdBy: { displayName: string } | null;
};

function previewOf(invite: InviteWithDetails): InvitePreview {
  return {
    role: invite.role,
    relation: invite.relation,
    schoolName: invite.school.name,
    className: invite.class?.name ?? null,
    childName: invite.child?.name ?? null,
    inviterName: invite.createdBy?.displayName ?? null,
    expiresAt: invite.expiresAt.toISOString(),
  };
}

function familyRole(relation: Relation): Role {
  return relation === 'MOTHER' || relation === 'FATHER' ? 'PARENT' : 'GUARDIAN';
}

/** Invitations: issued by admins (staff) and teachers (families), single use, expiring, hashed. */
export function createInvites(db: Db, clock: Clock, ttlDays: number) {
  async function issue(actor: Actor | null, data: { role: Role; schoolId: number; classId?: number | null; classTeacher?: boolean; childId?: number; relation?: Relation }): Promise<IssuedInvite> {
    const code = newInviteCode();
    const expiresAt = new Date(clock().getTime() + ttlDays * DAY_MS);
    const invite = await db.invite.create({
      data: { ...data, codeHash: hashInviteCode(code), createdById: actor?.userId ?? null, expiresAt, createdAt: clock() },
      include: { school: { select: { timezone: true } } },
    });
    await recordAudit(db, actor, { action: 'invite.created', entity: 'Invite', entityId: invite.id, details: { role: data.role } });
    return { id: invite.id, code, expiresAt: expiresAt.toISOString(), timezone: invite.school.timezone };
  }

  /** Finds a usable invitation by code, counting wrong codes against the person's hourly limit. */
  async function findUsable(actor: Actor, code: string) {
    const since = new Date(clock().getTime() - HOUR_MS);
    const failures = await db.inviteFailure.count({ where: { userId: actor.userId, createdAt: { gte: since } } });
    if (failures >= WRONG_CODES_PER_HOUR) throw new DomainError('rateLimited');
    const normalized = normalizeInviteCode(code);
    const invite = /^[2-9A-Z]{6,20}$/.test(normalized)
      ? await db.invite.findUnique({ where: { codeHash: hashInviteCode(normalized) }, include: inviteDetails })
      : null;
    const problem = !invite ? 'unknown' : invite.revokedAt ? 'revoked' : invite.usedAt ? 'used' : invite.expiresAt <= clock() ? 'expired' : null;
    if (problem || !invite) {
      await db.inviteFailure.create({ data: { userId: actor.userId, createdAt: clock() } });
      throw new DomainError(`invite:${problem ?? 'unknown'}`);
    }
    return invite;
  }

  return {
    /** The first admin's invitation, made by the operator's bootstrap command. */
    async issueAdminInvite(schoolId: number): Promise<IssuedInvite> {
      return issue(null, { role: 'ADMIN', schoolId });
    },

    /** Admins invite teachers and keepers; teachers invite a child's parents and guardians. */
    async issueInvite(actor: Actor, spec: InviteSpec): Promise<IssuedInvite> {
      if (spec.role === 'FAMILY') {
        const child = await authorizeChild(db, actor, spec.childId, 'inviteFamily');
        if (child.archivedAt) throw new DomainError('archived');
        return issue(actor, { role: familyRole(spec.relation), relation: spec.relation, schoolId: child.schoolId, childId: child.id });
      }
      if (!(await loadScope(db, actor)).adminOf.has(spec.schoolId)) throw new DomainError('forbidden');
      if (spec.role === 'KEEPER') return issue(actor, { role: 'KEEPER', schoolId: spec.schoolId });
      if (spec.classId !== undefined) {
        if (!Number.isSafeInteger(spec.classId)) throw new DomainError('forbidden');
        const target = await db.class.findUnique({ where: { id: spec.classId } });
        if (target?.schoolId !== spec.schoolId) throw new DomainError('forbidden');
      }
      return issue(actor, { role: 'TEACHER', schoolId: spec.schoolId, classId: spec.classId ?? null, classTeacher: spec.classTeacher ?? false });
    },

    /** Checks a code someone opened and says what joining would mean; wrong codes count. */
    async previewInvite(actor: Actor, code: string): Promise<InvitePreview> {
      return previewOf(await findUsable(actor, code));
    },

    /**
     * Uses the invitation once the person agreed: the role or the family link is made with
     * the time of consent. Two people racing for one code: only the first gets it.
     */
    async acceptInvite(actor: Actor, code: string): Promise<InvitePreview> {
      const invite = await findUsable(actor, code);
      const now = clock();
      await db.$transaction(async (tx) => {
        const claimed = await tx.invite.updateMany({
          where: { id: invite.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
          data: { usedAt: now, usedById: actor.userId },
        });
        if (claimed.count !== 1) throw new DomainError('invite:used');
        await tx.user.update({ where: { id: actor.userId }, data: { erasedAt: null } });
        if (invite.childId !== null && invite.relation !== null) {
          const existing = await tx.guardianLink.findUnique({ where: { userId_childId: { userId: actor.userId, childId: invite.childId } } });
          if (existing) throw new DomainError('invite:alreadyLinked');
          await tx.guardianLink.create({
            data: { userId: actor.userId, childId: invite.childId, role: invite.role, relation: invite.relation, consentedAt: now },
          });
        } else {
          const role = { userId: actor.userId, role: invite.role, schoolId: invite.schoolId, classId: invite.classId };
          const held = await tx.membership.findFirst({ where: role });
          if (held) await tx.membership.update({ where: { id: held.id }, data: { classTeacher: invite.classTeacher } });
          else await tx.membership.create({ data: { ...role, classTeacher: invite.classTeacher } });
        }
      });
      await recordAudit(db, actor, { action: 'invite.accepted', entity: 'Invite', entityId: invite.id, details: { role: invite.role } });
      return previewOf(invite);
    },

    /** Every invitation the actor issued in the last 30 days, newest first (the chat shows them a page at a time). */
    async invitesIssuedBy(actor: Actor): Promise<InviteListItem[]> {
      const now = clock();
      const rows = await db.invite.findMany({
        where: { createdById: actor.userId, createdAt: { gte: new Date(now.getTime() - 30 * DAY_MS) } },
        include: inviteDetails,
        orderBy: { id: 'desc' },
      });
      return rows.map((row) => ({
        id: row.id,
        role: row.role,
        relation: row.relation,
        className: row.class?.name ?? null,
        childName: row.child?.name ?? null,
        expiresAt: row.expiresAt.toISOString(),
        status: row.revokedAt ? 'revoked' : row.usedAt ? 'used' : row.expiresAt <= now ? 'expired' : 'pending',
      }));
    },

    /** Withdraws an unused invitation; only its issuer or an admin of its school may. */
    async revokeInvite(actor: Actor, inviteId: number): Promise<void> {
      const invite = Number.isSafeInteger(inviteId) ? await db.invite.findUnique({ where: { id: inviteId } }) : null;
      const scope = await loadScope(db, actor);
      if (!invite || (invite.createdById !== actor.userId && !scope.adminOf.has(invite.schoolId))) throw new DomainError('forbidden');
      if (invite.usedAt || invite.revokedAt) throw new DomainError('invite:notPending');
      await db.invite.update({ where: { id: inviteId }, data: { revokedAt: clock() } });
      await recordAudit(db, actor, { action: 'invite.revoked', entity: 'Invite', entityId: inviteId });
    },
  };
}

export type Invites = ReturnType<typeof createInvites>;
