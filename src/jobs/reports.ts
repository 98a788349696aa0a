import type { Db } from '../db/client.js';
import type { Domain } from '../domain/index.js';
import { previousSchoolMonth } from '../domain/school-month.js';
import { localTime } from '../domain/zoned-time.js';
import type { Logger } from '../logger.js';
import { queueMonthlyReports } from '../notifications/reports.js';
import type { RenderDeps } from '../notifications/recipient-language.js';
import { runOncePerPeriod } from './job-runs.js';

export interface ReportJobDeps extends RenderDeps {
  db: Db;
  domain: Domain;
  logger: Logger;
}

/** The report goes out from 08:00 school time on the 1st. */
const AT_MINUTE = 8 * 60;
/** A report missed while the bot was down is still sent this many days late. */
const CATCH_UP_DAYS = 3;

/**
 * On the 1st of each month, from 08:00 school time, each school's admins get the report
 * (the new month and the one that just ended) as a text and a chart, once per school and
 * month (JobRun) and once per admin (outbox keys). A failure is logged and does not stop
 * the other schools.
 */
export async function runReportJobs(deps: ReportJobDeps, now: Date): Promise<void> {
  const schools = await deps.db.school.findMany({ select: { id: true, timezone: true } });
  for (const school of schools) {
    try {
      const local = localTime(now, school.timezone);
      if (local.day > 1 + CATCH_UP_DAYS || (local.day === 1 && local.minute < AT_MINUTE)) continue;
      const ended = previousSchoolMonth(now, school.timezone);
      const job = `monthly-report:school-${school.id}`;
      await runOncePerPeriod(deps.db, job, ended.key, now, async () => {
        const admins = await deps.domain.duties.adminsOf(school.id);
        if (admins.length === 0) return;
        const report = await deps.domain.reports.build(school.id, now);
        const queued = await queueMonthlyReports(deps, report, admins, `${job}:${ended.key}`, now);
        deps.logger.info({ school: school.id, month: ended.key, queued }, 'monthly report queued');
      });
    } catch (error) {
      deps.logger.error({ err: error, school: school.id }, 'monthly report failed');
    }
  }
}
