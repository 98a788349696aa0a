import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { ChannelError, type Channel, type ChannelMessage, type ChannelReceipt, type OutgoingMessage } from './message.js';
import { createOutboxStore, type OutboxRow } from './outbox-store.js';
import { storageFaultOf } from './storage-fault.js';
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
  /**
   * At most this many sends in flight at once, each to a different chat. Reaching the rate
   * takes about ratePerSecond × the time of one Bot API call: 25/s × 0.3 s ≈ 8, the default.
   */
  maxInFlight?: number;
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
  /** Stops taking messages; resolves once every send in flight is recorded. */
  stop(): Promise<void>;
  /** Sends everything due now and returns how many were sent (tests, benchmarks). */
  runOnce(): Promise<number>;
  /** While the database refuses the worker's writes (read-only, disk full, I/O errors): its SQLite code and since when. */
  storageFault(): StorageFault | undefined;
}

/** The database refusing writes, as the worker met it. */
export interface StorageFault {
  code: string;
  since: Date;
}

/** Sends in flight at once unless the worker is told otherwise. */
export const DEFAULT_MAX_IN_FLIGHT = 8;
const BATCH = 100;
const MAX_BACKOFF_MS = 10 * 60_000;
/** An urgent message (a safeguarding alert) is tried at least once a minute, however long the outage. */
const URGENT_MAX_BACKOFF_MS = 60_000;
/** The longest the worker sleeps while sends are in flight; each one finishing wakes it sooner. */
const IDLE_WAIT_MS = 1000;
/** A message meeting network errors or server errors is retried for at least this long; an urgent one for ever. */
export const RETRY_FOR_MS = 24 * 3600_000;

/** The wait before retry number `attempts` (1 s, 2 s, 4 s … at most 10 minutes; 1 minute when urgent). */
export function backoffMs(attempts: number, urgent = false): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), urgent ? URGENT_MAX_BACKOFF_MS : MAX_BACKOFF_MS);
}

/** The tries whose waits in between add up to `ms`: with backoff alone, a row is tried for that long. */
function attemptsSpanning(ms: number): number {
  let attempts = 1;
  for (let waited = 0; waited < ms; attempts++) waited += backoffMs(attempts);
  return attempts;
}

/**
 * Tries before a non-urgent message is FAILED after network errors and 5xx: the backoff
 * between them adds up to RETRY_FOR_MS, so an outage of a day loses nothing.
 */
export const MAX_ATTEMPTS = attemptsSpanning(RETRY_FOR_MS);

type Outcome = 'sent' | 'failed' | 'held' | 'deferred';

/** What becomes of a row, decided before any send: given up, held through quiet hours, or sent. */
type Plan = { giveUp: string } | { holdUntil: Date } | { send: OutgoingMessage; recipient: Recipient };

/** One drain's state: the due rows not yet started, in order, and the sends in flight by chat. */
interface Run {
  queue: OutboxRow[];
  recipients: Map<number, Recipient>;
  inFlight: Map<number, Promise<void>>;
  /** Recipients found unreachable in this drain (a recipient read earlier does not know yet). */
  unreachable: Set<number>;
  /** Chats whose send was deferred while due rows were being read, so those rows may be stale. */
  deferredWhileReading?: Set<number>;
  /** Stored photos (OutboxFile ids) being uploaded now: other sends of one wait for its file id. */
  uploading: Set<number>;
  tally: Record<Outcome, number>;
  error?: { cause: unknown };
}

function describe(error: unknown): string {
  if (error instanceof ChannelError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The outbox worker: sends PENDING messages (urgent first, then oldest first) through the
 * channel, paced globally and per chat, holding non-urgent ones through the recipient's quiet
 * hours. Up to `maxInFlight` sends are in flight at once, each to a different chat, so a slow
 * Bot API does not cap the rate; one loop starts them in order, so each chat gets its messages
 * in order, one at a time. A row is claimed (SENDING) just before its send, so a kill repeats at
 * most the sends in flight. While a stored photo is being uploaded, its other sends wait, to go
 * by the file id the upload brings. Logs carry ids and counts only, never message text.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, channel, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const perChatIntervalMs = options.perChatIntervalMs ?? 1000;
  const ratePerSecond = options.ratePerSecond ?? 25;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1)) throw new RangeError('maxInFlight must be a whole number of at least 1');
  const defaults = { timeZone: options.defaultTimezone, quietHours: options.defaultQuietHours === undefined ? DEFAULT_QUIET_HOURS : options.defaultQuietHours };
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const store = createOutboxStore(db);
  const pacer = new Pacer(ratePerSecond, perChatIntervalMs);
  const sleeper = new Sleeper();
  let stopping = false;
  let recovered = false;
  let loop: Promise<void> | undefined;
  let active: Promise<number> | undefined;
  let storageFault: StorageFault | undefined;

  /** Logs a storage fault once when it begins (or changes), not on every message or retry. */
  function noteStorageFault(code: string): void {
    if (storageFault?.code === code) return;
    storageFault = { code, since: clock() };
    logger.error({ code }, 'outbox: the database refuses writes (read-only, disk full or failing); sending is paused until it takes them again');
  }

  /** Called after a drain that wrote: a storage fault, if there was one, is over. */
  function storageWorks(): void {
    if (!storageFault) return;
    logger.info({ code: storageFault.code, since: storageFault.since }, 'outbox: the database takes writes again; sending resumes');
    storageFault = undefined;
  }

  async function onFailure(run: Run, row: OutboxRow, recipient: Recipient, error: unknown): Promise<Outcome> {
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
        run.unreachable.add(recipient.id);
        const newly = await store.markUnreachable(recipient.id, now);
        await store.fail(row.id, 'unreachable', attempts, now);
        logger.info({ outboxId: row.id, recipientId: recipient.id, newly }, 'outbox: recipient unreachable');
        if (newly && options.onUnreachable) {
          await options.onUnreachable(recipient.id).catch((err: unknown) => logger.error({ err, recipientId: recipient.id }, 'outbox: onUnreachable failed'));
        }
        return 'failed';
      }
      case 'rejected':
        await store.fail(row.id, failure.reason, attempts, now);
        logger.warn({ outboxId: row.id, reason: failure.reason }, 'outbox: message rejected');
        return 'failed';
      case 'transient': {
        if (!row.urgent && attempts >= MAX_ATTEMPTS) {
          await store.fail(row.id, failure.reason, attempts, now);
          logger.warn({ outboxId: row.id, attempts }, 'outbox: giving up after repeated errors');
          return 'failed';
        }
        await store.defer(row, new Date(now.getTime() + backoffMs(attempts, row.urgent)), { attempts, lastError: failure.reason.slice(0, 500) });
        logger.warn({ outboxId: row.id, attempts, reason: failure.reason }, 'outbox: send failed; will retry');
        return 'deferred';
      }
    }
  }

  async function giveUp(row: OutboxRow, reason: string): Promise<Outcome> {
    await store.fail(row.id, reason, row.attempts, clock());
    return 'failed';
  }

  async function hold(row: OutboxRow, until: Date): Promise<Outcome> {
    await store.hold(row.id, until);
    logger.debug({ outboxId: row.id, until }, 'outbox: held for quiet hours');
    return 'held';
  }

  /** Counts a row's outcome; a deferred row's chat waits with it (store.defer moved its later rows). */
  function settle(run: Run, row: OutboxRow, outcome: Outcome): void {
    run.tally[outcome]++;
    if (outcome !== 'deferred') return;
    run.queue = run.queue.filter((other) => other.recipientId !== row.recipientId);
    run.deferredWhileReading?.add(row.recipientId);
  }

  function planFor(run: Run, row: OutboxRow): Plan {
    const recipient = run.recipients.get(row.recipientId);
    if (!recipient) return { giveUp: 'no recipient' };
    let message: OutgoingMessage;
    try {
      message = JSON.parse(row.payload) as OutgoingMessage;
    } catch {
      return { giveUp: 'payload is not JSON' };
    }
    if (recipient.unreachable || run.unreachable.has(recipient.id)) return { giveUp: 'unreachable' };
    const quietUntil = row.urgent || !recipient.quietWindow ? undefined : quietHoursEnd(clock(), recipient.timeZone, recipient.quietWindow);
    if (quietUntil) return { holdUntil: quietUntil };
    return { send: message, recipient };
  }

  /** One send in flight: the channel call, then its outcome recorded. */
  async function send(run: Run, row: OutboxRow, recipient: Recipient, message: OutgoingMessage, resolved: ChannelMessage): Promise<Outcome> {
    let receipt: ChannelReceipt;
    try {
      receipt = await channel.send(recipient.address, resolved);
    } catch (error) {
      return onFailure(run, row, recipient, error);
    }
    if (receipt.uploadedFileId && message.kind === 'storedPhoto') await store.recordUpload(message.outboxFileId, receipt.uploadedFileId);
    await store.markSent(row, clock(), receipt.messageId);
    logger.debug({ outboxId: row.id }, 'outbox: sent');
    return 'sent';
  }

  /**
   * Claims a row and starts its send without waiting for it. Should a 429 have paused sending
   * while the row was being claimed, the row waits out the pause like the one that met the 429.
   */
  async function claimAndStart(run: Run, row: OutboxRow, recipient: Recipient, message: OutgoingMessage): Promise<void> {
    const resolved = await store.resolve(message);
    if (!resolved) return settle(run, row, await giveUp(row, 'file gone'));
    if (!(await store.claim(row.id))) return;
    const pausedMs = pacer.waitFor(row.recipientId);
    if (pausedMs > 0) {
      await store.defer(row, new Date(clock().getTime() + pausedMs));
      return settle(run, row, 'deferred');
    }
    pacer.take(row.recipientId);
    const upload = resolved.kind === 'photoUpload' && message.kind === 'storedPhoto' ? message.outboxFileId : undefined;
    if (upload !== undefined) run.uploading.add(upload);
    const flight = send(run, row, recipient, message, resolved)
      .then(
        (outcome) => settle(run, row, outcome),
        (cause: unknown) => void (run.error ??= { cause }),
      )
      .finally(() => {
        run.inFlight.delete(row.recipientId);
        if (upload !== undefined) run.uploading.delete(upload);
        sleeper.wake();
      });
    run.inFlight.set(row.recipientId, flight);
  }

  /** Whether the row is a stored photo whose upload is in flight for another chat. */
  function waitsForUpload(run: Run, row: OutboxRow): boolean {
    if (run.uploading.size === 0 || !row.payload.includes('storedPhoto')) return false;
    try {
      const message = JSON.parse(row.payload) as OutgoingMessage;
      return message.kind === 'storedPhoto' && run.uploading.has(message.outboxFileId);
    } catch {
      return false;
    }
  }

  /** The first row whose chat has nothing in flight and may be written to now, keeping each chat's rows in order. */
  function nextRow(run: Run): { row?: OutboxRow; waitMs: number } {
    const seen = new Set<number>();
    let waitMs = Infinity;
    for (const row of run.queue) {
      if (seen.has(row.recipientId)) continue;
      seen.add(row.recipientId);
      if (run.inFlight.has(row.recipientId) || waitsForUpload(run, row)) continue;
      const chatWait = pacer.chatWait(row.recipientId);
      if (chatWait === 0) return { row, waitMs: 0 };
      waitMs = Math.min(waitMs, chatWait);
    }
    return { waitMs };
  }

  /** Settles or starts the next row that may go now; else returns how long until one may (Infinity: a send must finish first). */
  async function startNext(run: Run): Promise<number> {
    const { row, waitMs } = nextRow(run);
    if (!row) return waitMs;
    const plan = planFor(run, row);
    if ('send' in plan) {
      const paceMs = pacer.waitFor(row.recipientId);
      if (paceMs > 0) return paceMs;
    }
    run.queue.splice(run.queue.indexOf(row), 1);
    if ('giveUp' in plan) settle(run, row, await giveUp(row, plan.giveUp));
    else if ('holdUntil' in plan) settle(run, row, await hold(row, plan.holdUntil));
    else await claimAndStart(run, row, plan.recipient, plan.send);
    return 0;
  }

  /** Reads the next due rows and their recipients; rows in flight are SENDING, so not among them. */
  async function readDue(run: Run): Promise<void> {
    const deferred = new Set<number>();
    run.deferredWhileReading = deferred;
    try {
      const rows = await store.due(clock(), BATCH);
      if (rows.length > 0) run.recipients = await loadRecipients(db, channel.name, rows.map((row) => row.recipientId), defaults);
      run.queue = rows.filter((row) => !deferred.has(row.recipientId));
    } finally {
      run.deferredWhileReading = undefined;
    }
  }

  /**
   * Sends what is due until nothing is due or in flight, or the worker stops (then it waits for
   * the sends in flight and starts no more). New rows are read while the last ones are in flight.
   */
  async function drain(): Promise<number> {
    if (!recovered) {
      const interrupted = await store.recoverInterrupted();
      recovered = true;
      if (interrupted > 0) logger.warn({ messages: interrupted }, 'outbox: sending again what a restart interrupted');
    }
    const run: Run = {
      queue: [],
      recipients: new Map(),
      inFlight: new Map(),
      unreachable: new Set(),
      uploading: new Set(),
      tally: { sent: 0, failed: 0, held: 0, deferred: 0 },
    };
    try {
      while (!stopping && !run.error) {
        if (run.queue.length === 0) await readDue(run);
        if (run.queue.length === 0 && run.inFlight.size === 0) break;
        const waitMs = run.inFlight.size >= maxInFlight ? Infinity : await startNext(run);
        if (waitMs > 0) await sleeper.sleep(Math.min(waitMs, IDLE_WAIT_MS));
      }
    } finally {
      await Promise.allSettled(run.inFlight.values());
    }
    if (run.error) throw run.error.cause;
    const { tally } = run;
    if (tally.sent + tally.failed + tally.held + tally.deferred > 0) {
      storageWorks();
      logger.info(tally, 'outbox: batch done');
    }
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
        const fault = storageFaultOf(err);
        if (fault) noteStorageFault(fault);
        else logger.error({ err }, 'outbox: worker error; retrying shortly');
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
      logger.info({ ratePerSecond, perChatIntervalMs, maxInFlight }, 'outbox worker started');
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

    storageFault: () => storageFault,
  };
}
