import { Writable } from 'node:stream';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { queueMessages } from '../../src/delivery/outbox.js';
import { storageFaultOf } from '../../src/delivery/storage-fault.js';
import { createOutboxWorker } from '../../src/delivery/worker.js';
import { checkHealth } from '../../src/health/health-report.js';
import { createLogger } from '../../src/logger.js';
import { createTelegramChannel } from '../../src/telegram/telegram-channel.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { FakeTelegram, TEST_TOKEN } from '../helpers/fake-telegram.js';
import { onTelegram } from '../helpers/accounts.js';

const logs: string[] = [];
const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => done(void logs.push(String(chunk))) }));
const lines = (text: string) => logs.filter((line) => line.includes(text)).map((line) => JSON.parse(line) as { level: number; code?: string });
const now = () => new Date('2026-12-01T04:00:00Z'); // noon in Shanghai

let db: Db;
let telegram: FakeTelegram;

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  telegram = await new FakeTelegram().start();
});

afterAll(async () => {
  await telegram.stop();
  await db.$disconnect();
});

async function until(condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a database that refuses writes', () => {
  it('is logged once, reported by /healthz as degraded, and sending resumes when it takes writes again', async () => {
    const users = await Promise.all([9001, 9002, 9003].map((chat) => db.user.create({ data: { accounts: onTelegram(chat), displayName: `Parent ${chat}` } })));
    await queueMessages(db, users.map((user) => ({ idempotencyKey: `readonly:${user.id}`, recipientId: user.id, message: { kind: 'text', text: 'weekly note' } })), now());
    const worker = createOutboxWorker({
      db,
      channel: createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: telegram.url })),
      logger,
      clock: now,
      ratePerSecond: 200,
      perChatIntervalMs: 0,
      defaultTimezone: 'Asia/Shanghai',
      pollIntervalMs: 20,
    });
    // As after the volume was remounted read-only: every write answers SQLITE_READONLY.
    await db.$executeRawUnsafe('PRAGMA query_only = ON');
    worker.start();
    try {
      await until(() => worker.storageFault() !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 300)); // many more tries of the worker
      expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toEqual([]);
      expect(lines('the database refuses writes').map((line) => [line.level, line.code])).toEqual([[50, 'SQLITE_READONLY']]);
      expect(lines('worker error')).toEqual([]);
      expect(await checkHealth(db, now(), worker)).toMatchObject({
        status: 'degraded',
        database: { reachable: true, writable: false, fault: 'SQLITE_READONLY' },
        delivery: { storageFault: { code: 'SQLITE_READONLY', since: now().toISOString() } },
        problems: ['database-not-writable', 'outbox-storage-fault'],
      });

      await db.$executeRawUnsafe('PRAGMA query_only = OFF');
      await until(async () => (await db.outboxMessage.count({ where: { status: 'SENT' } })) === 3);
      expect(telegram.calls.filter((call) => call.method === 'sendMessage' && !call.refused)).toHaveLength(3);
      expect(lines('the database takes writes again').map((line) => [line.level, line.code])).toEqual([[30, 'SQLITE_READONLY']]);
      expect(worker.storageFault()).toBeUndefined();
      expect(await checkHealth(db, now(), worker)).toMatchObject({ status: 'ok', database: { writable: true }, delivery: { storageFault: null }, problems: [] });
    } finally {
      await db.$executeRawUnsafe('PRAGMA query_only = OFF');
      await worker.stop();
    }
  });

  it('tells a full disk and an I/O error from a query\'s own mistake', async () => {
    const user = await db.user.create({ data: { accounts: onTelegram(9100n), displayName: 'Parent' } });
    const [pageCount] = await db.$queryRawUnsafe<{ page_count: bigint }[]>('PRAGMA page_count');
    await db.$queryRawUnsafe(`PRAGMA max_page_count = ${pageCount!.page_count}`);
    const full = await queueMessages(db, Array.from({ length: 500 }, (_, i) => ({ idempotencyKey: `full:${i}`, recipientId: user.id, message: { kind: 'text' as const, text: 'x'.repeat(500) } })), now()).catch((error: unknown) => error);
    await db.$queryRawUnsafe('PRAGMA max_page_count = 1073741823');
    expect(storageFaultOf(full)).toBe('SQLITE_FULL');
    expect(storageFaultOf(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }))).toBe('SQLITE_IOERR_WRITE');
    const mistake = await db.outboxMessage.create({ data: { idempotencyKey: 'full:0', recipientId: -1, payload: '{}' } }).catch((error: unknown) => error);
    expect(storageFaultOf(mistake)).toBeUndefined();
  });
});
