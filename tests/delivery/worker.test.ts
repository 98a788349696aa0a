import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { OutgoingMessage } from '../../src/delivery/message.js';
import { queueMessages, storeOutboxFile, type QueuedMessage } from '../../src/delivery/outbox.js';
import { backoffMs, createOutboxWorker, MAX_ATTEMPTS, type OutboxWorkerOptions } from '../../src/delivery/worker.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { createLogger } from '../../src/logger.js';
import { notifyUnreachable } from '../../src/notifications/unreachable.js';
import { createTelegramChannel } from '../../src/telegram/telegram-channel.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { FakeTelegram, TEST_TOKEN, type ApiCall } from '../helpers/fake-telegram.js';

/** A wall clock that runs with real time from a chosen instant, and that tests can move. */
class TestClock {
  private base = 0;
  private startedAt = 0;
  constructor(iso: string) {
    this.set(iso);
  }
  set(iso: string): void {
    this.base = Date.parse(iso);
    this.startedAt = performance.now();
  }
  advance(ms: number): void {
    this.base += ms;
  }
  readonly now = (): Date => new Date(this.base + performance.now() - this.startedAt);
}

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

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  telegram = await new FakeTelegram().start();
  translations = await loadTranslations();
  const school = await db.school.create({ data: { name: 'Hope Middle School', timezone: 'Asia/Shanghai' } });
  const cls = await db.class.create({ data: { schoolId: school.id, name: 'Class 7-1' } });
  const user = (key: keyof typeof CHAT, displayName: string, extra: object = {}) =>
    db.user.create({ data: { telegramId: BigInt(CHAT[key]), displayName, ...extra } }).then((u) => (people[key] = u.id));
  await user('teacher', 'Teacher Zhang', { languageCode: 'en' });
  await user('mother', 'Mother Liu');
  await user('grandma', 'Grandma Liu');
  await user('other', 'Father Chen');
  // Lives in London, with his own quiet hours from 01:00 to 02:00.
  await user('traveller', 'Father Wang', { timezone: 'Europe/London', quietStart: 60, quietEnd: 120 });
  await user('stranger', 'Someone');
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

    const w = worker();
    expect(await w.runOnce()).toBe(2); // 'three' at once, 'one' after the pause; 'two' waits for its backoff
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
    clock.set('2026-12-01T14:00:00Z'); // 22:00 in Shanghai, 14:00 in London
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
    const morning = new Date('2026-12-01T23:30:00Z'); // 07:30 in Shanghai
    expect(rows.get(calm.idempotencyKey)).toMatchObject({ status: 'PENDING', notBefore: morning, attempts: 0 });
    expect(rows.get(teacher.idempotencyKey)).toMatchObject({ status: 'PENDING', notBefore: morning });

    clock.set('2026-12-01T23:29:00Z');
    expect(await w.runOnce()).toBe(0);
    clock.set('2026-12-01T23:30:00Z');
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

  it('backs off 1 s, 2 s, 4 s … and gives up after 8 tries; a refused message is not retried', async () => {
    expect([1, 2, 3, 4, 10, 11].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 512_000, 600_000]);
    const [flaky, refused] = [text(people.mother, 'flaky'), text(people.grandma, 'refused')];
    await queue([flaky]);
    const w = worker();
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
    telegram.failNext('sendMessage', 400, 'Bad Request: chat not found');
    await queue([refused]);
    expect(await w.runOnce()).toBe(0);
    clock.advance(60 * 60_000);
    expect(await w.runOnce()).toBe(0);
    expect((await rowsByKey()).get(refused.idempotencyKey)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: '400: Bad Request: chat not found' });
    expect(sends()).toHaveLength(MAX_ATTEMPTS + 1);
  });

  it('sends again a message a crash left SENDING, and nothing already sent', async () => {
    await queue([text(people.mother, 'in flight'), text(people.grandma, 'done')]);
    await db.outboxMessage.updateMany({ where: { recipientId: people.mother }, data: { status: 'SENDING' } });
    await db.outboxMessage.updateMany({ where: { recipientId: people.grandma }, data: { status: 'SENT' } });
    expect(await worker().runOnce()).toBe(1);
    expect(delivered().map((call) => call.payload.text)).toEqual(['in flight']);
  });

  it('runs in the background, picks up what is queued later, and stops after the message in flight', async () => {
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
