import type { Actor } from '../domain/actor.js';
import type { AlertKind, AlertStep } from '../domain/safeguarding.js';
import { words } from '../i18n/words.js';
import { reply } from './reply.js';
import { alertableChildrenReply, alertCard, alertKindsReply, alertRaised, alertStatusReply } from './safeguarding-replies.js';
import type { InTransaction } from './unit.js';

/** Safeguarding alerts: raising one, its checklist and telling the parents. */
export function createSafeguardingUseCases(inTransaction: InTransaction) {
  return {
    /** Which child to raise an alert for; `choosing` is false when there is none (the reply says so). */
    whomToAlert: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const children = await domain.safeguarding.alertableChildren(actor);
        return { choosing: children.length > 0, reply: alertableChildrenReply(children) };
      }),

    /** The child chosen, checked again, and the kinds of alert to raise for it. */
    kindsFor: (actor: Actor, childId: number) =>
      inTransaction(async ({ domain }) => {
        const child = await domain.safeguarding.alertTarget(actor, childId);
        return { child, reply: alertKindsReply(child.name) };
      }),

    /** Raises an alert about a child; the school's admins (or the fallback) are told at once, and the raiser is told to whom it is going. */
    raise: (actor: Actor, childId: number, kind: AlertKind, note: string | null) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const alert = await domain.safeguarding.raise(actor, childId, kind, note);
        const told = await notifications.alertRaised(alert, now);
        return { alert, told, reply: alertRaised(alert, told) };
      }),

    /** The open alerts one may see, a card each; one reply saying there are none otherwise. */
    openAlerts: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const alerts = await domain.safeguarding.openAlerts(actor);
        return alerts.length === 0 ? [reply(words('safeguarding.noneOpen'))] : alerts.map(alertCard);
      }),

    /** Ticks one step of an alert: the step and its audit row are kept together; `notice` is the short "acknowledged". */
    acknowledge: (actor: Actor, alertId: number, step: AlertStep) =>
      inTransaction(async ({ domain }) => {
        const alert = await domain.safeguarding.acknowledge(actor, alertId, step);
        return { alert, notice: words('safeguarding.acknowledged'), reply: alertCard(alert) };
      }),

    /** "Notify the parents" on an alert card: the child's parents get a calm urgent message, once; `notice` says whether it went now. */
    notifyParents: (actor: Actor, alertId: number) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const notified = await domain.safeguarding.notifyParents(actor, alertId);
        if (notified.first) await notifications.alertParents(notified.alert, notified.parents, now);
        const notice = notified.first ? words('safeguarding.parentsSent', { count: notified.parents.length }) : words('safeguarding.parentsAlready');
        return { ...notified, notice, reply: alertCard(notified.alert) };
      }),

    /** "How is it going?" from a parent's urgent message: whether the school settled it. */
    statusForFamily: (actor: Actor, alertId: number) => inTransaction(async ({ domain }) => alertStatusReply(await domain.safeguarding.statusForFamily(actor, alertId))),
  };
}
