import type { Db } from '../db/client.js';
import type { Relation } from '../db/generated/enums.js';
import { inAnyLanguage } from '../i18n/language-facts.js';
import { childActions, loadScope, type Scope } from './access.js';
import type { Actor } from './actor.js';
import type { ChannelAddress } from './channel-accounts.js';
import { recordAudit } from './audit.js';
import { DomainError } from './errors.js';
import type { MinuteOfDay } from './time-of-day.js';

/** A usual free time for a call, local minutes after midnight; `end` 0 means "until midnight". */
export interface FreeHours {
  start: MinuteOfDay;
  end: MinuteOfDay;
}

/** The free times a parent picks with one tap (a shift worker's lunch, after work, late evening). */
export const FREE_HOURS_CHOICES = {
  noon: { start: 12 * 60, end: 13 * 60 },
  evening: { start: 18 * 60, end: 19 * 60 },
  late: { start: 21 * 60, end: 0 },
} as const satisfies Record<string, FreeHours>;
export type FreeHoursChoice = keyof typeof FREE_HOURS_CHOICES;

/** Whether a value is one of the free-time choices (callback data is untrusted). */
export function isFreeHoursChoice(value: unknown): value is FreeHoursChoice {
  return typeof value === 'string' && Object.hasOwn(FREE_HOURS_CHOICES, value);
}

/** Each language's national mobile pattern with its country calling code (`phone` in `locales/meta/<code>.json`). */
const nationalMobiles = inAnyLanguage((language) => (language.phone ? [{ pattern: new RegExp(language.phone.nationalMobile), callingCode: language.phone.callingCode }] : []));

/**
 * A number as Telegram's contact button shares it ("8613800138000", "+86 138-0013-8000"), in
 * one international form ("+8613800138000"), so staff see it the same way every time; null
 * when it is not a phone number. A mobile number written the national way (13800138000,
 * 89161234567) gets its country's calling code, as the languages' phone rules say.
 */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s()-]{6,24}$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  const national = trimmed.startsWith('+') ? undefined : nationalMobiles.map(({ pattern, callingCode }) => ({ match: pattern.exec(digits), callingCode })).find(({ match }) => match);
  const international = national?.match ? `${national.callingCode}${national.match[1] ?? ''}` : digits;
  return /^[1-9]\d{6,14}$/.test(international) ? `+${international}` : null;
}

/** How a family member can be called, as staff asked to call them see it. */
export interface FamilyPhone {
  userId: number;
  name: string;
  relation: Relation | null;
  phone: string | null;
  free: FreeHours | null;
}

type PhoneRow = { id: number; displayName: string; phone: string | null; freeStart: number | null; freeEnd: number | null; erasedAt: Date | null };

const phoneSelect = { id: true, displayName: true, phone: true, freeStart: true, freeEnd: true, erasedAt: true } as const;

function phoneOf(user: PhoneRow, relation: Relation | null): FamilyPhone {
  const free = user.freeStart === null || user.freeEnd === null ? null : { start: user.freeStart, end: user.freeEnd };
  return { userId: user.id, name: user.displayName, relation, phone: user.erasedAt ? null : user.phone, free: user.erasedAt ? null : free };
}

/** The parents and guardians linked to a child, with their number and free time when they gave them. */
export async function childFamilyPhones(db: Db, childId: number): Promise<FamilyPhone[]> {
  const links = await db.guardianLink.findMany({ where: { childId }, select: { relation: true, user: { select: phoneSelect } }, orderBy: { id: 'asc' } });
  return links.map((link) => phoneOf(link.user, link.relation));
}

/** One family member's number and free time, for a message about them (a booked call, a check-in). */
export async function familyPhone(db: Db, userId: number, relation: Relation | null = null): Promise<FamilyPhone | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: phoneSelect });
  return user ? phoneOf(user, relation) : null;
}

/**
 * Logs that a family member's number was put before a staff member (in a queued message or a
 * chat reply), as the child's contact card is (`child.contact.read`): every display of a
 * parent's phone is in the audit log, with ids only.
 */
export async function recordFamilyPhonesShown(db: Db, readerId: number, shown: readonly FamilyPhone[], reason: string): Promise<void> {
  for (const person of shown) {
    if (!person.phone) continue;
    await recordAudit(db, { userId: readerId }, { action: 'family.phone.read', entity: 'User', entityId: person.userId, details: { reason } });
  }
}

function isStaffFor(scope: Scope, child: { id: number; schoolId: number; classId: number | null; parentsAway: string }): boolean {
  const staffOnly = { ...scope, linkedTo: new Set<number>() };
  return childActions(staffOnly, child).has('read');
}

/** Whom staff ask to call back, about which child, in the school's time zone. */
export interface CallBackTarget {
  parent: FamilyPhone & { locale: string | null; languageCode: string | null };
  childName: string;
  askedBy: string;
  askedById: number;
  timezone: string;
}

/** What a family member told the school about reaching them. */
export interface MyPhone {
  phone: string | null;
  free: FreeHours | null;
}

/**
 * A family member's number and usual free time, which they give themselves (only their own
 * number is taken), and staff's request to call back someone who gave none.
 */
export function createFamilyPhones(db: Db) {
  return {
    /** The actor's own number and free time. */
    async mine(actor: Actor): Promise<MyPhone> {
      const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: phoneSelect });
      const { phone, free } = phoneOf(user, null);
      return { phone, free };
    },

    /**
     * Stores the number the actor shared with the channel's contact button. Only their own card
     * counts: a contact whose account is someone else's (or nobody's) is refused.
     */
    async savePhone(actor: Actor, shared: { phoneNumber: string; owner?: ChannelAddress }): Promise<string> {
      const own = shared.owner && (await db.channelAccount.count({ where: { userId: actor.userId, channel: shared.owner.channel, externalId: shared.owner.externalId } }));
      if (!own) throw new DomainError('phone:notYours');
      const phone = normalizePhone(shared.phoneNumber);
      if (!phone) throw new DomainError('invalid:phone');
      await db.user.update({ where: { id: actor.userId }, data: { phone } });
      return phone;
    },

    /** Removes the actor's number: staff then see the "ask to call back" path again. */
    async forgetPhone(actor: Actor): Promise<void> {
      await db.user.update({ where: { id: actor.userId }, data: { phone: null } });
    },

    /** Sets the actor's usual free time to one of the choices, or clears it (null). */
    async setFreeHours(actor: Actor, choice: FreeHoursChoice | null): Promise<void> {
      if (choice !== null && !isFreeHoursChoice(choice)) throw new DomainError('forbidden');
      const hours = choice === null ? null : FREE_HOURS_CHOICES[choice];
      await db.user.update({ where: { id: actor.userId }, data: { freeStart: hours?.start ?? null, freeEnd: hours?.end ?? null } });
    },

    /**
     * Checks that the actor works with a child of this family member (staff who may read the
     * child's file) and says whom to ask to call back, about which child; refusals are audited.
     * Their number, if they gave one since, comes with it (and is logged as shown).
     */
    async callBackTarget(actor: Actor, parentId: number): Promise<CallBackTarget> {
      const links = Number.isSafeInteger(parentId)
        ? await db.guardianLink.findMany({ where: { userId: parentId }, select: { relation: true, child: { include: { school: { select: { timezone: true } } } }, user: { select: { ...phoneSelect, locale: true, languageCode: true, unreachableAt: true } } }, orderBy: { id: 'asc' } })
        : [];
      const scope = await loadScope(db, actor);
      const link = links.find((l) => !l.child.archivedAt && !l.user.erasedAt && isStaffFor(scope, l.child));
      if (!link) {
        await recordAudit(db, actor, { action: 'access.refused', entity: 'User', entityId: Number.isSafeInteger(parentId) ? parentId : undefined, details: { attempted: 'callBack' } });
        throw new DomainError('forbidden');
      }
      const me = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } });
      const parent = { ...phoneOf(link.user, link.relation), locale: link.user.locale, languageCode: link.user.languageCode };
      await recordFamilyPhonesShown(db, actor.userId, [parent], 'callBack');
      return { parent, childName: link.child.name, askedBy: me.displayName, askedById: actor.userId, timezone: link.child.school.timezone };
    },
  };
}

export type FamilyPhones = ReturnType<typeof createFamilyPhones>;
