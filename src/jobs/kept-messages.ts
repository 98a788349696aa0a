import { queueKeptReminders } from '../notifications/kept-messages.js';
import type { WeeklyCycleDeps } from './job-deps.js';

/**
 * Every tick: a family member whose kept messages (sent outside any flow) waited a day
 * without a tap is asked once where they should go. The outbox key of each reminder is
 * its batch's newest message, so ticks, restarts and second instances send it once.
 */
export async function remindOfKeptMessages(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  const reminders = await deps.domain.keptMessages.remindersDue(now);
  if (reminders.length === 0) return;
  const queued = await queueKeptReminders(deps, reminders, now);
  if (queued > 0) deps.logger.info({ queued }, 'kept message reminders queued');
}
