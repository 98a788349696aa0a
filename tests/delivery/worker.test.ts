import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { OutgoingMessage } from '../../src/delivery/message.js';
import { queueMessages, storeOutboxFile, type QueuedMessage } from '../../src/delivery/outbox.js';
import { backoffMs, createOutboxWorker, MAX_ATTEMPTS, type OutboxWorkerOptions } from '../../src/delivery/worker.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { createLogger } from '../../src/logger.js';
import { notifyUnreachable } from '../../src/notifications/unreachable.js';
import { createTelegramChannel } from '../../src/telegram/telegram-channel.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { TestClock } from '../helpers/test-clock.js';
import { FakeTelegram, TEST_TOKEN, type ApiCall } from '../helpers/fake-telegram.js';
import { onTelegram } from '../helpers/accounts.js';

let db: Db;
let telegram: FakeTelegram;
let translations: Translations;
let clock: TestClock;
const logs: string[] = [];
const logger = createLogger(
  'info',
  new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  }),
);

/** The school: a class teacher who reads English, a class, a child and her mother and grandmother. */
const people = { teacher: 0, mother: 0, grandma: 0, other: 0, traveller: 0, stranger: 0 };
const CHAT = { teacher: 7001, mother: 7002, grandma: 7003, other: 7004, traveller: 7005, stranger: 7006 };
/** Twelve parents with no school (the default zone and quiet hours), for many chats at once. */
const PARENT_CHATS = Array.from({ length: 12 }, (_, i) => 7101 + i);
const parents: number[] = [];

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  telegram = await new FakeTelegram().start();
  translations = await loadTranslations();
  const school = await db.school.create({ data: { name: 'Hope Middle School', timezone: 'Asia/Shanghai' } });
  const cls = await db.class.create({ data: { schoolId: school.id, name: 'Class 7-1' } });
  const user = (key: keyof typeof CHAT, displayName: string, extra: object = {}) =>
    db.user.create({ data: { accounts: onTelegram(CHAT[key]), displayName, ...extra } }).then((u) => (people[key] = u.id));
  await user('teacher', 'Teacher Zhang', { languageCode: 'en' });
  await user('mother', 'Mother Liu');
  await user('grandma', 'Grandma Liu');
  await user('other', 'Father Chen');
  // Lives in London, with his own quiet hours from 01:00 to 02:00.
  await user('traveller', 'Father Wang', { timezone: 'Europe/London', quietStart: 60, quietEnd: 120 });
  await user('stranger', 'Someone');
  for (const [i, chat] of PARENT_CHATS.entries()) {
    parents.push((await db.user.create({ data: { accounts: onTelegram(chat), displayName: `Parent ${i + 1}` } })).id);
  }
  await db.membership.create({ data: { userId: people.teacher, role: 'TEACHER', schoolId: school.id, classId: cls.id, classTeacher: true } });
  const child = await db.child.create({ data: { schoolId: school.id, classId: cls.id, name: 'Liu Xiaomei' } });
  const other = await db.child.create({ data: { schoolId: school.id, classId: cls.id, name: 'Chen Hao' } });
  for (const [userId, childId] of [[people.mother, child.id], [people.grandma, child.id], [people.other, other.id], [people.traveller, other.id]] as const) {
    await db.guardianLink.create({ data: { userId, childId, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date() } });
  }
});

afterAll(async () => {
  await telegram.stop();
  await db.$disconnect();
});

beforeEach(async () => {
  await db.outboxMessage.deleteMany();
  await db.user.updateMany({ data: { unreachableAt: null } });
  telegram.unblock(CHAT.mother);
  telegram.calls.length = 0;
  logs.length = 0;
  clock = new TestClock('2026-12-01T04:00:00Z'); // noon in Shanghai
});

function worker(overrides: Partial<OutboxWorkerOptions> = {}) {
  return createOutboxWorker({
    db,
    channel: createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: telegram.url })),
    logger,
    clock: clock.now,
    ratePerSecond: 200,
    perChatIntervalMs: 0,
    defaultTimezone: 'Asia/Shanghai',
    ...overrides,
  });
}

let serial = 0;
function text(recipientId: number, words: string, extra: Partial<QueuedMessage> = {}): QueuedMessage {
  return { idempotencyKey: `test:${++serial}`, recipientId, message: { kind: 'text', text: words }, ...extra };
}

function queue(messages: QueuedMessage[]): Promise<number> {
  return queueMessages(db, messages, clock.now());
}

const sends = () => telegram.calls.filter((call) => call.method.startsWith('send'));
const delivered = (chatId?: number) => sends().filter((call) => !call.refused && (chatId === undefined || Number(call.payload.chat_id) === chatId));
const textsTo = (chatId: number) => delivered(chatId).map((call) => call.payload.text);
const rowsByKey = async () => new Map((await db.outboxMessage.findMany()).map((row) => [row.idempotencyKey, row]));

describe('the outbox worker', () => {
  it('waits out a 429, pausing every send, and retries a 500 with backoff until all is delivered', async () => {
    const messages = [text(people.mother, 'one'), text(people.grandma, 'two'), text(people.other, 'three')];
    await queue(messages);
    telegram.failNext('sendMessage', 429, 'Too Many Requests: retry after 1', 1);
    telegram.failNext('sendMessage', 500, 'Internal Server Error');

    // One at a time: with several in flight, 'two' could be under way before the 429 came back
    // (sends in flight are not called back); 'several sends in flight' below covers that case.
    const w = worker({ maxInFlight: 1 });
    expect(await w.runOnce()).toBe(2); // 'three' after the pause, then 'one'; 'two' waits for its backoff
    const [limited, failed, third] = sends();
    expect(limited!.refused).toMatch(/Too Many Requests/);
    expect(failed!.refused).toMatch(/Internal Server Error/);
    expect(failed!.at! - limited!.at!).toBeGreaterThanOrEqual(950); // the whole worker paused for retry_after
    expect(third!.payload.text).toBe('three');
    expect((await rowsByKey()).get(messages[1]!.idempotencyKey)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringMatching(/500/) });

    clock.advance(backoffMs(1));
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0);
    expect([...textsTo(CHAT.mother), ...textsTo(CHAT.grandma), ...textsTo(CHAT.other)]).toEqual(['one', 'two', 'three']);
    const rows = await rowsByKey();
    for (const { idempotencyKey } of messages) {
      expect(rows.get(idempotencyKey)).toMatchObject({ status: 'SENT', sentAt: expect.any(Date), channelMessageId: expect.stringMatching(/^\d+$/) });
    }
    expect(rows.get(messages[1]!.idempotencyKey)).toMatchObject({ attempts: 2, lastError: null });
  });

  it('marks a 403 recipient unreachable, sends them nothing more, and tells the class teacher once', async () => {
    telegram.block(CHAT.mother);
    const notify = vi.fn((userId: number) => notifyUnreachable({ db, translations, defaultLocale: 'zh-CN', clock: clock.now }, userId).then(() => undefined));
    const w = worker({ onUnreachable: notify });
    await queue([text(people.mother, 'first'), text(people.grandma, 'for grandma'), text(people.mother, 'second')]);

    expect(await w.runOnce()).toBe(2); // grandma's, then the teacher's notice
    expect(sends().filter((call) => Number(call.payload.chat_id) === CHAT.mother)).toHaveLength(1);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(people.mother);
    expect((await db.user.findUniqueOrThrow({ where: { id: people.mother } })).unreachableAt).toBeInstanceOf(Date);
    const mothers = await db.outboxMessage.findMany({ where: { recipientId: people.mother }, orderBy: { id: 'asc' } });
    expect(mothers.map((row) => [row.status, row.lastError, row.attempts])).toEqual([
      ['FAILED', 'unreachable', 1],
      ['FAILED', 'unreachable', 0],
    ]);
    expect(textsTo(CHAT.grandma)).toEqual(['for grandma']);
    expect(textsTo(CHAT.teacher)).toEqual([
      'Mother Liu, family of Liu Xiaomei, can no longer be reached on Telegram: they blocked Jiashu or their account was deleted. Jiashu has stopped sending them messages; please get in touch with them another way.',
    ]);

    // Later messages are not tried; the teacher is not told twice.
    await queue([text(people.mother, 'third')]);
    expect(await w.runOnce()).toBe(0);
    expect(await notifyUnreachable({ db, translations, defaultLocale: 'zh-CN', clock: clock.now }, people.mother)).toBe(0);
    expect(await w.runOnce()).toBe(0);
    expect(sends().filter((call) => Number(call.payload.chat_id) === CHAT.mother)).toHaveLength(1);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(logs.join('')).not.toMatch(/Mother Liu|Liu Xiaomei|first|for grandma/);
  });

  it('holds a message through quiet hours until the window opens; urgent ones go through', async () => {
    clock.set('2026-12-01T15:30:00Z'); // 23:30 in Shanghai, 15:30 in London
    const w = worker({ defaultTimezone: 'Europe/London' });
    const [calm, urgent, teacher, own, stranger] = [
      text(people.mother, 'weekly note'), // her child's school is in Shanghai
      text(people.mother, 'urgent: call the school', { urgent: true }),
      text(people.teacher, 'for the teacher'), // a member of the school in Shanghai
      text(people.traveller, 'his own hours and zone'), // London, quiet 01:00–02:00
      text(people.stranger, 'no school: the default zone'), // London, default quiet hours
    ];
    await queue([calm, urgent, teacher, own, stranger]);

    expect(await w.runOnce()).toBe(3);
    expect(textsTo(CHAT.mother)).toEqual(['urgent: call the school']);
    expect(textsTo(CHAT.traveller)).toEqual(['his own hours and zone']);
    expect(textsTo(CHAT.stranger)).toEqual(['no school: the default zone']);
    const rows = await rowsByKey();
    const morning = new Date('2026-12-01T23:00:00Z'); // 07:00 in Shanghai
    expect(rows.get(calm.idempotencyKey)).toMatchObject({ status: 'PENDING', notBefore: morning, attempts: 0 });
    expect(rows.get(teacher.idempotencyKey)).toMatchObject({ status: 'PENDING', notBefore: morning });

    clock.set('2026-12-01T22:59:00Z');
    expect(await w.runOnce()).toBe(0);
    clock.set('2026-12-01T23:00:00Z');
    expect(await w.runOnce()).toBe(2);
    expect(textsTo(CHAT.mother)).toEqual(['urgent: call the school', 'weekly note']);
    expect(textsTo(CHAT.teacher)).toEqual(['for the teacher']);
  });

  it('keeps each chat in order, at most one message per chat per interval, within the global rate', async () => {
    const w = worker({ perChatIntervalMs: 300, ratePerSecond: 20 });
    const order = ['m1', 'g1', 'm2', 'm3', 'g2', 'o1', 'o2', 'o3'];
    const ids: Record<string, number> = { m: people.mother, g: people.grandma, o: people.other };
    await queue(order.map((label) => text(ids[label[0]!]!, label)));

    const started = performance.now();
    expect(await w.runOnce()).toBe(8);
    expect(performance.now() - started).toBeGreaterThanOrEqual(550); // m1 → m2 → m3: two intervals
    expect(textsTo(CHAT.mother)).toEqual(['m1', 'm2', 'm3']);
    expect(textsTo(CHAT.grandma)).toEqual(['g1', 'g2']);
    expect(textsTo(CHAT.other)).toEqual(['o1', 'o2', 'o3']);
    const gaps = (calls: ApiCall[]) => calls.slice(1).map((call, i) => call.at! - calls[i]!.at!);
    // Gaps are measured where the fake receives the calls, so a loaded machine may shift one
    // arrival; the pacing itself is on the sending side. Allow half an interval of jitter.
    for (const chat of [CHAT.mother, CHAT.grandma, CHAT.other]) {
      for (const gap of gaps(delivered(chat))) expect(gap).toBeGreaterThanOrEqual(150);
    }
    const all = delivered();
    expect(all.at(-1)!.at! - all[0]!.at!).toBeGreaterThanOrEqual(((all.length - 1) * 1000) / 20 / 2); // 20 a second overall
    expect(delivered()[1]!.payload.text).toBe('g1'); // other chats do not wait for the mother's
  });

  it('sends an urgent message before a long queue of ordinary ones queued earlier', async () => {
    await queue(Array.from({ length: 150 }, (_, i) => text(people.other, `weekly ${i + 1}`)));
    await queue([text(people.mother, 'safeguarding alert', { urgent: true })]);
    expect(await worker().runOnce()).toBe(151);
    expect(delivered()[0]!.payload.text).toBe('safeguarding alert');
    expect(textsTo(CHAT.other)).toEqual(Array.from({ length: 150 }, (_, i) => `weekly ${i + 1}`));
  });

  it('queues nothing twice when a job runs twice, and sends each message once', async () => {
    const batch = [text(people.mother, 'note'), text(people.grandma, 'note')];
    expect(await queue(batch)).toBe(2);
    expect(await queue(batch)).toBe(0);
    expect(await worker().runOnce()).toBe(2);
    expect(await queue(batch)).toBe(0);
    expect(await worker().runOnce()).toBe(0);
    expect(delivered()).toHaveLength(2);
  });

  it('backs off 1 s, 2 s, 4 s … to 10 minutes and gives up only after a day of tries; a refused message is not retried', async () => {
    expect([1, 2, 3, 4, 10, 11].map((attempts) => backoffMs(attempts))).toEqual([1000, 2000, 4000, 8000, 512_000, 600_000]);
    const [flaky, refused] = [text(people.mother, 'flaky'), text(people.grandma, 'refused')];
    await queue([flaky]);
    const w = worker({ defaultQuietHours: null }); // a day of tries goes through a night
    const startedAt = clock.now().getTime();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      telegram.failNext('sendMessage', 502, 'Bad Gateway');
      const before = clock.now().getTime();
      expect(await w.runOnce()).toBe(0);
      const row = (await rowsByKey()).get(flaky.idempotencyKey)!;
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe('PENDING');
        expect(row.notBefore.getTime() - before).toBeGreaterThanOrEqual(backoffMs(attempt));
        expect(row.notBefore.getTime() - before).toBeLessThan(backoffMs(attempt) + 1000);
        clock.advance(backoffMs(attempt));
      } else {
        expect(row).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/502/) });
      }
    }
    expect(clock.now().getTime() - startedAt).toBeGreaterThanOrEqual(24 * 3600_000);
    telegram.failNext('sendMessage', 400, 'Bad Request: chat not found');
    await queue([refused]);
    expect(await w.runOnce()).toBe(0);
    clock.advance(60 * 60_000);
    expect(await w.runOnce()).toBe(0);
    expect((await rowsByKey()).get(refused.idempotencyKey)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: '400: Bad Request: chat not found' });
    expect(sends()).toHaveLength(MAX_ATTEMPTS + 1);
  });

  it('never gives up on an urgent message: after a day of errors it is still tried every minute', async () => {
    expect([1, 6, 7, 500].map((attempts) => backoffMs(attempts, true))).toEqual([1000, 32_000, 60_000, 60_000]);
    const alert = text(people.mother, 'safeguarding alert', { urgent: true });
    await queue([alert]);
    // As after a day of outage: far more tries than an ordinary message gets.
    await db.outboxMessage.update({ where: { idempotencyKey: alert.idempotencyKey }, data: { attempts: MAX_ATTEMPTS + 10 } });
    const w = worker();
    telegram.failNext('sendMessage', 503, 'Service Unavailable');
    const before = clock.now().getTime();
    expect(await w.runOnce()).toBe(0);
    const row = (await rowsByKey()).get(alert.idempotencyKey)!;
    expect(row).toMatchObject({ status: 'PENDING', attempts: MAX_ATTEMPTS + 11 });
    expect(row.notBefore.getTime() - before).toBeLessThan(61_000);
    clock.advance(60_000);
    expect(await w.runOnce()).toBe(1);
    expect(textsTo(CHAT.mother)).toEqual(['safeguarding alert']);
  });

  it('retries when Telegram refuses the bot itself (401, 404: a token to fix), not only on 5xx', async () => {
    const note = text(people.other, 'after the token is fixed');
    await queue([note]);
    telegram.failNext('sendMessage', 401, 'Unauthorized');
    const w = worker();
    expect(await w.runOnce()).toBe(0);
    expect((await rowsByKey()).get(note.idempotencyKey)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: '401: Unauthorized' });
    clock.advance(backoffMs(1));
    telegram.failNext('sendMessage', 404, 'Not Found');
    expect(await w.runOnce()).toBe(0);
    clock.advance(backoffMs(2));
    expect(await w.runOnce()).toBe(1);
    expect(textsTo(CHAT.other)).toEqual(['after the token is fixed']);
  });

  it('sends again a message a crash left SENDING, and nothing already sent', async () => {
    await queue([text(people.mother, 'in flight'), text(people.grandma, 'done')]);
    await db.outboxMessage.updateMany({ where: { recipientId: people.mother }, data: { status: 'SENDING' } });
    await db.outboxMessage.updateMany({ where: { recipientId: people.grandma }, data: { status: 'SENT' } });
    expect(await worker().runOnce()).toBe(1);
    expect(delivered().map((call) => call.payload.text)).toEqual(['in flight']);
  });

  it('runs in the background, picks up what is queued later, and stops after the messages in flight', async () => {
    const w = worker({ pollIntervalMs: 50, ratePerSecond: 20 });
    w.start();
    await queue(Array.from({ length: 6 }, (_, i) => text([people.mother, people.grandma, people.other][i % 3]!, `late ${i}`)));
    await telegram.waitForCall((call) => call.method === 'sendMessage', 3_000);
    await w.stop();
    const statuses = (await db.outboxMessage.findMany()).map((row) => row.status);
    expect(statuses).not.toContain('SENDING');
    expect(statuses.filter((status) => status === 'SENT')).toHaveLength(delivered().length);
    expect(delivered().length).toBeLessThan(6);

    const again = worker({ pollIntervalMs: 50 });
    again.start();
    await telegram.waitForCall(() => delivered().length === 6, 3_000);
    await again.stop();
    expect(new Set(delivered().map((call) => call.payload.text)).size).toBe(6);
  });
});

describe('several sends in flight at once', () => {
  /** How long the fake Bot API takes to answer each call, as real Telegram takes 100–300 ms. */
  const LATENCY = 150;
  beforeEach(() => telegram.setLatency(LATENCY));
  afterEach(() => telegram.setLatency(0));

  const arrivals = (calls: ApiCall[]) => calls.map((call) => call.at!).sort((a, b) => a - b);
  /**
   * The most calls the fake held at one time: each is answered no sooner than LATENCY after it
   * came, so the worker had at least as many in flight (less 1 ms for Date.now's rounding).
   */
  const mostAtOnce = (calls: ApiCall[]) => Math.max(...calls.map((call) => calls.filter((other) => other.at! <= call.at! && call.at! < other.at! + LATENCY - 1).length));

  it('overlaps sends to different chats, while each chat gets its messages in order and one at a time', async () => {
    const chats = PARENT_CHATS.slice(0, 8);
    // Each chat's three one after the other, so only its send in flight holds back the next.
    await queue(parents.slice(0, 8).flatMap((id, i) => [1, 2, 3].map((round) => text(id, `parent ${i + 1}: ${round}`))));

    const started = performance.now();
    expect(await worker({ maxInFlight: 4 }).runOnce()).toBe(24);
    // One at a time, 24 calls of 150 ms take 3.6 s; four at a time about 0.9 s.
    expect(performance.now() - started).toBeLessThan((24 * LATENCY) / 2);
    expect(mostAtOnce(sends())).toBeGreaterThanOrEqual(3);
    expect(mostAtOnce(sends())).toBeLessThanOrEqual(4);
    for (const [i, chat] of chats.entries()) {
      expect(textsTo(chat)).toEqual([1, 2, 3].map((round) => `parent ${i + 1}: ${round}`));
      // The next message to a chat leaves only once the answer to the last one is back.
      const [first, second, third] = delivered(chat).map((call) => call.at!);
      expect(second! - first!).toBeGreaterThanOrEqual(LATENCY - 1);
      expect(third! - second!).toBeGreaterThanOrEqual(LATENCY - 1);
    }
    expect((await db.outboxMessage.findMany()).every((row) => row.status === 'SENT')).toBe(true);
  });

  it('keeps to the global rate with several in flight', async () => {
    const rate = 25;
    const spacing = 1000 / rate;
    await queue([1, 2].flatMap((round) => parents.map((id, i) => text(id, `parent ${i + 1}: ${round}`))));

    expect(await worker({ ratePerSecond: rate }).runOnce()).toBe(24);
    const at = arrivals(delivered());
    expect(mostAtOnce(sends())).toBeGreaterThanOrEqual(3); // 150 ms at 25 a second: about 4 at once
    // Sends start 40 ms apart; arrivals may shift a little, so look at five at a time.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual((at.length - 2) * spacing);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5]! - at[i]!).toBeGreaterThanOrEqual(4 * spacing);
  });

  it('stops while several are in flight: waits for their answers, starts no more, leaves nothing SENDING', async () => {
    telegram.setLatency(300);
    await queue(parents.map((id, i) => text(id, `parent ${i + 1}`)));
    const w = worker({ pollIntervalMs: 50 });
    w.start();
    await telegram.waitForCall(() => sends().length >= 4, 3_000);
    const stopping = Date.now();
    await w.stop();
    const stoppedAt = Date.now();

    // stop() came while several were unanswered (each takes 300 ms).
    expect(sends().filter((call) => stopping - call.at! < 300 - 1).length).toBeGreaterThanOrEqual(3);
    const sent = delivered();
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.length).toBeLessThanOrEqual(8); // the default maxInFlight; nothing was answered before stop()
    for (const call of sent) expect(stoppedAt - call.at!).toBeGreaterThanOrEqual(300 - 1); // each answered before stop() resolved
    const rows = await db.outboxMessage.findMany();
    expect(rows.filter((row) => row.status === 'SENDING')).toEqual([]);
    expect(rows.filter((row) => row.status === 'SENT').map((row) => row.recipientId).sort()).toEqual(
      sent.map((call) => parents[PARENT_CHATS.indexOf(Number(call.payload.chat_id))]).sort(),
    );
    expect(rows.filter((row) => row.status === 'PENDING')).toHaveLength(12 - sent.length);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sends()).toHaveLength(sent.length);
  });

  it('starts no new send after a 429 until the pause is over; those in flight finish', async () => {
    await queue(parents.map((id, i) => text(id, `parent ${i + 1}`)));
    telegram.failNext('sendMessage', 429, 'Too Many Requests: retry after 1', 1);

    expect(await worker().runOnce()).toBe(12);
    const limited = sends().find((call) => call.refused)!;
    expect(limited.refused).toMatch(/Too Many Requests/);
    const answered = limited.at! + LATENCY; // when the 429 went back, at the earliest
    const before = sends().filter((call) => call.at! < answered);
    const after = sends().filter((call) => call.at! >= answered);
    expect(before.length).toBeGreaterThanOrEqual(4); // sent together with the one that met the 429
    expect(before.filter((call) => call !== limited).every((call) => !call.refused)).toBe(true);
    // Nothing new left between the 429 (and the answers in flight then) and the end of the pause.
    for (const call of after) expect(call.at! - answered).toBeGreaterThanOrEqual(950);
    expect(after.length).toBe(13 - before.length);
    expect(textsTo(Number(limited.payload.chat_id))).toEqual([limited.payload.text]);
    for (const chat of PARENT_CHATS) expect(delivered(chat)).toHaveLength(1);
    expect((await db.outboxMessage.findMany()).every((row) => row.status === 'SENT')).toBe(true);
  });
});

describe('a photo the outbox keeps (a report chart)', () => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const photoOf = (outboxFileId: number) => (recipientId: number, key: string): QueuedMessage => ({
    idempotencyKey: key,
    recipientId,
    message: { kind: 'storedPhoto', outboxFileId, caption: 'chart' },
  });

  it('is uploaded until one upload succeeds, then sent by the file id Telegram gave it', async () => {
    const fileId = await storeOutboxFile(db, 'chart.png', bytes, clock.now());
    const photo = photoOf(fileId);
    await queue([photo(people.mother, 'chart:mother'), photo(people.grandma, 'chart:grandma')]);
    telegram.failNext('sendPhoto', 500, 'Internal Server Error');
    const w = worker();
    expect(await w.runOnce()).toBe(1); // the mother's upload fails and waits; the grandmother's goes through
    const uploads = telegram.uploads.filter((upload) => upload.method === 'sendPhoto').slice(-2);
    expect(uploads.map((upload) => [upload.filename, [...upload.content]])).toEqual([
      ['chart.png', [...bytes]],
      ['chart.png', [...bytes]],
    ]);
    const file = await db.outboxFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(file).toMatchObject({ channelFileId: expect.stringMatching(new RegExp(`^file-${CHAT.grandma}-\\d+$`)), content: null });
    expect((await rowsByKey()).get('chart:mother')).toMatchObject({ status: 'PENDING', attempts: 1 });

    clock.advance(backoffMs(1));
    expect(await w.runOnce()).toBe(1);
    expect(delivered(CHAT.mother).map((call) => call.payload)).toEqual([expect.objectContaining({ photo: file.channelFileId, caption: 'chart' })]);
    expect(delivered(CHAT.grandma).map((call) => call.payload)).toEqual([expect.objectContaining({ photo: { filename: 'chart.png', size: bytes.length }, caption: 'chart' })]);
    expect((await rowsByKey()).get('chart:mother')).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('is uploaded once when it goes to several chats at once; the others wait for its file id', async () => {
    const fileId = await storeOutboxFile(db, 'chart.png', bytes, clock.now());
    const photo = photoOf(fileId);
    await queue(parents.slice(0, 4).map((id, i) => photo(id, `chart:parent-${i}`)));
    const uploadsBefore = telegram.uploads.length;
    telegram.setLatency(100);
    try {
      expect(await worker().runOnce()).toBe(4);
    } finally {
      telegram.setLatency(0);
    }
    expect(telegram.uploads.slice(uploadsBefore).map((upload) => upload.method)).toEqual(['sendPhoto']);
    const file = await db.outboxFile.findUniqueOrThrow({ where: { id: fileId } });
    const photos = PARENT_CHATS.slice(0, 4).flatMap((chat) => delivered(chat).map((call) => call.payload.photo));
    expect(photos).toEqual([{ filename: 'chart.png', size: bytes.length }, file.channelFileId, file.channelFileId, file.channelFileId]);
  });

  it('fails a message whose file is gone, without sending anything', async () => {
    const fileId = await storeOutboxFile(db, 'chart.png', bytes, clock.now());
    await db.outboxFile.delete({ where: { id: fileId } });
    await queue([photoOf(fileId)(people.other, 'chart:gone')]);
    expect(await worker().runOnce()).toBe(0);
    expect(sends()).toHaveLength(0);
    expect((await rowsByKey()).get('chart:gone')).toMatchObject({ status: 'FAILED', lastError: 'file gone' });
  });
});

describe('the Telegram channel', () => {
  it('sends photos, voice notes, albums and buttons as Bot API calls', async () => {
    const messages: OutgoingMessage[] = [
      { kind: 'text', text: 'with buttons', buttons: [[{ text: 'Received', data: 'wn:ack:1' }, { text: 'Answer', data: 'wn:ans:2' }]] },
      { kind: 'photo', fileId: 'photo-1', caption: 'a photo' },
      { kind: 'voice', fileId: 'voice-1', buttons: [[{ text: 'Reply', data: 'fm:reply:3' }]] },
      { kind: 'album', photos: [{ fileId: 'p-1', caption: 'first' }, { fileId: 'p-2' }] },
    ];
    await queue(messages.map((message, i) => ({ idempotencyKey: `kinds:${i}`, recipientId: people.other, message })));
    expect(await worker().runOnce()).toBe(4);
    expect(delivered(CHAT.other).map((call) => call.method)).toEqual(['sendMessage', 'sendPhoto', 'sendVoice', 'sendMediaGroup']);
    const [withButtons, photo, voice, album] = delivered(CHAT.other).map((call) => call.payload);
    expect(withButtons!.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Received', callback_data: 'wn:ack:1' }, { text: 'Answer', callback_data: 'wn:ans:2' }]],
    });
    expect(photo).toMatchObject({ photo: 'photo-1', caption: 'a photo' });
    expect(voice).toMatchObject({ voice: 'voice-1', reply_markup: { inline_keyboard: [[{ text: 'Reply', callback_data: 'fm:reply:3' }]] } });
    expect(album!.media).toEqual([
      { type: 'photo', media: 'p-1', caption: 'first' },
      { type: 'photo', media: 'p-2' },
    ]);
    expect((await rowsByKey()).get('kinds:3')!.channelMessageId).toMatch(/^\d+,\d+$/);
  });

  it('sends a caption longer than Telegram takes under a photo as a message after it, with the buttons', async () => {
    const long = '妈妈'.repeat(700);
    const buttons = [[{ text: 'Reply', data: 'fm:reply:3' }]];
    await queue([
      { idempotencyKey: 'long:photo', recipientId: people.other, message: { kind: 'photo', fileId: 'photo-1', caption: long, buttons } },
      { idempotencyKey: 'long:album', recipientId: people.other, message: { kind: 'album', photos: [{ fileId: 'p-1', caption: long }, { fileId: 'p-2', caption: 'short' }] } },
    ]);
    expect(await worker().runOnce()).toBe(2);
    expect(delivered(CHAT.other).map((call) => call.method)).toEqual(['sendPhoto', 'sendMessage', 'sendMediaGroup', 'sendMessage']);
    const [photo, photoText, album, albumText] = delivered(CHAT.other).map((call) => call.payload);
    expect(photo).not.toHaveProperty('caption');
    expect(photo).not.toHaveProperty('reply_markup');
    expect(photoText).toMatchObject({ text: long, reply_markup: { inline_keyboard: [[{ text: 'Reply', callback_data: 'fm:reply:3' }]] } });
    expect(album!.media).toEqual([{ type: 'photo', media: 'p-1' }, { type: 'photo', media: 'p-2', caption: 'short' }]);
    expect(albumText).toMatchObject({ text: long });
    expect([...(await rowsByKey()).values()].map((row) => row.status)).toEqual(['SENT', 'SENT']);
  });

  it('sends a video with its caption and buttons, and a video note with its caption and buttons in a message after it', async () => {
    const buttons = [[{ text: 'Reply', data: 'fm:reply:3' }]];
    const reply = { inline_keyboard: [[{ text: 'Reply', callback_data: 'fm:reply:3' }]] };
    await queue([
      { idempotencyKey: 'video:1', recipientId: people.other, message: { kind: 'video', fileId: 'video-1', caption: '小美在跳绳', buttons } },
      { idempotencyKey: 'video:2', recipientId: people.other, message: { kind: 'video', fileId: 'video-2', caption: '妈妈'.repeat(700) } },
      { idempotencyKey: 'note:1', recipientId: people.other, message: { kind: 'videoNote', fileId: 'note-1', caption: '奶奶说想你了', buttons } },
      { idempotencyKey: 'note:2', recipientId: people.other, message: { kind: 'videoNote', fileId: 'note-2', buttons } },
    ]);
    expect(await worker().runOnce()).toBe(4);
    expect(delivered(CHAT.other).map((call) => call.method)).toEqual(['sendVideo', 'sendVideo', 'sendMessage', 'sendVideoNote', 'sendMessage', 'sendVideoNote']);
    const [video, longVideo, longText, note, noteText, bareNote] = delivered(CHAT.other).map((call) => call.payload);
    expect(video).toMatchObject({ video: 'video-1', caption: '小美在跳绳', reply_markup: reply });
    expect(longVideo).not.toHaveProperty('caption');
    expect(longText).toMatchObject({ text: '妈妈'.repeat(700) });
    expect(note).toMatchObject({ video_note: 'note-1' });
    expect(note).not.toHaveProperty('caption');
    expect(note).not.toHaveProperty('reply_markup');
    expect(noteText).toMatchObject({ text: '奶奶说想你了', reply_markup: reply });
    expect(bareNote).toMatchObject({ video_note: 'note-2', reply_markup: reply });
    expect([...(await rowsByKey()).values()].map((row) => row.status)).toEqual(['SENT', 'SENT', 'SENT', 'SENT']);
  });

  it('sends a notification longer than a Telegram message in several, cut between lines, with the buttons on the last', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `七年级${i + 1}班：本月有 3 项家访没有完成，请结对老师尽快安排。`);
    await queue([{ idempotencyKey: 'long:text', recipientId: people.other, message: { kind: 'text', text: lines.join('\n'), buttons: [[{ text: 'Open', data: 'dt:open' }]] } }]);
    expect(await worker().runOnce()).toBe(1);
    const sent = delivered(CHAT.other).map((call) => call.payload);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((payload) => String(payload.text).length <= 4096)).toBe(true);
    expect(sent.map((payload) => payload.text).join('\n')).toBe(lines.join('\n'));
    expect(sent.map((payload) => payload.reply_markup !== undefined)).toEqual([...sent.slice(1).map(() => false), true]);
    expect((await rowsByKey()).get('long:text')!.status).toBe('SENT');
  });

  it('treats a network error as transient', async () => {
    const closed = await new FakeTelegram().start();
    await closed.stop();
    await queue([text(people.other, 'no network')]);
    const w = worker({ channel: createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: closed.url })) });
    expect(await w.runOnce()).toBe(0);
    expect((await db.outboxMessage.findFirstOrThrow()).lastError).toMatch(/^network: /);
    expect(await worker().runOnce()).toBe(0); // not due yet
    clock.advance(1000);
    expect(await worker().runOnce()).toBe(1);
  });
});
