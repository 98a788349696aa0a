import { localDateOf } from '../domain/call-slots.js';
import type { LetterboxDigest } from '../domain/letters.js';
import { loadSessions } from '../domain/school-calendar.js';
import { instantOf, localTime } from '../domain/zoned-time.js';
import { queueLetterboxDigest } from '../notifications/letters.js';
import { runOncePerPeriod } from './job-runs.js';
import type { WeeklyCycleDeps } from './job-deps.js';

const HOUR_MS = 3600_000;
/** The daily reminder of waiting letters goes out at 08:00, school time. */
const REMINDER_MINUTE = 8 * 60;

/**
 * Queues a digest once per job and period: the job run is recorded only when there is
 * something to say, so quiet hours and days leave no rows behind.
 */
async function digestOnce(deps: WeeklyCycleDeps, job: string, period: string, digest: LetterboxDigest | null, kind: 'arrived' | 'waiting', now: Date) {
  if (!digest) return;
  await runOncePerPeriod(deps.db, job, period, now, async () => {
    const queued = await queueLetterboxDigest(deps, digest, kind, `${job}:${period}`, now);
    deps.logger.info({ job, period, letters: digest.total, queued }, 'letterbox digest queued');
  });
}

/**
 * The letterbox's scheduled messages for one school at `now`, each at most once:
 * - at the first tick of every hour, one summary to each keeper (or admin) of the letters
 *   that arrived in the hour before, however many there were;
 * - from 08:00 school time, once a day, a reminder of the letters still waiting that
 *   arrived before 07:00 (later ones were just summarised).
 * A summary missed while the bot was down is not caught up: the daily reminder covers it.
 * Both pause on days the school is out of session: the first school day's reminder covers them.
 */
export async function runLetterboxJobs(deps: WeeklyCycleDeps, school: { id: number; timezone: string }, now: Date): Promise<void> {
  if (!(await loadSessions(deps.db, school.id)).inSession(localDateOf(now, school.timezone))) return;
  const hourStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const arrivals = await deps.domain.letters.letterboxDigest(school.id, new Date(hourStart.getTime() - HOUR_MS), hourStart);
  await digestOnce(deps, `letter-arrivals:school-${school.id}`, hourStart.toISOString().slice(0, 13), arrivals, 'arrived', now);

  const today = localTime(now, school.timezone);
  if (today.minute < REMINDER_MINUTE) return;
  const reminderAt = instantOf(today.year, today.month, today.day, REMINDER_MINUTE, school.timezone);
  const waiting = await deps.domain.letters.letterboxDigest(school.id, null, new Date(reminderAt.getTime() - HOUR_MS));
  const date = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
  await digestOnce(deps, `letter-reminder:school-${school.id}`, date, waiting, 'waiting', now);
}
