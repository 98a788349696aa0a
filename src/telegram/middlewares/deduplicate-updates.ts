import type { MiddlewareFn } from 'grammy';
import { sqliteOf, type Db } from '../../db/client.js';
import { sqliteTimestamp } from '../../db/sqlite-connection.js';
import type { Logger } from '../../logger.js';

/** Telegram re-sends an unanswered update for about a day; a week of ids covers that well. */
const KEEP_UPDATE_IDS_MS = 7 * 24 * 3600_000;
/** Old ids are cleared at most this often, by the first update after the interval. */
const PRUNE_EVERY_MS = 3600_000;

export interface DeduplicationDeps {
  db: Db;
  logger: Logger;
  clock?: () => Date;
}

/**
 * Handles each update_id once: a webhook may deliver an update twice (Telegram retries when
 * the answer is slow or lost), and two instances may both fetch it. The id is recorded in
 * ProcessedUpdate before the update is handled, so a repeat finds it and is skipped: an
 * update that crashes the process half-way is not retried, rather than done twice. Ids
 * older than a week are cleared on the way.
 */
export function deduplicateUpdates(deps: DeduplicationDeps): MiddlewareFn {
  const clock = deps.clock ?? (() => new Date());
  const connection = sqliteOf(deps.db);
  let prunedAt = 0;
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const now = clock();
    const recorded = await connection.run('INSERT OR IGNORE INTO "ProcessedUpdate" ("updateId", "createdAt") VALUES (?, ?)', updateId, sqliteTimestamp(now));
    if (recorded.changes === 0) {
      deps.logger.info({ update_id: updateId }, 'repeated update ignored');
      return;
    }
    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await deps.db.processedUpdate.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - KEEP_UPDATE_IDS_MS) } } });
    }
    await next();
  };
}
