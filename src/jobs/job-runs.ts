import type { Db } from '../db/client.js';

/** A run that started this long ago and never finished is taken to have died with the process. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Runs `work` once per job and period (`weekly-note:school-3` + `2026-W48`), recorded in
 * JobRun: a restart, a double fire or a second instance finds the record and does nothing.
 * A run that died half-way is run again after a while; the outbox's keys keep its messages
 * from going out twice. Returns whether this call did the work.
 */
export async function runOncePerPeriod(db: Db, job: string, periodKey: string, now: Date, work: () => Promise<void>): Promise<boolean> {
  const existing = await db.jobRun.findUnique({ where: { job_periodKey: { job, periodKey } } });
  if (existing && (existing.finishedAt || now.getTime() - existing.startedAt.getTime() < ABANDONED_AFTER_MS)) return false;
  if (existing) {
    const retaken = await db.jobRun.updateMany({ where: { id: existing.id, startedAt: existing.startedAt }, data: { startedAt: now } });
    if (retaken.count !== 1) return false;
  } else {
    try {
      await db.jobRun.create({ data: { job, periodKey, startedAt: now } });
    } catch {
      return false;
    }
  }
  await work();
  await db.jobRun.update({ where: { job_periodKey: { job, periodKey } }, data: { finishedAt: new Date() } });
  return true;
}
