import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { queueMessages } from '../../src/delivery/outbox.js';
import { DEFAULT_MAX_IN_FLIGHT } from '../../src/delivery/worker.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { createTelegramUsers } from '../helpers/accounts.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const workerScript = fileURLToPath(new URL('../helpers/outbox-worker-process.ts', import.meta.url));
const RECIPIENTS = 1000;
const FIRST_CHAT = 900_000;

let databaseUrl: string;
let db: Db;
let telegram: FakeTelegram;

/** Starts the worker in its own process, as `npm start` would run it, with its output kept. */
function startWorker(): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, TELEGRAM_API_ROOT: telegram.url, OUTBOX_RATE: '500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => (text += chunk));
  child.stderr?.on('data', (chunk) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => text };
}

const accepted = () => telegram.calls.filter((call) => call.method === 'sendMessage' && !call.refused);

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl();
  db = await openDatabase(databaseUrl);
  telegram = await new FakeTelegram().start();
  await createTelegramUsers(db, Array.from({ length: RECIPIENTS }, (_, i) => ({ telegramId: FIRST_CHAT + i, displayName: `Parent ${i}` })));
  const users = await db.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const queued = await queueMessages(
    db,
    users.map((user, i) => ({ idempotencyKey: `crash-test:${user.id}`, recipientId: user.id, message: { kind: 'text', text: `note ${i}` } })),
  );
  expect(queued).toBe(RECIPIENTS);
});

afterAll(async () => {
  await telegram.stop();
  await db.$disconnect();
});

describe('a worker killed in the middle of a run', () => {
  it('delivers exactly one message to every recipient after a restart, but for those in flight', async () => {
    const first = startWorker();
    let inFlight: number[];
    try {
      await telegram.waitForCall(() => accepted().length >= 300, 30_000);
      // Hold Telegram's answers, so the kill comes while the worker has all it may in flight: a
      // send's slot frees only once its outcome is recorded, so no other row is SENDING then.
      const stalledAt = telegram.calls.length;
      telegram.stall();
      await telegram.waitForCall(() => telegram.calls.length - stalledAt >= DEFAULT_MAX_IN_FLIGHT, 5_000);
      inFlight = telegram.calls.slice(stalledAt).map((call) => Number(call.payload.chat_id));
    } finally {
      first.child.kill('SIGKILL');
    }
    await first.exited;
    telegram.resume();
    const sentBeforeKill = accepted().length;
    expect(sentBeforeKill).toBeLessThan(RECIPIENTS);
    expect(inFlight).toHaveLength(DEFAULT_MAX_IN_FLIGHT);
    expect(await db.outboxMessage.count({ where: { status: 'SENDING' } })).toBe(DEFAULT_MAX_IN_FLIGHT);

    const second = startWorker();
    expect(await second.exited, second.output()).toBe(0);

    const perChat = new Map<number, number>();
    for (const call of accepted()) perChat.set(Number(call.payload.chat_id), (perChat.get(Number(call.payload.chat_id)) ?? 0) + 1);
    const counts = Array.from({ length: RECIPIENTS }, (_, i) => perChat.get(FIRST_CHAT + i) ?? 0);
    expect(counts.filter((count) => count === 0)).toHaveLength(0);
    expect(counts.filter((count) => count > 2)).toHaveLength(0);
    // Telegram got those in flight before the kill, and again after the restart; no others twice.
    expect(counts.filter((count) => count === 2)).toHaveLength(DEFAULT_MAX_IN_FLIGHT);
    for (const chat of inFlight) expect(perChat.get(chat)).toBe(2);
    expect(perChat.size).toBe(RECIPIENTS);
    expect(await db.outboxMessage.count({ where: { status: 'SENT' } })).toBe(RECIPIENTS);
    console.log(`crash test: killed after ${sentBeforeKill} sends; ${counts.filter((c) => c === 2).length} sent twice`);
  }, 90_000);
});
