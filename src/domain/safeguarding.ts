import type { Db } from '../db/client.js';
import type { Relation } from '../db/generated/enums.js';
import { authorizeChild, childActions, loadScope, readableChildren, type Scope } from './access.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { childFamilyPhones, recordFamilyPhonesShown, type FamilyPhone } from './family-phones.js';

/** What an alert is about. */
export const ALERT_KINDS = ['MISSING', 'UNSUPERVISED', 'INJURED', 'HARM', 'OTHER'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The checklist of an alert, in order. */
export const ALERT_STEPS = ['guardian', 'parents', 'resolved'] as const;
export type AlertStep = (typeof ALERT_STEPS)[number];

/** Policy: the guardian is told within 30 minutes, the parents within an hour. */
export const STEP_DUE_MS: Record<'guardian' | 'parents', number> = { guardian: 30 * 60_000, parents: 60 * 60_000 };
/** An unacknowledged step is reminded this often once it is due. */
export const REMINDER_EVERY_MS = 15 * 60_000;
/** Longest note kept with an alert. */
export const MAX_ALERT_NOTE = 1000;

const STEP_FIELD = { guardian: 'guardianInformedAt', parents: 'parentsInformedAt', resolved: 'resolvedAt' } as const;

/** Whether a value is one of the alert kinds (callback data is untrusted). */
export function isAlertKind(value: unknown): value is AlertKind {
  return typeof value === 'string' && (ALERT_KINDS as readonly string[]).includes(value);
}

/** Whom an alert goes to, in order: the school's admins, else the child's class teachers, else the Children's Home keepers. */
export const ALERT_TIERS = ['admin', 'classTeacher', 'keeper'] as const;
export type AlertTier = (typeof ALERT_TIERS)[number];

/** Someone who is told about an alert: the school's admins, the raiser and whoever the alert was sent to. */
export interface AlertWatcher {
  userId: number;
  name: string;
  locale: string | null;
  languageCode: string | null;
  /** False once Telegram said they blocked the bot, or after they deleted their data. */
  reachable: boolean;
}

/** Someone the alert itself was sent to, with how their message stands in the outbox. */
export interface AlertRecipient extends AlertWatcher {
  status: 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';
}

/** The next people to send an alert to: the first tier with someone reachable who has not had it yet. */
export interface AlertSendTo {
  tier: AlertTier;
  people: AlertWatcher[];
}

/** Where an alert's own messages stand: none sent, on their way, accepted by at least one person's chat, or failed for all. */
export type AlertDelivery = 'none' | 'sending' | 'sent' | 'failed';

/** The guardian on the child's file, whom the first checklist step says to call. */
export interface AlertGuardian {
  name: string | null;
  relation: Relation | null;
  phone: string | null;
}

/** An alert as its readers see it. */
export interface AlertView {
  id: number;
  childId: number;
  childName: string;
  guardian: AlertGuardian;
  kind: AlertKind;
  note: string | null;
  raisedByName: string;
  raisedById: number;
  raisedAt: Date;
  timezone: string;
  steps: Record<AlertStep, Date | null>;
  /** The child's linked parents and guardians, with their numbers, whom "notify the parents" messages. */
  parents: FamilyPhone[];
  /** When the parents were messaged from the card; null until then. */
  parentsMessagedAt: Date | null;
  watchers: AlertWatcher[];
  recipients: AlertRecipient[];
}

/** A raised alert and whom it is first sent to (null: nobody at the school can be reached). */
export interface RaisedAlert extends AlertView {
  sendTo: AlertSendTo | null;
}

/** A reminder due for one step of one alert, in one 15-minute slot. */
export interface AlertReminder {
  alert: AlertView;
  step: 'guardian' | 'parents';
  slot: number;
}

/**
 * The outbox key of the alert sent to one person. The outbox row is also the record that the
 * alert went to them: it lets them see and tick the alert, and tells whether it arrived.
 */
export function alertMessageKey(alertId: number, userId: number): string {
  return `${alertKeyPrefix(alertId)}${userId}`;
}

function alertKeyPrefix(alertId: number): string {
  return `sg:raised:${alertId}:user-`;
}

/** Whether anyone has the alert yet: this decides what the raiser is told. */
export function alertDelivery(alert: AlertView): AlertDelivery {
  if (alert.recipients.length === 0) return 'none';
  if (alert.recipients.some((r) => r.status === 'SENT')) return 'sent';
  return alert.recipients.some((r) => r.status !== 'FAILED') ? 'sending' : 'failed';
}

type UserRow = { id: number; displayName: string; locale: string | null; languageCode: string | null; unreachableAt: Date | null; erasedAt: Date | null };

function watcherOf(user: UserRow): AlertWatcher {
  return { userId: user.id, name: user.displayName, locale: user.locale, languageCode: user.languageCode, reachable: user.unreachableAt === null && user.erasedAt === null };
}

/**
 * Logs that an alert card showing the guardian's phone was put before someone, as the child's
 * contact card does (`child.contact.read`), with the alert as the reason (`view: 'alert'`), so
 * every display of the phone is in the audit log once. `via` tells a chat reply from a queued message.
 */
export async function recordAlertPhoneShown(db: Db, readerId: number, alert: AlertView, via: 'chat' | 'message'): Promise<void> {
  await recordFamilyPhonesShown(db, readerId, alert.parents, 'alert');
  if (!alert.guardian.phone) return;
  await recordAudit(db, { userId: readerId }, { action: 'child.contact.read', entity: 'Child', entityId: alert.childId, details: { view: 'alert', alertId: alert.id, via } });
}

function isStaffOf(scope: Scope, schoolId: number): boolean {
  return scope.adminOf.has(schoolId) || scope.keeperOf.has(schoolId) || scope.teacherOf.has(schoolId);
}

/**
 * The safeguarding alert: a teacher or keeper raises it for a child they may read; only the
 * school's admins and the raiser see it and tick its steps, each logged with its time.
 */
export function createSafeguarding(db: Db, clock: Clock) {
  async function view(alertId: number): Promise<AlertView | null> {
    const alert = await db.safeguardingAlert.findUnique({
      where: { id: alertId },
      include: { child: { include: { school: true } }, raisedBy: true },
    });
    if (!alert) return null;
    const admins = await db.membership.findMany({ where: { schoolId: alert.child.schoolId, role: 'ADMIN' }, include: { user: true }, orderBy: { userId: 'asc' } });
    const sent = await db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: alertKeyPrefix(alert.id) } }, include: { recipient: true }, orderBy: { id: 'asc' } });
    const recipients = sent.map((row) => ({ ...watcherOf(row.recipient), status: row.status }));
    const watchers = new Map<number, AlertWatcher>();
    for (const { user } of admins) watchers.set(user.id, watcherOf(user));
    watchers.set(alert.raisedById, watcherOf(alert.raisedBy));
    for (const row of sent) watchers.set(row.recipientId, watcherOf(row.recipient));
    return {
      id: alert.id,
      childId: alert.childId,
      childName: alert.child.name,
      guardian: { name: alert.child.guardianName, relation: alert.child.guardianRelation, phone: alert.child.guardianPhone },
      kind: isAlertKind(alert.kind) ? alert.kind : 'OTHER',
      note: alert.note,
      raisedByName: alert.raisedBy.displayName,
      raisedById: alert.raisedById,
      raisedAt: alert.raisedAt,
      timezone: alert.child.school.timezone,
      steps: { guardian: alert.guardianInformedAt, parents: alert.parentsInformedAt, resolved: alert.resolvedAt },
      parents: await childFamilyPhones(db, alert.childId),
      parentsMessagedAt: alert.parentsMessagedAt,
      watchers: [...watchers.values()],
      recipients,
    };
  }

  /** The people of each tier who could be sent the alert: reachable, not the raiser, not sent it already. */
  async function nextRecipients(alert: AlertView): Promise<AlertSendTo | null> {
    const child = await db.child.findUniqueOrThrow({ where: { id: alert.childId }, select: { schoolId: true, classId: true } });
    const tried = new Set([alert.raisedById, ...alert.recipients.map((r) => r.userId)]);
    const where = {
      admin: { schoolId: child.schoolId, role: 'ADMIN' as const },
      classTeacher: child.classId === null ? null : { schoolId: child.schoolId, role: 'TEACHER' as const, classTeacher: true, classId: child.classId },
      keeper: { schoolId: child.schoolId, role: 'KEEPER' as const },
    };
    for (const tier of ALERT_TIERS) {
      const filter = where[tier];
      if (!filter) continue;
      const members = await db.membership.findMany({ where: filter, include: { user: true }, orderBy: { userId: 'asc' } });
      const people = new Map<number, AlertWatcher>();
      for (const { user } of members) if (!tried.has(user.id) && !user.unreachableAt && !user.erasedAt) people.set(user.id, watcherOf(user));
      if (people.size > 0) return { tier, people: [...people.values()] };
    }
    return null;
  }

  /** Hands an alert to the actor, logging the guardian phone it shows. */
  async function shown(actor: Actor, alert: AlertView): Promise<AlertView> {
    await recordAlertPhoneShown(db, actor.userId, alert, 'chat');
    return alert;
  }

  /** Loads an alert for someone allowed to see it (an admin of the school, the raiser or someone it was sent to); refusals are audited. */
  async function visible(actor: Actor, alertId: number): Promise<AlertView> {
    const alert = Number.isSafeInteger(alertId) ? await db.safeguardingAlert.findUnique({ where: { id: alertId }, include: { child: true } }) : null;
    if (alert) {
      const scope = await loadScope(db, actor);
      const sentToActor = await db.outboxMessage.count({ where: { idempotencyKey: alertMessageKey(alert.id, actor.userId) } });
      if (alert.raisedById === actor.userId || scope.adminOf.has(alert.child.schoolId) || sentToActor > 0) return (await view(alert.id))!;
    }
    await recordAudit(db, actor, { action: 'access.refused', entity: 'SafeguardingAlert', entityId: Number.isSafeInteger(alertId) ? alertId : undefined, details: { attempted: 'alert' } });
    throw new DomainError('forbidden');
  }

  /** Checks that the actor may raise an alert for the child, before asking for the details. */
  async function alertTarget(actor: Actor, childId: number): Promise<{ id: number; name: string }> {
    const child = await authorizeChild(db, actor, childId, 'read');
    if (!isStaffOf(await loadScope(db, actor), child.schoolId)) {
      await recordAudit(db, actor, { action: 'access.refused', entity: 'Child', entityId: child.id, details: { attempted: 'alert' } });
      throw new DomainError('forbidden');
    }
    return { id: child.id, name: child.name };
  }

  return {
    /** The children the actor may raise an alert for: staff of the school who may read the child. */
    async alertableChildren(actor: Actor): Promise<{ id: number; name: string }[]> {
      const scope = await loadScope(db, actor);
      const children = await db.child.findMany({ where: { AND: [readableChildren(scope), { archivedAt: null }] }, orderBy: { id: 'asc' } });
      return children.filter((c) => isStaffOf(scope, c.schoolId) && childActions(scope, c).has('read')).map((c) => ({ id: c.id, name: c.name }));
    },

    alertTarget,

    /** Raises an alert, re-checking the child, and logs it; says whom to send it to, which the caller does. */
    async raise(actor: Actor, childId: number, kind: AlertKind, note: string | null): Promise<RaisedAlert> {
      const child = await alertTarget(actor, childId);
      if (!isAlertKind(kind)) throw new DomainError('forbidden');
      const trimmed = note?.trim() ? note.trim().slice(0, MAX_ALERT_NOTE) : null;
      const alert = await db.safeguardingAlert.create({ data: { childId: child.id, raisedById: actor.userId, kind, note: trimmed, raisedAt: clock() } });
      await recordAudit(db, actor, { action: 'alert.raised', entity: 'SafeguardingAlert', entityId: alert.id, details: { childId: child.id, kind } });
      const raised = await shown(actor, (await view(alert.id))!);
      return { ...raised, sendTo: await nextRecipients(raised) };
    },

    /** Ticks one step of an alert; only the school's admins and the raiser may, checked on every press. A step ticked before stays as it was. */
    async acknowledge(actor: Actor, alertId: number, step: AlertStep): Promise<AlertView> {
      const alert = await visible(actor, alertId);
      if (alert.steps[step]) return shown(actor, alert);
      const at = clock();
      await db.safeguardingAlert.update({ where: { id: alert.id }, data: { [STEP_FIELD[step]]: at } });
      await recordAudit(db, actor, { action: 'alert.step', entity: 'SafeguardingAlert', entityId: alert.id, details: { step, at: at.toISOString() } });
      return shown(actor, (await view(alert.id))!);
    },

    /**
     * Marks that the child's parents are messaged about the alert, once: only the school's admins,
     * the raiser and those it was sent to may, checked on every press. `first` is false when
     * someone did it before, so the parents are never told twice.
     */
    async notifyParents(actor: Actor, alertId: number): Promise<{ alert: AlertView; first: boolean; parents: { userId: number; locale: string | null; languageCode: string | null }[] }> {
      const alert = await visible(actor, alertId);
      const at = clock();
      const claimed = await db.safeguardingAlert.updateMany({ where: { id: alert.id, parentsMessagedAt: null }, data: { parentsMessagedAt: at } });
      const first = claimed.count === 1;
      if (first) await recordAudit(db, actor, { action: 'alert.step', entity: 'SafeguardingAlert', entityId: alert.id, details: { step: 'parentsMessaged', at: at.toISOString() } });
      const links = await db.guardianLink.findMany({ where: { childId: alert.childId, user: { erasedAt: null } }, select: { user: { select: { id: true, locale: true, languageCode: true } } }, orderBy: { id: 'asc' } });
      return { alert: await shown(actor, (await view(alert.id))!), first, parents: links.map(({ user }) => ({ userId: user.id, locale: user.locale, languageCode: user.languageCode })) };
    },

    /** How an alert about their child stands, for a parent or guardian who was messaged about it: in hand, or resolved and when. */
    async statusForFamily(actor: Actor, alertId: number): Promise<{ childName: string; resolvedAt: Date | null; timezone: string }> {
      const alert = Number.isSafeInteger(alertId) ? await db.safeguardingAlert.findUnique({ where: { id: alertId }, include: { child: { include: { school: true } } } }) : null;
      const linked = alert ? await db.guardianLink.count({ where: { userId: actor.userId, childId: alert.childId } }) : 0;
      if (!alert || linked === 0 || !alert.parentsMessagedAt) {
        await recordAudit(db, actor, { action: 'access.refused', entity: 'SafeguardingAlert', entityId: Number.isSafeInteger(alertId) ? alertId : undefined, details: { attempted: 'alertStatus' } });
        throw new DomainError('forbidden');
      }
      return { childName: alert.child.name, resolvedAt: alert.resolvedAt, timezone: alert.child.school.timezone };
    },

    /** One alert, for someone allowed to see it. */
    async alert(actor: Actor, alertId: number): Promise<AlertView> {
      return shown(actor, await visible(actor, alertId));
    },

    /** The open alerts the actor may see: of the schools they administer, those they raised and those sent to them. */
    async openAlerts(actor: Actor): Promise<AlertView[]> {
      const scope = await loadScope(db, actor);
      const sentTo = await db.outboxMessage.findMany({ where: { recipientId: actor.userId, idempotencyKey: { startsWith: 'sg:raised:' } }, select: { idempotencyKey: true } });
      const sentIds = sentTo.map((row) => Number(row.idempotencyKey.split(':')[2])).filter(Number.isSafeInteger);
      const alerts = await db.safeguardingAlert.findMany({
        where: { resolvedAt: null, OR: [{ raisedById: actor.userId }, { child: { schoolId: { in: [...scope.adminOf] } } }, { id: { in: sentIds } }] },
        orderBy: { raisedAt: 'asc' },
      });
      const views: AlertView[] = [];
      for (const a of alerts) views.push(await shown(actor, (await view(a.id))!));
      return views;
    },

    nextRecipients,

    /** The open alerts that were sent to someone: the job follows their delivery and tells the raiser. */
    async alertsInDelivery(): Promise<AlertView[]> {
      const open = await db.safeguardingAlert.findMany({ where: { resolvedAt: null }, select: { id: true }, orderBy: { id: 'asc' } });
      const views: AlertView[] = [];
      for (const { id } of open) {
        const alert = (await view(id))!;
        if (alert.recipients.length > 0) views.push(alert);
      }
      return views;
    },

    /** The reminders due at `now`: each unacknowledged step of an open alert, once per 15-minute slot after it fell due. */
    async dueReminders(now: Date): Promise<AlertReminder[]> {
      const open = await db.safeguardingAlert.findMany({ where: { resolvedAt: null }, orderBy: { id: 'asc' } });
      const reminders: AlertReminder[] = [];
      for (const alert of open) {
        for (const step of ['guardian', 'parents'] as const) {
          if (alert[STEP_FIELD[step]]) continue;
          const overdue = now.getTime() - alert.raisedAt.getTime() - STEP_DUE_MS[step];
          if (overdue < 0) continue;
          reminders.push({ alert: (await view(alert.id))!, step, slot: Math.floor(overdue / REMINDER_EVERY_MS) });
        }
      }
      return reminders;
    },
  };
}
