import type { Db } from '../db/client.js';
import type { Relation } from '../db/generated/enums.js';
import { authorizeChild, childActions, loadScope, readableChildren, type Scope } from './access.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

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

/** Someone who is told about an alert: the school's admins and the raiser. */
export interface AlertWatcher {
  userId: number;
  locale: string | null;
  languageCode: string | null;
}

/** The guardian on the child's file, whom the first checklist step says to call. */
export interface AlertGuardian {
  name: string | null;
  relation: Relation | null;
  phone: string | null;
}

/** An alert as its readers see it. */
export interface AlertView {
  id: number;
  childName: string;
  guardian: AlertGuardian;
  kind: AlertKind;
  note: string | null;
  raisedByName: string;
  raisedById: number;
  raisedAt: Date;
  timezone: string;
  steps: Record<AlertStep, Date | null>;
  watchers: AlertWatcher[];
}

/** A reminder due for one step of one alert, in one 15-minute slot. */
export interface AlertReminder {
  alert: AlertView;
  step: 'guardian' | 'parents';
  slot: number;
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
    const watchers = new Map<number, AlertWatcher>();
    for (const { user } of admins) watchers.set(user.id, { userId: user.id, locale: user.locale, languageCode: user.languageCode });
    watchers.set(alert.raisedById, { userId: alert.raisedById, locale: alert.raisedBy.locale, languageCode: alert.raisedBy.languageCode });
    return {
      id: alert.id,
      childName: alert.child.name,
      guardian: { name: alert.child.guardianName, relation: alert.child.guardianRelation, phone: alert.child.guardianPhone },
      kind: isAlertKind(alert.kind) ? alert.kind : 'OTHER',
      note: alert.note,
      raisedByName: alert.raisedBy.displayName,
      raisedById: alert.raisedById,
      raisedAt: alert.raisedAt,
      timezone: alert.child.school.timezone,
      steps: { guardian: alert.guardianInformedAt, parents: alert.parentsInformedAt, resolved: alert.resolvedAt },
      watchers: [...watchers.values()],
    };
  }

  /** Loads an alert for someone allowed to see it (an admin of the school or the raiser); refusals are audited. */
  async function visible(actor: Actor, alertId: number): Promise<AlertView> {
    const alert = Number.isSafeInteger(alertId) ? await db.safeguardingAlert.findUnique({ where: { id: alertId }, include: { child: true } }) : null;
    if (alert) {
      const scope = await loadScope(db, actor);
      if (alert.raisedById === actor.userId || scope.adminOf.has(alert.child.schoolId)) return (await view(alert.id))!;
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

    /** Raises an alert, re-checking the child, and logs it; the caller tells the watchers. */
    async raise(actor: Actor, childId: number, kind: AlertKind, note: string | null): Promise<AlertView> {
      const child = await alertTarget(actor, childId);
      if (!isAlertKind(kind)) throw new DomainError('forbidden');
      const trimmed = note?.trim() ? note.trim().slice(0, MAX_ALERT_NOTE) : null;
      const alert = await db.safeguardingAlert.create({ data: { childId: child.id, raisedById: actor.userId, kind, note: trimmed, raisedAt: clock() } });
      await recordAudit(db, actor, { action: 'alert.raised', entity: 'SafeguardingAlert', entityId: alert.id, details: { childId: child.id, kind } });
      return (await view(alert.id))!;
    },

    /** Ticks one step of an alert; only the school's admins and the raiser may, checked on every press. A step ticked before stays as it was. */
    async acknowledge(actor: Actor, alertId: number, step: AlertStep): Promise<AlertView> {
      const alert = await visible(actor, alertId);
      if (alert.steps[step]) return alert;
      const at = clock();
      await db.safeguardingAlert.update({ where: { id: alert.id }, data: { [STEP_FIELD[step]]: at } });
      await recordAudit(db, actor, { action: 'alert.step', entity: 'SafeguardingAlert', entityId: alert.id, details: { step, at: at.toISOString() } });
      return (await view(alert.id))!;
    },

    /** One alert, for someone allowed to see it. */
    alert: visible,

    /** The open alerts the actor may see: of the schools they administer, and those they raised. */
    async openAlerts(actor: Actor): Promise<AlertView[]> {
      const scope = await loadScope(db, actor);
      const alerts = await db.safeguardingAlert.findMany({
        where: { resolvedAt: null, OR: [{ raisedById: actor.userId }, { child: { schoolId: { in: [...scope.adminOf] } } }] },
        orderBy: { raisedAt: 'asc' },
      });
      return Promise.all(alerts.map(async (a) => (await view(a.id))!));
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
