import type { Db } from '../db/client.js';
import type { Domain } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { queueCallReminders } from '../notifications/call-reminder.js';
import type { RenderDeps } from '../notifications/recipient-language.js';

export interface CallReminderDeps extends RenderDeps {
  db: Db;
  domain: Domain;
  logger: Logger;
}

/**
 * Queues a reminder to the parent and the keepers of every booked call that starts within
 * 30 minutes. Run on every scheduler tick; the outbox keys make each reminder go out once,
 * and a call cancelled or moved is no longer booked, so it is not reminded.
 */
export async function remindOfCalls(deps: CallReminderDeps, now: Date): Promise<void> {
  const due = await deps.domain.calls.dueReminders(now);
  if (due.length === 0) return;
  const queued = await queueCallReminders(deps, due, now);
  if (queued > 0) deps.logger.info({ calls: due.length, queued }, 'call reminders queued');
}
