import { deleteExpiredChildData, deleteOldOutboxFiles, pruneSentPayloads } from '../domain/retention.js';
import { isoDate } from '../domain/school-month.js';
import { deleteOldKeptMessages } from '../domain/kept-messages.js';
import { localDateOf } from '../domain/call-slots.js';
import { runOncePerPeriod } from './job-runs.js';
import type { WeeklyCycleDeps } from './job-deps.js';

/** The default retention: two years after a child leaves the school. */
export const DEFAULT_RETENTION_DAYS = 730;

/**
 * Once a day: deletes what has expired under the retention rule, empties the text of
 * outbox messages sent long enough ago and drops the outbox's old report charts, and logs
 * the counts (never names).
 */
export async function runRetention(deps: WeeklyCycleDeps, now: Date): Promise<void> {
  const days = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
  await runOncePerPeriod(deps.db, 'retention', isoDate(localDateOf(now, 'UTC')), now, async () => {
    const counts = await deleteExpiredChildData(deps.db, now, days);
    const prunedPayloads = await pruneSentPayloads(deps.db, now);
    const outboxFiles = await deleteOldOutboxFiles(deps.db, now);
    const keptMessages = await deleteOldKeptMessages(deps.db, now);
    deps.logger.info({ ...counts, prunedPayloads, outboxFiles, keptMessages, retentionDays: days }, 'retention run');
  });
}
