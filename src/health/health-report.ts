import type { Db } from '../db/client.js';

/** How far behind the outbox is: all waiting messages, and those already due. */
export interface OutboxBacklog {
  pending: number;
  /** Seconds since the oldest waiting message was queued (quiet hours included). */
  oldestPendingAgeSeconds: number | null;
  /** Waiting messages whose time has come (not held for quiet hours or a retry). */
  due: number;
  /** Seconds the oldest due message has waited since it fell due: grows when sending is stuck. */
  oldestDueAgeSeconds: number | null;
}

/** What GET /healthz tells an operator or a container's health check. */
export interface HealthReport {
  status: 'ok' | 'unavailable';
  checkedAt: string;
  database: { reachable: boolean };
  outbox?: OutboxBacklog;
  /** Per job family (`weekly-note`, `letterbox-digest` …): when its newest run finished. */
  jobs?: Record<string, { lastFinishedAt: string | null }>;
}

function secondsSince(at: Date | null | undefined, now: Date): number | null {
  return at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null;
}

async function outboxBacklog(db: Db, now: Date): Promise<OutboxBacklog> {
  const [pending, due] = await Promise.all([
    db.outboxMessage.aggregate({ where: { status: 'PENDING' }, _count: true, _min: { createdAt: true } }),
    db.outboxMessage.aggregate({ where: { status: 'PENDING', notBefore: { lte: now } }, _count: true, _min: { notBefore: true } }),
  ]);
  return {
    pending: pending._count,
    oldestPendingAgeSeconds: secondsSince(pending._min.createdAt, now),
    due: due._count,
    oldestDueAgeSeconds: secondsSince(due._min.notBefore, now),
  };
}

/** The family of a job run's name: `weekly-note:school-3` → `weekly-note`. */
function familyOf(job: string): string {
  return job.split(':', 1)[0]!;
}

async function lastJobRuns(db: Db): Promise<Record<string, { lastFinishedAt: string | null }>> {
  const runs = await db.jobRun.groupBy({ by: ['job'], _max: { finishedAt: true } });
  const newest = new Map<string, Date | null>();
  for (const run of runs) {
    const family = familyOf(run.job);
    const finished = run._max.finishedAt;
    const known = newest.get(family);
    if (!known || (finished && finished > known)) newest.set(family, finished ?? known ?? null);
  }
  const families = [...newest.keys()].sort();
  return Object.fromEntries(families.map((family) => [family, { lastFinishedAt: newest.get(family)?.toISOString() ?? null }]));
}

/**
 * Checks the database with a trivial query and, when it answers, reports the outbox backlog
 * and the last scheduled runs: enough to tell "down" from "behind" without reading logs.
 */
export async function checkHealth(db: Db, now: Date): Promise<HealthReport> {
  const checkedAt = now.toISOString();
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    return { status: 'unavailable', checkedAt, database: { reachable: false } };
  }
  const [outbox, jobs] = await Promise.all([outboxBacklog(db, now), lastJobRuns(db)]);
  return { status: 'ok', checkedAt, database: { reachable: true }, outbox, jobs };
}
