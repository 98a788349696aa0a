import { ALERT_KINDS, type AlertKind, type AlertView, type RaisedAlert } from '../domain/safeguarding.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words } from '../i18n/words.js';
import { alertChoices, alertKindWords, alertWords, stepDue } from '../notifications/safeguarding.js';
import { reply, rows, type Reply } from './reply.js';

/** Which child to raise an alert for, two to a row; or that there is no child one may raise one for. */
export function alertableChildrenReply(children: readonly { id: number; name: string }[]): Reply {
  if (children.length === 0) return reply(words('safeguarding.noChildren'));
  return reply(words('safeguarding.pickChild'), rows(children.map((child) => ({ label: verbatim(child.name), action: { name: 'alert.child', childId: child.id } })), 2));
}

/** What happened to the child: the kinds of alert, two to a row. */
export function alertKindsReply(childName: string): Reply {
  return reply(words('safeguarding.pickKind', { child: childName }), rows(ALERT_KINDS.map((kind) => ({ label: alertKindWords(kind), action: { name: 'alert.kind', kind } })), 2));
}

/** The optional note to an alert, or "no note" to press. */
export function alertNoteReply(childName: string, kind: AlertKind): Reply {
  return reply(words('safeguarding.askNote', { child: childName, kind: alertKindWords(kind) }), [[{ label: words('safeguarding.noNote'), action: { name: 'alert.noNote' } }]]);
}

/** The alert card: its words and its checklist choices. */
export function alertCard(alert: AlertView): Reply {
  return reply(alertWords(alert), alertChoices(alert));
}

/**
 * What the raiser is told: to whom the alert is being sent (never that it arrived before the
 * outbox says so), or that nobody can be reached; the deadlines; then the card itself.
 */
export function alertRaised(alert: RaisedAlert, told: number): Reply {
  const sending = alert.sendTo && told > 0 ? words(`safeguarding.sending.${alert.sendTo.tier}`, { count: told }) : words('safeguarding.sendingNobody');
  const deadlines = words('safeguarding.deadlines', { guardianDue: stepDue(alert, 'guardian'), parentsDue: stepDue(alert, 'parents') });
  return reply(joined([sending, deadlines, verbatim(''), alertWords(alert)]), alertChoices(alert));
}

/** What a parent reads on "how is it going": settled (and when), or still being taken care of. */
export function alertStatusReply(status: { resolvedAt: Date | null; timezone: string }): Reply {
  return reply(status.resolvedAt ? words('safeguarding.statusResolved', { at: wallClock(status.resolvedAt, status.timezone) }) : words('safeguarding.statusOpen'));
}
