import type { Relation } from '../db/generated/enums.js';
import { ALERT_KINDS, ALERT_STEPS, type AlertKind, type AlertStep, type AlertView, type RaisedAlert } from '../domain/safeguarding.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { stepDue } from '../notifications/safeguarding.js';
import { callBackChoices, phoneLinesWords } from './contact-replies.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

function clock(at: Date, timezone: string): string {
  return wallClock(at, timezone).slice(11);
}

function kindWords(kind: AlertKind): Words {
  return words(`safeguarding.kinds.${kind}`);
}

/** Which child to raise an alert for, two to a row; or that there is no child one may raise one for. */
export function alertableChildrenReply(children: readonly { id: number; name: string }[]): Reply {
  if (children.length === 0) return reply(words('safeguarding.noChildren'));
  return reply(words('safeguarding.pickChild'), rows(children.map((child) => ({ label: verbatim(child.name), action: { name: 'alert.child', childId: child.id } })), 2));
}

/** What happened to the child: the kinds of alert, two to a row. */
export function alertKindsReply(childName: string): Reply {
  return reply(words('safeguarding.pickKind', { child: childName }), rows(ALERT_KINDS.map((kind) => ({ label: kindWords(kind), action: { name: 'alert.kind', kind } })), 2));
}

/** The optional note to an alert, or "no note" to press. */
export function alertNoteReply(childName: string, kind: AlertKind): Reply {
  return reply(words('safeguarding.askNote', { child: childName, kind: kindWords(kind) }), [[{ label: words('safeguarding.noNote'), action: { name: 'alert.noNote' } }]]);
}

function guardianWho(name: string | null, relation: Relation | null): Words | null {
  if (name && relation) return words('safeguarding.guardianWho', { name, relation: words(`relations.${relation}`) });
  if (name !== null) return name ? verbatim(name) : null;
  return relation ? words(`relations.${relation}`) : null;
}

/** Whom to call for the first step: the guardian on the child's file, or that the file has no phone. */
function guardianLine({ name, relation, phone }: AlertView['guardian']): Words {
  if (!phone) return words('safeguarding.noGuardianPhone');
  const who = guardianWho(name, relation);
  return who ? words('safeguarding.guardian', { who, phone }) : words('safeguarding.guardianPhone', { phone });
}

/** The checklist line of one step: ticked with its time, or open with its deadline. */
function stepLine(alert: AlertView, step: AlertStep): Words {
  const done = alert.steps[step];
  const label = words(`safeguarding.steps.${step}`);
  if (done) return words('safeguarding.stepDone', { step: label, at: clock(done, alert.timezone) });
  if (step === 'resolved') return words('safeguarding.stepOpen', { step: label });
  return words('safeguarding.stepDue', { step: label, due: stepDue(alert, step) });
}

/** The alert as its readers see it: the child, the kind, who raised it and when, the note, whom to call and the checklist. */
export function alertWords(alert: AlertView): Words {
  return joined([
    words('safeguarding.title', { child: alert.childName, kind: kindWords(alert.kind) }),
    words('safeguarding.raisedBy', { name: alert.raisedByName, at: wallClock(alert.raisedAt, alert.timezone) }),
    ...(alert.note ? [words('safeguarding.note', { note: alert.note })] : []),
    guardianLine(alert.guardian),
    ...phoneLinesWords(alert.parents),
    ...(alert.parentsMessagedAt ? [words('safeguarding.parentsMessaged', { at: clock(alert.parentsMessagedAt, alert.timezone) })] : []),
    verbatim(''),
    ...ALERT_STEPS.map((step) => stepLine(alert, step)),
  ]);
}

/** While the alert is open: "notify the parents" (until they were), "ask to call back" per parent without a number; a choice per step not yet ticked. */
export function alertChoices(alert: AlertView): Choice[][] {
  const open = !alert.steps.resolved;
  const notify: Choice[][] = open && !alert.parentsMessagedAt && alert.parents.length > 0 ? [[{ label: words('safeguarding.buttons.notifyParents'), action: { name: 'alert.notifyParents', alertId: alert.id } }]] : [];
  const steps = ALERT_STEPS.filter((step) => !alert.steps[step]).map((step): Choice[] => [{ label: words(`safeguarding.buttons.${step}`), action: { name: 'alert.step', step, alertId: alert.id } }]);
  return [...notify, ...(open ? callBackChoices(alert.parents) : []), ...steps];
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
