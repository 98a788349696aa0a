import { addDays, localDateOf } from '../domain/call-slots.js';
import { loadSessions } from '../domain/school-calendar.js';
import { isoDate } from '../domain/school-month.js';
import { localTime } from '../domain/zoned-time.js';
import { queueCalendarDay } from '../notifications/calendar.js';
import { queueBreakNotices } from '../notifications/school-break.js';
import type { DutyJobDeps } from './duties.js';
import { runOncePerPeriod } from './job-runs.js';

/** The family calendar's messages go out from 09:00 school time. */
const AT_MINUTE = 9 * 60;

/**
 * The family calendar for every school, once a day from 09:00 school time: birthday
 * reminders to parents (up to three days before) and to the class teacher and keeper on
 * the day, festival invitations to write, and the school's own dates. On days the school is
 * out of session only its own dates go out (no prompts to write letters that wait for the
 * new term), and on the first day of a break each family hears once when school restarts. A day missed while
 * the bot was down is caught up at start; the outbox keys send each message once.
 * A failure is logged and does not stop the other schools or the scheduler.
 */
export async function runCalendarJobs(deps: DutyJobDeps, now: Date): Promise<void> {
  const schools = await deps.db.school.findMany({ select: { id: true, name: true, timezone: true } }).catch((error: unknown) => {
    deps.logger.error({ err: error }, 'calendar jobs failed');
    return [];
  });
  for (const school of schools) {
    if (localTime(now, school.timezone).minute < AT_MINUTE) continue;
    try {
      await runOncePerPeriod(deps.db, `family-calendar:school-${school.id}`, isoDate(localDateOf(now, school.timezone)), now, async () => {
        const day = await deps.domain.familyCalendar.day(school, now);
        const sessions = await loadSessions(deps.db, school.id);
        const inSession = sessions.inSession(day.today);
        let queued = await queueCalendarDay(deps, inSession ? day : { ...day, birthdaysSoon: [], birthdaysToday: [], festivals: [] }, now);
        if (!inSession && sessions.inSession(addDays(day.today, -1))) {
          const start = { schoolId: school.id, schoolName: school.name, firstDay: day.today, title: sessions.holidayOn(day.today)?.title ?? null, restartsOn: sessions.restartsAfter(day.today) };
          queued += await queueBreakNotices(deps, start, day.families, now);
        }
        deps.logger.info({ school: school.id, birthdays: day.birthdaysSoon.length + day.birthdaysToday.length, festivals: day.festivals.length, dates: day.schoolDates.length, queued }, 'family calendar queued');
      });
    } catch (error) {
      deps.logger.error({ err: error, school: school.id }, 'calendar jobs failed');
    }
  }
}
