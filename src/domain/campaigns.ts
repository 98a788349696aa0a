import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { childActions, loadScope, type Scope } from './access.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { NoteRecipient } from './weekly-notes.js';
import { instantOf, localTime } from './zoned-time.js';

/** A school an admin may start a campaign in, with its classes. */
export interface CampaignTarget {
  schoolId: number;
  schoolName: string;
  classes: { id: number; name: string }[];
}

/** Who writes in a campaign: the families to their children, or the children (through the keeper) to their distant parents. */
export type CampaignAudience = 'FAMILIES' | 'CHILDREN';

/** What starting a campaign asks for: who writes (the families when absent), the school, a class (null for the whole school), how many days it runs, its title. */
export interface CampaignRequest {
  audience?: CampaignAudience;
  schoolId: number;
  classId: number | null;
  days: number;
  title: string;
}

/** A campaign as it is shown: who writes, its title, where it runs and when it closes. */
export interface CampaignView {
  id: number;
  audience: CampaignAudience;
  title: string;
  className: string | null;
  closesAt: Date;
  timezone: string;
}

/**
 * A started campaign and whom to tell. A families' campaign: each parent or guardian once,
 * with their children in it. A children's campaign: the keepers and class teachers who help
 * the children write (`keeper` says who records the letters), and how many children it asks.
 */
export interface CampaignStarted {
  campaign: CampaignView;
  families: { recipient: NoteRecipient; children: { id: number; name: string }[] }[];
  staff: { recipient: NoteRecipient; keeper: boolean }[];
  children: number;
}

/** Who has written during an open campaign: per child the actor may read, written or not yet. */
export interface CampaignProgress {
  campaign: CampaignView;
  children: { childName: string; written: boolean }[];
}

const MAX_DAYS = 60;
const RECIPIENT = { id: true, locale: true, languageCode: true } as const;
const asRecipient = (user: { id: number; locale: string | null; languageCode: string | null }): NoteRecipient => ({ userId: user.id, locale: user.locale, languageCode: user.languageCode });

/** A campaign closes at the end of its last day, local time. */
const CLOSING_MINUTE = 23 * 60 + 59;

/** The children a campaign asks about: its class or school's open files; for a children's campaign only those whose parents are away. */
function campaignChildren(campaign: { schoolId: number; classId: number | null; audience: CampaignAudience }) {
  return {
    schoolId: campaign.schoolId,
    archivedAt: null,
    ...(campaign.classId === null ? {} : { classId: campaign.classId }),
    ...(campaign.audience === 'CHILDREN' ? { parentsAway: { not: 'NONE' as const } } : {}),
  };
}

/** The staff side of a scope that follows campaigns: admins, keepers and class teachers. */
function followers(scope: Scope): Scope {
  return {
    adminOf: scope.adminOf,
    keeperOf: scope.keeperOf,
    teaches: new Map([...scope.teaches].filter(([, teaching]) => teaching.classTeacher)),
    teacherOf: new Set(),
    pairedWith: new Set(),
    linkedTo: new Set(),
  };
}

/** Whether a campaign's audience is one this code knows; anything else (forged data) is refused. */
function isAudience(value: unknown): value is CampaignAudience {
  return value === 'FAMILIES' || value === 'CHILDREN';
}

/**
 * Letter campaigns: an admin invites the families of a class or the whole school to write
 * to their children, or asks the left-behind children to write "a letter to distant
 * parents" with the keeper's help, by a closing date. Letters written meanwhile are linked
 * to it, and admins, keepers and class teachers follow who has written.
 */
export function createCampaigns(db: Db, clock: Clock) {
  /** The keepers of the school and the class teachers of the class (or of every class), but the actor. */
  async function helpers(actor: Actor, schoolId: number, classId: number | null): Promise<CampaignStarted['staff']> {
    const rows = await db.membership.findMany({
      where: {
        schoolId,
        userId: { not: actor.userId },
        OR: [{ role: 'KEEPER' }, { role: 'TEACHER', classTeacher: true, ...(classId === null ? { classId: { not: null } } : { classId }) }],
      },
      select: { role: true, user: { select: RECIPIENT } },
      orderBy: { userId: 'asc' },
    });
    const staff = new Map<number, CampaignStarted['staff'][number]>();
    for (const row of rows) {
      const keeper = row.role === 'KEEPER' || (staff.get(row.user.id)?.keeper ?? false);
      staff.set(row.user.id, { recipient: asRecipient(row.user), keeper });
    }
    return [...staff.values()];
  }

  return {
    /** The schools (and their classes) the actor may start a campaign in: those they are admin of. */
    async targets(actor: Actor): Promise<CampaignTarget[]> {
      const scope = await loadScope(db, actor);
      const schools = await db.school.findMany({
        where: { id: { in: [...scope.adminOf] } },
        select: { id: true, name: true, classes: { select: { id: true, name: true }, orderBy: { name: 'asc' } } },
        orderBy: { id: 'asc' },
      });
      return schools.map((school) => ({ schoolId: school.id, schoolName: school.name, classes: school.classes }));
    },

    /** An admin starts a campaign for a class or the school; returns the families of its children to be told. */
    async start(actor: Actor, request: CampaignRequest): Promise<CampaignStarted> {
      const scope = await loadScope(db, actor);
      if (!Number.isSafeInteger(request.schoolId) || !scope.adminOf.has(request.schoolId)) {
        await recordAudit(db, actor, { action: 'access.refused', entity: 'School', entityId: Number.isSafeInteger(request.schoolId) ? request.schoolId : undefined, details: { attempted: 'campaign.start' } });
        throw new DomainError('forbidden');
      }
      const klass = request.classId === null ? null : await db.class.findFirst({ where: { id: request.classId, schoolId: request.schoolId } });
      if (request.classId !== null && !klass) throw new DomainError('forbidden');
      if (!Number.isInteger(request.days) || request.days < 1 || request.days > MAX_DAYS) throw new DomainError('invalid:range');
      const audience = request.audience ?? 'FAMILIES';
      if (!isAudience(audience)) throw new DomainError('invalid:range');
      const school = await db.school.findUniqueOrThrow({ where: { id: request.schoolId }, select: { timezone: true } });
      const now = clock();
      const today = localTime(now, school.timezone);
      const campaign = await db.letterCampaign.create({
        data: {
          schoolId: request.schoolId,
          classId: klass?.id ?? null,
          title: request.title.trim().slice(0, 100),
          closesAt: instantOf(today.year, today.month, today.day + request.days, CLOSING_MINUTE, school.timezone),
          audience,
          createdById: actor.userId,
          createdAt: now,
        },
      });
      const view: CampaignView = { id: campaign.id, audience, title: campaign.title, className: klass?.name ?? null, closesAt: campaign.closesAt, timezone: school.timezone };
      const where = campaignChildren({ schoolId: request.schoolId, classId: klass?.id ?? null, audience });
      if (audience === 'CHILDREN') {
        return { campaign: view, families: [], staff: await helpers(actor, request.schoolId, klass?.id ?? null), children: await db.child.count({ where }) };
      }
      const children = await db.child.findMany({
        where,
        select: { id: true, name: true, guardianLinks: { select: { user: { select: RECIPIENT } }, orderBy: { userId: 'asc' } } },
        orderBy: { id: 'asc' },
      });
      const families = new Map<number, CampaignStarted['families'][number]>();
      for (const child of children) {
        for (const { user } of child.guardianLinks) {
          const family = families.get(user.id) ?? { recipient: asRecipient(user), children: [] };
          family.children.push({ id: child.id, name: child.name });
          families.set(user.id, family);
        }
      }
      return { campaign: view, families: [...families.values()], staff: [], children: children.length };
    },

    /**
     * The open campaigns the actor follows (admin, keeper or class teacher), each with the
     * children they may read and whether a letter was written for each. Null when the actor
     * follows no campaign at all.
     */
    async progress(actor: Actor): Promise<CampaignProgress[] | null> {
      const scope = followers(await loadScope(db, actor));
      const schools = [...new Set([...scope.adminOf, ...scope.keeperOf, ...[...scope.teaches.values()].map((t) => t.schoolId)])];
      if (schools.length === 0) return null;
      const campaigns = await db.letterCampaign.findMany({
        where: { schoolId: { in: schools }, closesAt: { gt: clock() } },
        include: { school: { select: { timezone: true } } },
        orderBy: { createdAt: 'asc' },
      });
      const result: CampaignProgress[] = [];
      for (const campaign of campaigns) {
        const audience: CampaignAudience = campaign.audience === 'CHILDREN' ? 'CHILDREN' : 'FAMILIES';
        const [children, written, klass] = await Promise.all([
          db.child.findMany({
            where: campaignChildren({ schoolId: campaign.schoolId, classId: campaign.classId, audience }),
            select: { id: true, name: true, schoolId: true, classId: true, parentsAway: true },
            orderBy: { id: 'asc' },
          }),
          db.letter.findMany({ where: { campaignId: campaign.id, direction: audience === 'CHILDREN' ? 'TO_FAMILY' : 'TO_CHILD' }, select: { childId: true }, distinct: ['childId'] }),
          campaign.classId === null ? null : db.class.findUnique({ where: { id: campaign.classId }, select: { name: true } }),
        ]);
        const wrote = new Set(written.map((row) => row.childId));
        result.push({
          campaign: { id: campaign.id, audience, title: campaign.title, className: klass?.name ?? null, closesAt: campaign.closesAt, timezone: campaign.school.timezone },
          children: children.filter((child) => childActions(scope, child).has('read')).map((child) => ({ childName: child.name, written: wrote.has(child.id) })),
        });
      }
      return result;
    },
  };
}

export type Campaigns = ReturnType<typeof createCampaigns>;
