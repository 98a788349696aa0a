import { pack } from '../actions/index.js';
import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import {
  ALERT_STEPS,
  STEP_DUE_MS,
  alertMessageKey,
  recordAlertPhoneShown,
  type AlertKind,
  type AlertReminder,
  type AlertSendTo,
  type AlertStep,
  type AlertView,
  type RaisedAlert,
} from '../domain/safeguarding.js';
import type { Relation } from '../db/generated/enums.js';
import type { Choice } from '../i18n/reply.js';
import type { Translate } from '../i18n/translator.js';
import { joined, say, verbatim, words, type Words } from '../i18n/words.js';
import { wallClock } from '../i18n/wall-clock.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';
import { callBackChoices, phoneLinesWords } from './call-back.js';
import { outgoingButtons } from './outgoing-buttons.js';

function clock(at: Date, timezone: string): string {
  return wallClock(at, timezone).slice(11);
}

/** When a step falls due, as the school's wall-clock time (HH:mm). */
export function stepDue(alert: AlertView, step: 'guardian' | 'parents'): string {
  return clock(new Date(alert.raisedAt.getTime() + STEP_DUE_MS[step]), alert.timezone);
}

/** What happened to the child, as an alert names it: 受伤, missing… */
export function alertKindWords(kind: AlertKind): Words {
  return words(`safeguarding.kinds.${kind}`);
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
    words('safeguarding.title', { child: alert.childName, kind: alertKindWords(alert.kind) }),
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

/** The alert as its readers see it, in the reader's language. */
export function alertText(t: Translate, alert: AlertView): string {
  return say(t, alertWords(alert));
}

/**
 * The school's urgent message to the child's parents and guardians about an alert: what
 * happened in general terms, that the school is on it, whom to call, and "how is it going".
 * Once per alert and person, whatever the quiet hours.
 */
export async function queueParentsNotice(deps: AlertDeps, alert: AlertView, parents: readonly { userId: number; locale: string | null; languageCode: string | null }[], now: Date): Promise<number> {
  const messages = parents.map((parent): QueuedMessage => {
    const t = translatorForRecipient(deps, parent);
    const text = t('safeguarding.parentsNotice', { what: t(`safeguarding.parentsWhat.${alert.kind}`, { child: alert.childName }), teacher: alert.raisedByName });
    return {
      idempotencyKey: `sg:parents:${alert.id}:user-${parent.userId}`,
      recipientId: parent.userId,
      message: { kind: 'text', text, buttons: [[{ text: t('safeguarding.statusButton'), data: pack({ name: 'alert.status', alertId: alert.id }) }]] },
      urgent: true,
    };
  });
  return queueMessages(deps.db, messages, now);
}

function alertMessage(t: Translate, alert: AlertView, heading?: string): OutgoingMessage {
  const text = heading ? `${heading}\n\n${alertText(t, alert)}` : alertText(t, alert);
  return { kind: 'text', text, buttons: outgoingButtons(t, alertChoices(alert)) };
}

type AlertDeps = RenderDeps & { db: Db };

/**
 * Queues messages one by one, so that each newly queued alert card (not one queued before under
 * its key) is audit-logged for its reader when it shows the guardian's phone. Returns how many were new.
 */
async function queueAlertCards(deps: AlertDeps, alert: AlertView, messages: readonly QueuedMessage[], now: Date): Promise<number> {
  let queued = 0;
  for (const message of messages) {
    if ((await queueMessages(deps.db, [message], now)) === 0) continue;
    queued++;
    await recordAlertPhoneShown(deps.db, message.recipientId, alert, 'message');
  }
  return queued;
}

/**
 * Queues an alert to the people it goes to next, urgent whatever the quiet hours; those past the
 * admins are told it comes to them because the admins could not be reached. Returns how many were queued.
 */
export async function queueAlertTo(deps: AlertDeps, alert: AlertView, sendTo: AlertSendTo, now: Date): Promise<number> {
  const messages: QueuedMessage[] = sendTo.people.map((person) => {
    const t = translatorForRecipient(deps, person);
    const heading = sendTo.tier === 'admin' ? t('safeguarding.urgentHeading') : `${t('safeguarding.urgentHeading')}\n${t('safeguarding.forwarded')}`;
    return { idempotencyKey: alertMessageKey(alert.id, person.userId), recipientId: person.userId, message: alertMessage(t, alert, heading), urgent: true };
  });
  return queueAlertCards(deps, alert, messages, now);
}

/** Queues a raised alert to the people the domain chose (the admins, else a fallback); the raiser gets the answer in their chat. */
export async function queueAlertRaised(deps: AlertDeps, alert: RaisedAlert, now: Date): Promise<number> {
  return alert.sendTo ? queueAlertTo(deps, alert, alert.sendTo, now) : 0;
}

/** Queues due reminders to the reachable admins, the raiser and those the alert was sent to, urgent, one per alert, step, slot and person. */
export async function queueAlertReminders(deps: AlertDeps, reminders: readonly AlertReminder[], now: Date): Promise<number> {
  let queued = 0;
  for (const { alert, step, slot } of reminders) {
    const messages: QueuedMessage[] = alert.watchers
      .filter((w) => w.reachable)
      .map((w) => {
        const t = translatorForRecipient(deps, w);
        const heading = t('safeguarding.reminder', { step: t(`safeguarding.steps.${step}`) });
        return { idempotencyKey: `sg:remind:${alert.id}:${step}:${slot}:user-${w.userId}`, recipientId: w.userId, message: alertMessage(t, alert, heading), urgent: true };
      });
    queued += await queueAlertCards(deps, alert, messages, now);
  }
  return queued;
}

/**
 * What the raiser is told as the alert's messages settle: it reached someone; it failed for
 * everyone it went to and now goes to the next people; it reached nobody at all; or it is still
 * not delivered after a few minutes.
 */
export type AlertFollowUp =
  | { kind: 'delivered' }
  | { kind: 'rerouted'; sendTo: AlertSendTo }
  | { kind: 'unreached' }
  | { kind: 'slow'; minutes: number };

function followUpText(t: Translate, alert: AlertView, followUp: AlertFollowUp): string {
  const title = t('safeguarding.title', { child: alert.childName, kind: t(`safeguarding.kinds.${alert.kind}`) });
  const names = (status: 'SENT' | 'FAILED') => alert.recipients.filter((r) => r.status === status).map((r) => r.name).join(t('delivery.separator'));
  switch (followUp.kind) {
    case 'delivered':
      return t('safeguarding.delivered', { title, names: names('SENT') });
    case 'rerouted':
      return t('safeguarding.rerouted', { title, names: names('FAILED'), tier: t(`safeguarding.tiers.${followUp.sendTo.tier}`), count: followUp.sendTo.people.length });
    case 'unreached':
      return t('safeguarding.unreached', { title, names: names('FAILED') });
    case 'slow':
      return t('safeguarding.slow', { title, minutes: followUp.minutes });
  }
}

/** Queues one follow-up to the raiser, urgent, once per alert and kind (a reroute once per round). Returns how many were queued. */
export async function queueAlertFollowUp(deps: AlertDeps, alert: AlertView, followUp: AlertFollowUp, now: Date): Promise<number> {
  const raiser = alert.watchers.find((w) => w.userId === alert.raisedById);
  if (!raiser) return 0;
  const t = translatorForRecipient(deps, raiser);
  const round = followUp.kind === 'rerouted' ? `:${alert.recipients.length}` : '';
  const message: QueuedMessage = { idempotencyKey: `sg:${followUp.kind}:${alert.id}${round}`, recipientId: raiser.userId, message: { kind: 'text', text: followUpText(t, alert, followUp) }, urgent: true };
  return queueMessages(deps.db, [message], now);
}
