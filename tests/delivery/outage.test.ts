import { Writable } from 'node:stream';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { Channel } from '../../src/delivery/message.js';
import { queueMessages } from '../../src/delivery/outbox.js';
import { createOutboxWorker } from '../../src/delivery/worker.js';
import { createLogger } from '../../src/logger.js';
import { createTelegramChannel } from '../../src/telegram/telegram-channel.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { FakeTelegram, TEST_TOKEN } from '../helpers/fake-telegram.js';
import { TestClock } from '../helpers/test-clock.js';
import { onTelegram } from '../helpers/accounts.js';

const CHAT = { mother: 8001, grandma: 8002, teacher: 8003 };
const logs: string[] = [];
const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => done(void logs.push(String(chunk))) }));

let db: Db;
let telegram: FakeTelegram;
/** Where the Bot API was: nothing listens there any more, so every connection is refused. */
let gone: FakeTelegram;
const ids = { mother: 0, grandma: 0, teacher: 0 };

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  telegram = await new FakeTelegram().start();
  gone = await new FakeTelegram().start();
  await gone.stop();
  for (const key of Object.keys(CHAT) as (keyof typeof CHAT)[]) {
    ids[key] = (await db.user.create({ data: { accounts: onTelegram(CHAT[key]), displayName: key } })).id;
  }
});

afterAll(async () => {
  await telegram.stop();
  await db.$disconnect();
});

const textsTo = (chatId: number) =>
  telegram.calls.filter((call) => call.method === 'sendMessage' && !call.refused && Number(call.payload.chat_id) === chatId).map((call) => call.payload.text);

describe('an outage of the Bot API', () => {
  it('keeps every message through three minutes of refused connections, then delivers each exactly once, in order', async () => {
    const clock = new TestClock('2026-12-01T04:00:00Z'); // noon in Shanghai
    let down = true;
    const live = createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: telegram.url }));
    const refused = createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: gone.url }));
    const channel: Channel = { name: 'telegram', send: (address, message) => (down ? refused : live).send(address, message) };
    const worker = createOutboxWorker({ db, channel, logger, clock: clock.now, ratePerSecond: 200, perChatIntervalMs: 0, defaultTimezone: 'Asia/Shanghai' });
    const text = (key: keyof typeof ids, words: string, urgent = false) => ({ idempotencyKey: `outage:${key}:${words}`, recipientId: ids[key], message: { kind: 'text' as const, text: words }, urgent });
    await queueMessages(db, [text('mother', 'weekly note'), text('mother', 'letter from Xiaomei'), text('grandma', 'weekly note'), text('teacher', 'safeguarding alert', true)], clock.now());

    for (let elapsed = 0; elapsed < 3 * 60_000; elapsed += 5_000) {
      await worker.runOnce();
      clock.advance(5_000);
    }
    const during = await db.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(during.map((row) => row.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    // Each chat's first message was tried again and again (eight tries gave up before); the mother's second waits behind hers.
    expect(during.map((row) => [row.attempts >= 8, row.lastError?.startsWith('network: ') ?? null])).toEqual([
      [true, true],
      [false, null],
      [true, true],
      [true, true],
    ]);
    expect(telegram.calls.filter((call) => call.method === 'sendMessage')).toEqual([]);

    down = false;
    for (let minute = 0; minute < 15 && (await db.outboxMessage.count({ where: { status: { not: 'SENT' } } })) > 0; minute++) {
      await worker.runOnce();
      clock.advance(60_000);
    }
    expect(textsTo(CHAT.mother)).toEqual(['weekly note', 'letter from Xiaomei']);
    expect(textsTo(CHAT.grandma)).toEqual(['weekly note']);
    expect(textsTo(CHAT.teacher)).toEqual(['safeguarding alert']);
    expect((await db.outboxMessage.findMany()).map((row) => row.status)).toEqual(['SENT', 'SENT', 'SENT', 'SENT']);
    expect(logs.join('')).not.toMatch(/weekly note|Xiaomei|safeguarding alert/);
  });
});
