import cron from 'node-cron';
import type { Clock } from '../domain/clock.js';
import { runCalendarJobs } from './calendar.js';
import { remindOfCalls } from './call-reminders.js';
import { runCheckInJobs } from './check-ins.js';
import { runDutyJobs } from './duties.js';
import { noticeHomeVisits } from './home-visits.js';
import { remindOfKeptMessages } from './kept-messages.js';
import { runReportJobs } from './reports.js';
import { runRetention } from './retention.js';
import { runSafeguardingJobs } from './safeguarding.js';
import type { WeeklyCycleDeps } from './job-deps.js';
import { runWeeklyCycle } from './weekly-cycle.js';

const jobs: [name: string, run: (deps: WeeklyCycleDeps, now: Date) => Promise<unknown>][] = [
  ['weekly cycle', runWeeklyCycle],
  ['call reminders', remindOfCalls],
  ['kept messages', remindOfKeptMessages],
  ['check-ins', runCheckInJobs],
  ['duties', runDutyJobs],
  ['home visit notices', noticeHomeVisits],
  ['monthly report', runReportJobs],
  ['family calendar', runCalendarJobs],
  ['safeguarding', runSafeguardingJobs],
  ['retention', runRetention],
];

/**
 * Everything scheduled that is due at `now`, in each school's own time zone. Each job
 * records its runs per period, so calling this again for the same time does nothing new;
 * one job failing does not stop the others.
 */
export async function runScheduledJobs(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  for (const [name, run] of jobs) {
    try {
      await run(deps, now);
    } catch (error) {
      deps.logger.error({ err: error, job: name }, 'scheduled job failed');
    }
  }
}

/**
 * Checks every minute, and once at start-up (so a run missed while the bot was down is
 * caught up), what is due. node-cron keeps no memory of runs: the database does.
 */
export function startScheduler(deps: WeeklyCycleDeps, clock: Clock): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runScheduledJobs(deps, clock());
    return running;
  };
  void tick();
  const task = cron.schedule('* * * * *', tick, { name: 'scheduled-jobs', noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
