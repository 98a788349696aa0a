import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { ChannelError, type Channel, type ChannelReceipt, type OutgoingMessage } from './message.js';
import { createOutboxStore, type OutboxRow } from './outbox-store.js';
import { Pacer, Sleeper } from './pacing.js';
import { DEFAULT_QUIET_HOURS, quietHoursEnd, type QuietWindow } from './quiet-hours.js';
import { loadRecipients, type Recipient } from './recipients.js';

export interface OutboxWorkerOptions {
  db: Db;
  channel: Channel;
  logger: Logger;
  /** The wall clock for due times and quiet hours (tests move it); pacing uses a monotonic clock. */
  clock?: () => Date;
  /** Messages per second over all chats (Telegram allows about 30). */
  ratePerSecond?: number;
  /** At most one message per chat in this many milliseconds. */
  perChatIntervalMs?: number;
  /** Time zone of recipients with none of their own and no school. */
  defaultTimezone: string;
  /** Quiet hours of recipients who set none; null for none at all. */
  defaultQuietHours?: QuietWindow | null;
  /** Called once when a recipient is first found unreachable (Telegram's 403). */
  onUnreachable?: (recipientId: number) => Promise<void>;
  /** How often an idle running worker looks for newly queued messages. */
  pollIntervalMs?: number;
}

export interface OutboxWorker {
  /** Runs in the background until `stop()`: re-sends what a crash interrupted, then sends what falls due. */
  start(): void;
  /** Stops taking messages; resolves once the message in flight (if any) is recorded. */
  stop(): Promise<void>;
  /** Sends everything due now and returns how many were sent (tests, benchmarks). */
  runOnce(): Promise<number>;
}

/** Tries per message before it is FAILED (network errors and 5xx). */
export const MAX_ATTEMPTS = 8;
const BATCH = 100;
const MAX_BACKOFF_MS = 10 * 60_000;

/** The wait before retry number `attempts` (1 s, 2 s, 4 s … at most 10 minutes). */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

type Outcome = 'sent' | 'failed' | 'held' | 'deferred' | 'skipped' | 'stopped';
type Tally = Record<Exclude<Outcome, 'skipped' | 'stopped'>, number>;

function describe(error: unknown): string {
  if (error instanceof ChannelError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The outbox worker: sends PENDING messages oldest first through the channel, paced
 * globally and per chat, holding non-urgent ones through the recipient's quiet hours.
 * A row is SENDING only while its one send is in flight, so a kill repeats at most that one.
 * Logs carry ids and counts only, never message text.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, channel, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const perChatIntervalMs = options.perChatIntervalMs ?? 1000;
  const ratePerSecond = options.ratePerSecond ?? 25;
  const defaults = { timeZone: options.defaultTimezone, quietHours: options.defaultQuietHours === undefined ? DEFAULT_QUIET_HOURS : options.defaultQuietHours };
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const store = createOutboxStore(db);
  const pacer = new Pacer(ratePerSecond, perChatIntervalMs);
  const sleeper = new Sleeper();
  let stopping = false;
  let recovered = false;
  let loop: Promise<void> | undefined;
  let active: Promise<number> | undefined;

  async function onFailure(row: OutboxRow, recipient: Recipient, error: unknown): Promise<Outcome> {
    const failure = error instanceof ChannelError ? error.failure : { kind: 'transient' as const, reason: describe(error) };
    const now = clock();
    const attempts = row.attempts + 1;
    switch (failure.kind) {
      case 'rate-limited': {
        const waitMs = Math.max(1, failure.retryAfterSeconds) * 1000;
        pacer.pause(waitMs);
        await store.defer(row, new Date(now.getTime() + waitMs));
        logger.warn({ outboxId: row.id, retryAfterSeconds: failure.retryAfterSeconds }, 'outbox: rate limited; pausing');
        return 'deferred';
      }
      case 'unreachable': {
        recipient.unreachable = true;
        const newly = await store.markUnreachable(recipient.id, now);
        await store.fail(row.id, 'unreachable', attempts);
        logger.info({ outboxId: row.id, recipientId: recipient.id, newly }, 'outbox: recipient unreachable');
        if (newly && options.onUnreachable) {
          await options.onUnreachable(recipient.id).catch((err: unknown) => logger.error({ err, recipientId: recipient.id }, 'outbox: onUnreachable failed'));
        }
        return 'failed';
      }
      case 'rejected':
        await store.fail(row.id, failure.reason, attempts);
        logger.warn({ outboxId: row.id, reason: failure.reason }, 'outbox: message rejected');
        return 'failed';
      case 'transient': {
        if (attempts >= MAX_ATTEMPTS) {
          await store.fail(row.id, failure.reason, attempts);
          logger.warn({ outboxId: row.id, attempts }, 'outbox: giving up after repeated errors');
          return 'failed';
        }
        await store.defer(row, new Date(now.getTime() + backoffMs(attempts)), { attempts, lastError: failure.reason.slice(0, 500) });
        logger.warn({ outboxId: row.id, attempts, reason: failure.reason }, 'outbox: send failed; will retry');
        return 'deferred';
      }
    }
  }

  async function giveUp(row: OutboxRow, reason: string): Promise<Outcome> {
    await store.fail(row.id, reason, row.attempts);
    return 'failed';
  }

  /** Decides a row's fate without sending when it can; else waits for its turn, claims it and sends it. */
  async function handle(row: OutboxRow, recipient: Recipient | undefined): Promise<Outcome> {
    if (!recipient) return giveUp(row, 'no recipient');
    let message: OutgoingMessage;
    try {
      message = JSON.parse(row.payload) as OutgoingMessage;
    } catch {
      return giveUp(row, 'payload is not JSON');
    }
    for (;;) {
      if (recipient.unreachable) return giveUp(row, 'unreachable');
      const now = clock();
      const quietUntil = row.urgent || !recipient.quietWindow ? undefined : quietHoursEnd(now, recipient.timeZone, recipient.quietWindow);
      if (quietUntil) {
        await store.hold(row.id, quietUntil);
        logger.debug({ outboxId: row.id, until: quietUntil }, 'outbox: held for quiet hours');
        return 'held';
      }
      const wait = pacer.waitFor(recipient.id);
      if (wait === 0) break;
      await sleeper.sleep(wait);
      if (stopping) return 'stopped';
    }
    const resolved = await store.resolve(message);
    if (!resolved) return giveUp(row, 'file gone');
    if (!(await store.claim(row.id))) return 'skipped';
    pacer.take(recipient.id);
    let receipt: ChannelReceipt;
    try {
      receipt = await channel.send(recipient.address, resolved);
    } catch (error) {
      return onFailure(row, recipient, error);
    }
    if (receipt.uploadedFileId && message.kind === 'storedPhoto') await store.recordUpload(message.outboxFileId, receipt.uploadedFileId);
    await store.markSent(row, clock(), receipt.messageId);
    logger.debug({ outboxId: row.id }, 'outbox: sent');
    return 'sent';
  }

  /** The first row whose chat may be written to now, keeping each chat's rows in id order. */
  function nextRow(queue: OutboxRow[]): { row?: OutboxRow; waitMs: number } {
    const waiting = new Set<number>();
    let waitMs = Infinity;
    for (const row of queue) {
      if (waiting.has(row.recipientId)) continue;
      const chatWait = pacer.chatWait(row.recipientId);
      if (chatWait === 0) return { row, waitMs: 0 };
      waiting.add(row.recipientId);
      waitMs = Math.min(waitMs, chatWait);
    }
    return { waitMs };
  }

  async function sendBatch(rows: OutboxRow[], recipients: Map<number, Recipient>, tally: Tally): Promise<void> {
    let queue = rows;
    while (queue.length > 0 && !stopping) {
      const { row, waitMs } = nextRow(queue);
      if (!row) {
        await sleeper.sleep(waitMs);
        continue;
      }
      const outcome = await handle(row, recipients.get(row.recipientId));
      if (outcome === 'stopped') return;
      queue = queue.filter((other) => other !== row && !(outcome === 'deferred' && other.recipientId === row.recipientId));
      if (outcome !== 'skipped') tally[outcome]++;
    }
  }

  async function drain(): Promise<number> {
    if (!recovered) {
      recovered = true;
      const interrupted = await store.recoverInterrupted();
      if (interrupted > 0) logger.warn({ messages: interrupted }, 'outbox: sending again what a restart interrupted');
    }
    const tally: Tally = { sent: 0, failed: 0, held: 0, deferred: 0 };
    while (!stopping) {
      const rows = await store.due(clock(), BATCH);
      if (rows.length === 0) break;
      await sendBatch(rows, await loadRecipients(db, rows.map((row) => row.recipientId), defaults), tally);
    }
    if (tally.sent + tally.failed + tally.held + tally.deferred > 0) logger.info(tally, 'outbox: batch done');
    return tally.sent;
  }

  function track(run: Promise<number>): Promise<number> {
    active = run;
    return run.finally(() => {
      if (active === run) active = undefined;
    });
  }

  async function runLoop(): Promise<void> {
    while (!stopping) {
      try {
        await track(drain());
      } catch (err) {
        logger.error({ err }, 'outbox: worker error; retrying shortly');
        await sleeper.sleep(pollIntervalMs);
        continue;
      }
      if (stopping) break;
      const next = await store.nextDueAt().catch(() => undefined);
      const untilDue = next ? next.getTime() - clock().getTime() : pollIntervalMs;
      await sleeper.sleep(Math.min(pollIntervalMs, Math.max(untilDue, 10)));
    }
  }

  return {
    start() {
      if (loop) return;
      stopping = false;
      logger.info({ ratePerSecond, perChatIntervalMs }, 'outbox worker started');
      loop = runLoop();
    },

    async stop() {
      stopping = true;
      sleeper.wake();
      await Promise.allSettled([loop, active]);
      loop = undefined;
      logger.info('outbox worker stopped');
    },

    runOnce() {
      if (loop) return Promise.reject(new Error('the outbox worker is running; runOnce is for a stopped worker'));
      stopping = false;
      return track(drain());
    },
  };
}
