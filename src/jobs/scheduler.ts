import cron from 'node-cron';
import type { Clock } from '../domain/clock.js';
import { runCalendarJobs } from './calendar.js';
import { remindOfCalls } from './call-reminders.js';
import { runCheckInJobs } from './check-ins.js';
import { runDutyJobs } from './duties.js';
import { runWeeklyCycle, type WeeklyCycleDeps } from './weekly-cycle.js';

/**
 * Checks every minute (and once at start-up) what is due in each school's own time zone.
 * node-cron keeps no memory of runs, so what ran is recorded in the database instead.
 */
export function startScheduler(deps: WeeklyCycleDeps, clock: Clock): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    const now = clock();
    running = runWeeklyCycle(deps, now)
      .catch((error: unknown) => deps.logger.error({ err: error }, 'weekly cycle failed'))
      .then(() => remindOfCalls(deps, now))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'call reminders failed'))
      .then(() => runCheckInJobs(deps, now))
      .catch((error: unknown) => deps.logger.error({ err: error }, 'check-in jobs failed'))
      .then(() => runDutyJobs(deps, now))
      .then(() => runCalendarJobs(deps, now));
    return running;
  };
  void tick();
  const task = cron.schedule('* * * * *', tick, { name: 'weekly-cycle', noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
