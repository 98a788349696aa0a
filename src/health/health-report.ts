import type { Db } from '../db/client.js';
import { storageFaultOf } from '../delivery/storage-fault.js';
import type { StorageFault } from '../delivery/worker.js';

/** A message due this long ago and still unsent is stuck: a school's whole morning run takes minutes. */
export const STUCK_AFTER_MINUTES = 30;
const DAY_MS = 24 * 3600_000;

/** How far behind the outbox is: all waiting messages, and those already due. */
export interface OutboxBacklog {
  pending: number;
  /** Seconds since the oldest waiting message was queued (quiet hours included). */
  oldestPendingAgeSeconds: number | null;
  /** Waiting messages whose time has come (not held for quiet hours or a retry). */
  due: number;
  /** Seconds the oldest due message has waited since it fell due: grows when sending is stuck. */
  oldestDueAgeSeconds: number | null;
  /**
   * Unsent messages due over STUCK_AFTER_MINUTES ago, or failing since they were queued over
   * that long ago (retried through an outage, each retry moves its due time on).
   */
  stuck: number;
  /** Messages given up in the last 24 hours (refused by Telegram, or a day of errors), not counting people who blocked the bot. */
  failedLastDay: number;
}

/** What the outbox worker knows that the database does not say. */
export interface DeliveryStatus {
  storageFault(): StorageFault | undefined;
}

/** Why a report is degraded, each a short code an operator can search the README and logs for. */
export type HealthProblem = 'database-not-writable' | 'outbox-storage-fault' | 'messages-stuck' | 'messages-failed';

/** What GET /healthz tells an operator or a container's health check. */
export interface HealthReport {
  /** ok; degraded: running, but messages are not going out as they should (see problems); unavailable: no database. */
  status: 'ok' | 'degraded' | 'unavailable';
  checkedAt: string;
  /** writable is false, with the SQLite code, when the database takes reads but refuses writes (read-only, disk full). */
  database: { reachable: boolean; writable?: boolean; fault?: string };
  outbox?: OutboxBacklog;
  /** The outbox worker meeting a storage fault: its SQLite code and since when. */
  delivery?: { storageFault: { code: string; since: string } | null };
  problems?: HealthProblem[];
  /** Per job family (`weekly-note`, `letterbox-digest` …): when its newest run finished. */
  jobs?: Record<string, { lastFinishedAt: string | null }>;
}

function secondsSince(at: Date | null | undefined, now: Date): number | null {
  return at ? Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000)) : null;
}

async function outboxBacklog(db: Db, now: Date): Promise<OutboxBacklog> {
  const stuckSince = new Date(now.getTime() - STUCK_AFTER_MINUTES * 60_000);
  const [pending, due, stuck, failedLastDay] = await Promise.all([
    db.outboxMessage.aggregate({ where: { status: 'PENDING' }, _count: true, _min: { createdAt: true } }),
    db.outboxMessage.aggregate({ where: { status: 'PENDING', notBefore: { lte: now } }, _count: true, _min: { notBefore: true } }),
    db.outboxMessage.count({ where: { status: 'PENDING', OR: [{ notBefore: { lte: stuckSince } }, { attempts: { gt: 0 }, createdAt: { lte: stuckSince } }] } }),
    db.outboxMessage.count({ where: { status: 'FAILED', notBefore: { gt: new Date(now.getTime() - DAY_MS) }, lastError: { not: 'unreachable' } } }),
  ]);
  return {
    pending: pending._count,
    oldestPendingAgeSeconds: secondsSince(pending._min.createdAt, now),
    due: due._count,
    oldestDueAgeSeconds: secondsSince(due._min.notBefore, now),
    stuck,
    failedLastDay,
  };
}

/** Whether the database takes a write: a write that changes nothing still needs a writable file. */
async function writeFault(db: Db): Promise<string | undefined> {
  try {
    await db.$executeRawUnsafe('UPDATE "OutboxMessage" SET "id" = "id" WHERE 0');
    return undefined;
  } catch (error) {
    const fault = storageFaultOf(error);
    if (fault) return fault;
    throw error;
  }
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
 * Checks the database with a trivial query and a write that changes nothing and, when it
 * answers, reports the outbox backlog, stuck and failed messages, and the last scheduled
 * runs: enough to tell "down" from "behind" from "losing messages" without reading logs.
 */
export async function checkHealth(db: Db, now: Date, delivery?: DeliveryStatus): Promise<HealthReport> {
  const checkedAt = now.toISOString();
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    return { status: 'unavailable', checkedAt, database: { reachable: false } };
  }
  const [fault, outbox, jobs] = await Promise.all([writeFault(db), outboxBacklog(db, now), lastJobRuns(db)]);
  const storageFault = delivery?.storageFault();
  const problems: HealthProblem[] = [];
  if (fault) problems.push('database-not-writable');
  if (storageFault) problems.push('outbox-storage-fault');
  if (outbox.stuck > 0) problems.push('messages-stuck');
  if (outbox.failedLastDay > 0) problems.push('messages-failed');
  return {
    status: problems.length > 0 ? 'degraded' : 'ok',
    checkedAt,
    database: fault ? { reachable: true, writable: false, fault } : { reachable: true, writable: true },
    outbox,
    ...(delivery ? { delivery: { storageFault: storageFault ? { code: storageFault.code, since: storageFault.since.toISOString() } : null } } : {}),
    problems,
    jobs,
  };
}
