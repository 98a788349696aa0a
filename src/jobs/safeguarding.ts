import { alertDelivery, type AlertView } from '../domain/safeguarding.js';
import { queueAlertFollowUp, queueAlertReminders, queueAlertTo } from '../notifications/safeguarding.js';
import type { WeeklyCycleDeps } from './job-deps.js';

/** How long an alert may stay undelivered before the raiser is told to phone instead of waiting. */
const DELIVERY_WAIT_MS = 5 * 60_000;

/**
 * Follows where one alert's messages stand and tells the raiser: delivered once someone's chat
 * accepted it; when it failed for everyone, sends it on to the next people (other admins, the
 * class teacher, the Children's Home keepers) or, with nobody left, says it reached nobody;
 * still undelivered after a few minutes, says so. The outbox keys keep each from going out twice.
 */
async function followDelivery(deps: WeeklyCycleDeps, alert: AlertView, now: Date): Promise<number> {
  switch (alertDelivery(alert)) {
    case 'sent':
      return queueAlertFollowUp(deps, alert, { kind: 'delivered' }, now);
    case 'failed': {
      const sendTo = await deps.domain.safeguarding.nextRecipients(alert);
      if (!sendTo) return queueAlertFollowUp(deps, alert, { kind: 'unreached' }, now);
      const told = await queueAlertFollowUp(deps, alert, { kind: 'rerouted', sendTo }, now);
      return told + (await queueAlertTo(deps, alert, sendTo, now));
    }
    case 'sending': {
      const waited = now.getTime() - alert.raisedAt.getTime();
      return waited >= DELIVERY_WAIT_MS ? queueAlertFollowUp(deps, alert, { kind: 'slow', minutes: Math.round(DELIVERY_WAIT_MS / 60_000) }, now) : 0;
    }
    case 'none':
      return 0;
  }
}

/**
 * Every minute: follows the delivery of open alerts (see followDelivery), and reminds the
 * watchers of each safeguarding step not yet acknowledged once it is due, every 15 minutes;
 * the outbox keys (per alert, step and slot) keep a reminder from going out twice.
 */
export async function runSafeguardingJobs(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  let followUps = 0;
  for (const alert of await deps.domain.safeguarding.alertsInDelivery()) followUps += await followDelivery(deps, alert, now);
  if (followUps > 0) deps.logger.info({ followUps }, 'safeguarding delivery follow-ups queued');
  const reminders = await deps.domain.safeguarding.dueReminders(now);
  if (reminders.length === 0) return;
  const queued = await queueAlertReminders(deps, reminders, now);
  if (queued > 0) deps.logger.info({ reminders: reminders.length, queued }, 'safeguarding reminders queued');
}
