import type { Db } from '../db/client.js';
import type { OutgoingMessage } from '../delivery/message.js';
import { queueMessages, type QueuedMessage } from '../delivery/outbox.js';
import { ALERT_STEPS, STEP_DUE_MS, type AlertReminder, type AlertStep, type AlertView } from '../domain/safeguarding.js';
import type { Translate } from '../i18n/translator.js';
import { wallClock } from '../i18n/wall-clock.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/** Callback data of a checklist button: `sg:<step>:<alertId>`. */
export const ALERT_STEP_DATA = /^sg:(guardian|parents|resolved):(\d+)$/;

function clock(at: Date, timezone: string): string {
  return wallClock(at, timezone).slice(11);
}

/** When a step falls due, as the school's wall-clock time (HH:mm). */
export function stepDue(alert: AlertView, step: 'guardian' | 'parents'): string {
  return clock(new Date(alert.raisedAt.getTime() + STEP_DUE_MS[step]), alert.timezone);
}

/** Whom to call for the first step: the guardian on the child's file, or that the file has no phone. */
function guardianLine(t: Translate, { name, relation, phone }: AlertView['guardian']): string {
  if (!phone) return t('safeguarding.noGuardianPhone');
  const who = name && relation ? t('safeguarding.guardianWho', { name, relation: t(`relations.${relation}`) }) : (name ?? (relation ? t(`relations.${relation}`) : null));
  return who ? t('safeguarding.guardian', { who, phone }) : t('safeguarding.guardianPhone', { phone });
}

/** The checklist line of one step: ticked with its time, or open with its deadline. */
function stepLine(t: Translate, alert: AlertView, step: AlertStep): string {
  const done = alert.steps[step];
  const label = t(`safeguarding.steps.${step}`);
  if (done) return t('safeguarding.stepDone', { step: label, at: clock(done, alert.timezone) });
  if (step === 'resolved') return t('safeguarding.stepOpen', { step: label });
  return t('safeguarding.stepDue', { step: label, due: stepDue(alert, step) });
}

/** The alert as its readers see it: the child, the kind, who raised it and when, the note, whom to call and the checklist. */
export function alertText(t: Translate, alert: AlertView): string {
  return [
    t('safeguarding.title', { child: alert.childName, kind: t(`safeguarding.kinds.${alert.kind}`) }),
    t('safeguarding.raisedBy', { name: alert.raisedByName, at: wallClock(alert.raisedAt, alert.timezone) }),
    ...(alert.note ? [t('safeguarding.note', { note: alert.note })] : []),
    guardianLine(t, alert.guardian),
    '',
    ...ALERT_STEPS.map((step) => stepLine(t, alert, step)),
  ].join('\n');
}

/** A button for each step not yet ticked. */
export function alertButtons(t: Translate, alert: AlertView): { text: string; data: string }[][] {
  return ALERT_STEPS.filter((step) => !alert.steps[step]).map((step) => [{ text: t(`safeguarding.buttons.${step}`), data: `sg:${step}:${alert.id}` }]);
}

function alertMessage(t: Translate, alert: AlertView, heading?: string): OutgoingMessage {
  const text = heading ? `${heading}\n\n${alertText(t, alert)}` : alertText(t, alert);
  return { kind: 'text', text, buttons: alertButtons(t, alert) };
}

/** Queues a raised alert to every admin of the school (the raiser gets the answer in their chat), urgent whatever the quiet hours. */
export async function queueAlertRaised(deps: RenderDeps & { db: Db }, alert: AlertView, now: Date): Promise<number> {
  const messages: QueuedMessage[] = alert.watchers
    .filter((w) => w.userId !== alert.raisedById)
    .map((w) => {
      const t = translatorForRecipient(deps, w);
      return { idempotencyKey: `sg:raised:${alert.id}:user-${w.userId}`, recipientId: w.userId, message: alertMessage(t, alert, t('safeguarding.urgentHeading')), urgent: true };
    });
  return queueMessages(deps.db, messages, now);
}

/** Queues due reminders to the admins and the raiser, urgent, one per alert, step, slot and person. */
export async function queueAlertReminders(deps: RenderDeps & { db: Db }, reminders: readonly AlertReminder[], now: Date): Promise<number> {
  const messages: QueuedMessage[] = reminders.flatMap(({ alert, step, slot }) =>
    alert.watchers.map((w) => {
      const t = translatorForRecipient(deps, w);
      const heading = t('safeguarding.reminder', { step: t(`safeguarding.steps.${step}`) });
      return { idempotencyKey: `sg:remind:${alert.id}:${step}:${slot}:user-${w.userId}`, recipientId: w.userId, message: alertMessage(t, alert, heading), urgent: true };
    }),
  );
  return queueMessages(deps.db, messages, now);
}
