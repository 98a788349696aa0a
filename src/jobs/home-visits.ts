import { createHomeVisitNotifications } from '../notifications/home-visits.js';
import type { WeeklyCycleDeps } from './job-deps.js';

/**
 * Tells the guardians at home of each planned home visit from 10:00 school time the day
 * before (at once when planned later than that), run on every scheduler tick: each visit is
 * marked when its notices are queued, and each notice is keyed per visit and guardian, so a
 * restart or a double tick queues nothing twice; a tick missed while the bot was down is
 * caught up as long as the visit is still ahead.
 */
export async function noticeHomeVisits(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  const due = await deps.domain.plannedVisits.dueNotices(now);
  if (due.length === 0) return;
  const queued = await createHomeVisitNotifications(deps).notices(due, now);
  await deps.domain.plannedVisits.markNoticed(due.map((visit) => visit.id), now);
  deps.logger.info({ visits: due.length, queued }, 'home visit notices queued');
}
