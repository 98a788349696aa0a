import type { Actor } from '../domain/actor.js';
import type { AlertKind, AlertStep } from '../domain/safeguarding.js';
import type { InTransaction } from './unit.js';

/** Safeguarding alerts: raising one and telling the parents. */
export function createSafeguardingUseCases(inTransaction: InTransaction) {
  return {
    /** Ticks one step of an alert: the step and its audit row are kept together. */
    acknowledge: (actor: Actor, alertId: number, step: AlertStep) => inTransaction(({ domain }) => domain.safeguarding.acknowledge(actor, alertId, step)),

    /** Raises an alert about a child; the school's admins (or the fallback) are told at once. */
    raise: (actor: Actor, childId: number, kind: AlertKind, note: string | null) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const alert = await domain.safeguarding.raise(actor, childId, kind, note);
        return { alert, told: await notifications.alertRaised(alert, now) };
      }),

    /** "Notify the parents" on an alert card: the child's parents get a calm urgent message, once. */
    notifyParents: (actor: Actor, alertId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const notified = await domain.safeguarding.notifyParents(actor, alertId);
        if (notified.first) await notifications.alertParents(notified.alert, notified.parents, now);
        return notified;
      }),
  };
}
