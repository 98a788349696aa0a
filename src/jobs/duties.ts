import type { Db } from '../db/client.js';
import type { Domain } from '../domain/index.js';
import { addDays, localDateOf } from '../domain/call-slots.js';
import { loadSessions, type Sessions } from '../domain/school-calendar.js';
import { isoDate, previousSchoolMonth, schoolMonthAt, type SchoolMonth } from '../domain/school-month.js';
import { localTime } from '../domain/zoned-time.js';
import type { Logger } from '../logger.js';
import { queueDutyReminders, queueNoContactNotices, queueOverdueNotice } from '../notifications/duties.js';
import type { RenderDeps } from '../notifications/recipient-language.js';
import { runOncePerPeriod } from './job-runs.js';

export interface DutyJobDeps extends RenderDeps {
  db: Db;
  domain: Domain;
  logger: Logger;
}

type School = { id: number; name: string; timezone: string };

/** Every job here runs from 09:00 school time. */
const AT_MINUTE = 9 * 60;
/** The paired teachers are reminded on the 20th of the month. */
const REMINDER_DAY = 20;
/** The month's overdue duties go to the class teachers on the 1st, to the admins on the 3rd (teachers may log late contacts meanwhile). */
const CLASS_TEACHER_DAY = 1;
const ADMIN_DAY = 3;

/** An escalation missed while the bot was down is still sent this many days late; after that the month is left alone. */
const CATCH_UP_DAYS = 6;

/** Whether the school's wall clock has reached `day` of this month at 09:00. */
function reached(school: School, now: Date, day: number): boolean {
  const local = localTime(now, school.timezone);
  return local.day > day || (local.day === day && local.minute >= AT_MINUTE);
}

/** Whether an escalation due on `day` of this month is due now: from 09:00 that day, and not stale. */
function escalationDue(school: School, now: Date, day: number): boolean {
  return reached(school, now, day) && localTime(now, school.timezone).day <= day + CATCH_UP_DAYS;
}

async function remindPairedTeachers(deps: DutyJobDeps, school: School, now: Date) {
  const month = schoolMonthAt(now, school.timezone);
  const job = `duties-reminder:school-${school.id}`;
  await runOncePerPeriod(deps.db, job, month.key, now, async () => {
    const open = await deps.domain.duties.stillOpen(school, month);
    const queued = await queueDutyReminders(deps, open, month, `${job}:${month.key}`, now);
    deps.logger.info({ school: school.id, month: month.key, children: open.length, queued }, 'duty reminders queued');
  });
}

async function escalateToClassTeachers(deps: DutyJobDeps, school: School, now: Date) {
  const month = previousSchoolMonth(now, school.timezone);
  const job = `duties-overdue:school-${school.id}`;
  await runOncePerPeriod(deps.db, job, month.key, now, async () => {
    const overdue = await deps.domain.duties.overdue(school, month);
    let queued = 0;
    for (const classId of new Set(overdue.map((each) => each.classId))) {
      if (classId === null) continue;
      const teachers = await deps.domain.duties.classTeachersOf(classId);
      queued += await queueOverdueNotice(deps, overdue.filter((each) => each.classId === classId), month, teachers, 'class', `${job}:${month.key}:class-${classId}`, now);
    }
    deps.logger.info({ school: school.id, month: month.key, children: overdue.length, queued }, 'overdue duties sent to class teachers');
  });
}

async function escalateToAdmins(deps: DutyJobDeps, school: School, now: Date) {
  const month = previousSchoolMonth(now, school.timezone);
  const job = `duties-overdue-admin:school-${school.id}`;
  await runOncePerPeriod(deps.db, job, month.key, now, async () => {
    const overdue = await deps.domain.duties.overdue(school, month);
    if (overdue.length === 0) return;
    const queued = await queueOverdueNotice(deps, overdue, month, await deps.domain.duties.adminsOf(school.id), 'school', `${job}:${month.key}`, now);
    deps.logger.info({ school: school.id, month: month.key, children: overdue.length, queued }, 'overdue duties sent to admins');
  });
}

async function checkNoContact(deps: DutyJobDeps, school: School, now: Date) {
  const job = `no-contact:school-${school.id}`;
  await runOncePerPeriod(deps.db, job, isoDate(localDateOf(now, school.timezone)), now, async () => {
    const { open, raised, cleared } = await deps.domain.noContact.check(school.id, now);
    const queued = await queueNoContactNotices(deps, open, now);
    deps.logger.info({ school: school.id, open: open.length, raised, cleared, queued }, 'no-contact check done');
  });
}

/** Whether any day of a school month was in session: a month all out of session has nothing overdue to escalate. */
function monthInSession(sessions: Sessions, month: SchoolMonth, timeZone: string): boolean {
  return sessions.anyInSession(localDateOf(month.start, timeZone), addDays(localDateOf(month.end, timeZone), -1));
}

/**
 * The "three ones" and the no-contact check for every school at `now`, each at most once
 * per period (JobRun) and each message once (outbox keys): the paired teachers' reminder
 * on the 20th, the month's overdue duties to the class teachers on the 1st and to the
 * admins on the 3rd, and the daily no-contact check, all from 09:00 school time. Run on
 * every scheduler tick, so a run missed while the bot was down happens when it is back
 * (an escalation up to six days late; an older month is not raised again).
 * On days the school is out of session (terms and holidays) nothing here runs: the
 * paired teachers' reminder waits for the first school day after the 20th, and a month
 * wholly out of session is not escalated.
 * A failure is logged and does not stop the other schools or the scheduler.
 */
export async function runDutyJobs(deps: DutyJobDeps, now: Date): Promise<void> {
  const schools = await deps.db.school.findMany({ select: { id: true, name: true, timezone: true } }).catch((error: unknown) => {
    deps.logger.error({ err: error }, 'duty jobs failed');
    return [];
  });
  for (const school of schools) {
    try {
      const sessions = await loadSessions(deps.db, school.id);
      if (!sessions.inSession(localDateOf(now, school.timezone))) continue;
      if (reached(school, now, REMINDER_DAY)) await remindPairedTeachers(deps, school, now);
      const escalate = monthInSession(sessions, previousSchoolMonth(now, school.timezone), school.timezone);
      if (escalate && escalationDue(school, now, CLASS_TEACHER_DAY)) await escalateToClassTeachers(deps, school, now);
      if (escalate && escalationDue(school, now, ADMIN_DAY)) await escalateToAdmins(deps, school, now);
      if (localTime(now, school.timezone).minute >= AT_MINUTE) await checkNoContact(deps, school, now);
    } catch (error) {
      deps.logger.error({ err: error, school: school.id }, 'duty jobs failed');
    }
  }
}
