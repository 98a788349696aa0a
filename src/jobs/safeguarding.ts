import { queueAlertReminders } from '../notifications/safeguarding.js';
import type { WeeklyCycleDeps } from './weekly-cycle.js';

/**
 * Every minute: reminds the admins and the raiser of each safeguarding step not yet
 * acknowledged once it is due, every 15 minutes; the outbox keys (per alert, step and
 * slot) keep a reminder from going out twice.
 */
export async function runSafeguardingJobs(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  const reminders = await deps.domain.safeguarding.dueReminders(now);
  if (reminders.length === 0) return;
  const queued = await queueAlertReminders(deps, reminders, now);
  if (queued > 0) deps.logger.info({ reminders: reminders.length, queued }, 'safeguarding reminders queued');
}
