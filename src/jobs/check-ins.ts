import { checkInMonth } from '../domain/check-ins.js';
import { createCheckInNotifications } from '../notifications/check-ins.js';
import { runOncePerPeriod } from './job-runs.js';
import type { WeeklyCycleDeps } from './job-deps.js';

/**
 * The monthly check-in's scheduled work at `now`, run on every scheduler tick:
 * - from the first Saturday of the month, 10:00 school time, once per school and month
 *   (`check-in:school-<id>` + `YYYY-MM`), each linked parent is asked about each child; a run
 *   missed while the bot was down happens when it is back, as long as it is still that month;
 * - a check-in unanswered after 3 days gets one gentle reminder, after 7 days the paired
 *   teacher (else the class teacher) is asked to call. Each is marked on the check-in and keyed
 *   per check-in in the outbox, so nothing is queued twice.
 */
export async function runCheckInJobs(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  const notify = createCheckInNotifications(deps);
  const schools = await deps.db.school.findMany({ select: { id: true, timezone: true } });
  for (const school of schools) {
    const { month, dueAt } = checkInMonth(school.timezone, now);
    if (now < dueAt) continue;
    await runOncePerPeriod(deps.db, `check-in:school-${school.id}`, month, now, async () => {
      const views = await deps.domain.checkIns.createForMonth(school.id, month, now);
      const queued = await notify.asks(views, now);
      deps.logger.info({ school: school.id, month, checkIns: views.length, queued }, 'check-ins queued');
    });
  }

  const reminders = await deps.domain.checkIns.dueReminders(now);
  if (reminders.length > 0) {
    const queued = await notify.reminders(reminders, now);
    await deps.domain.checkIns.markReminded(reminders.map((item) => item.id), now);
    deps.logger.info({ checkIns: reminders.length, queued }, 'check-in reminders queued');
  }

  const escalations = await deps.domain.checkIns.dueEscalations(now);
  if (escalations.length > 0) {
    const queued = await notify.escalations(escalations, now);
    await deps.domain.checkIns.markEscalated(escalations.map((item) => item.id), now);
    deps.logger.info({ checkIns: escalations.length, queued }, 'check-in escalations queued');
  }
}
