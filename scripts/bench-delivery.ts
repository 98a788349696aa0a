import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Api } from 'grammy';
import { openDatabase, type Db } from '../src/db/client.js';
import { applyPendingMigrations } from '../src/db/migrations.js';
import { createOutboxWorker, DEFAULT_MAX_IN_FLIGHT } from '../src/delivery/worker.js';
import { createDomain } from '../src/domain/index.js';
import { lastEndedSchoolWeek } from '../src/domain/school-week.js';
import { loadTranslations } from '../src/i18n/translator.js';
import { createLogger } from '../src/logger.js';
import { queueWeeklyNotes } from '../src/notifications/weekly-note.js';
import { createTelegramChannel } from '../src/telegram/telegram-channel.js';
import { FakeTelegram, TEST_TOKEN } from '../tests/helpers/fake-telegram.js';
import { createTelegramUsers, onTelegram } from '../tests/helpers/accounts.js';

/** What the fake Bot API allows, like Telegram's broadcast limit; the worker is set to the same. */
const LIMIT_PER_SECOND = 30;
const FIRST_CHAT = 1_000_000;
const FAKE_API_FLAG = '--fake-bot-api';
const LATENCY_FLAG = '--latency=';

interface FakeApiReport {
  /** Messages Telegram accepted, per chat id. */
  perChat: [number, number][];
  tooManyRequests: number;
}

/**
 * The fake Bot API, in its own process so its bookkeeping does not count in the worker's
 * memory: it answers each call `latencyMs` after it arrived, 429 (retry_after 1) beyond 30
 * sends in any second, and on 'report' sends back what it accepted per chat.
 */
async function serveFakeBotApi(latencyMs: number): Promise<void> {
  const telegram = await new FakeTelegram({ rateLimit: { perSecond: LIMIT_PER_SECOND, retryAfterSeconds: 1 }, latencyMs }).start();
  process.on('message', (message) => {
    if (message !== 'report') return;
    const perChat = new Map<number, number>();
    let tooManyRequests = 0;
    for (const call of telegram.calls) {
      if (call.refused?.startsWith('Too Many Requests')) tooManyRequests++;
      else if (call.method === 'sendMessage' && !call.refused) perChat.set(Number(call.payload.chat_id), (perChat.get(Number(call.payload.chat_id)) ?? 0) + 1);
    }
    const report: FakeApiReport = { perChat: [...perChat], tooManyRequests };
    process.send!(report, () => void telegram.stop().then(() => process.exit(0)));
  });
  process.send!({ url: telegram.url });
}

/** The moment the benchmark's week has just ended: Sunday 19:01 in Shanghai. */
const WEEK_ENDED = new Date('2026-12-06T11:01:00Z');
const CATEGORIES = ['STUDY', 'ACTIVITY', 'BEHAVIOUR', 'EMOTIONS', 'HEALTH', 'DAILY_LIFE'] as const;

/** One school, one child per recipient (linked to them), and an update this week for each child (a week with nothing to tell sends no note). */
async function createSchoolOf(db: Db, recipientIds: readonly number[]): Promise<number> {
  const school = await db.school.create({ data: { name: 'Bench Middle School', timezone: 'Asia/Shanghai' } });
  const klass = await db.class.create({ data: { schoolId: school.id, name: 'Class 1' } });
  const teacher = await db.user.create({ data: { accounts: onTelegram(1), displayName: 'Teacher' } });
  await db.child.createMany({ data: recipientIds.map((_, i) => ({ schoolId: school.id, classId: klass.id, name: `Child ${i}` })) });
  const children = await db.child.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  await db.guardianLink.createMany({
    data: children.map((child, i) => ({ userId: recipientIds[i]!, childId: child.id, role: 'PARENT', relation: 'MOTHER', consentedAt: WEEK_ENDED })),
  });
  const inWeek = new Date(WEEK_ENDED.getTime() - 2 * 86_400_000);
  for (const [i, child] of children.entries()) {
    await db.growthUpdate.create({
      data: { authorId: teacher.id, schoolId: school.id, category: CATEGORIES[i % CATEGORIES.length]!, text: `Note about child ${i}`, createdAt: inWeek, children: { create: { childId: child.id } } },
    });
  }
  return school.id;
}

/** Compiles the school's weekly notes (one per child) and queues them, as the Sunday job does. */
async function compileAndQueueNotes(db: Db, schoolId: number): Promise<number> {
  const domain = createDomain(db, { clock: () => WEEK_ENDED });
  const school = await db.school.findUniqueOrThrow({ where: { id: schoolId } });
  const notes = await domain.weeklyNotes.compileWeek(schoolId, lastEndedSchoolWeek(school, WEEK_ENDED));
  return queueWeeklyNotes({ db, translations: await loadTranslations(), defaultLocale: 'zh-CN' }, notes, new Date());
}

async function createRecipients(db: Db, count: number): Promise<number[]> {
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    await createTelegramUsers(db, Array.from({ length: size }, (_, i) => ({ telegramId: FIRST_CHAT + start + i, displayName: `Parent ${start + i}` })));
  }
  return (await db.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((user) => user.id);
}

async function startFakeBotApi(latencyMs: number): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), [FAKE_API_FLAG, `${LATENCY_FLAG}${latencyMs}`], { stdio: 'inherit' });
  const [first] = (await once(child, 'message')) as [{ url: string }];
  return { child, url: first.url };
}

async function reportOf(child: ChildProcess): Promise<FakeApiReport> {
  child.send('report');
  const [report] = (await once(child, 'message')) as [FakeApiReport];
  return report;
}

/**
 * Sends one message to each of `count` recipients through the fake Bot API at 30/s, each call
 * answered after `latencyMs`, and prints how it went.
 */
async function main(count: number, latencyMs: number): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-bench-delivery-'));
  const fake = await startFakeBotApi(latencyMs);
  try {
    const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
    await applyPendingMigrations(databaseUrl);
    const db = await openDatabase(databaseUrl);
    const schoolId = await createSchoolOf(db, await createRecipients(db, count));

    const buildStarted = performance.now();
    const queued = await compileAndQueueNotes(db, schoolId);
    const buildMs = performance.now() - buildStarted;

    const worker = createOutboxWorker({
      db,
      channel: createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: fake.url })),
      logger: createLogger('warn'),
      ratePerSecond: LIMIT_PER_SECOND,
      defaultTimezone: 'Asia/Shanghai',
      // Measure the sending, whatever the time of day the benchmark runs at.
      defaultQuietHours: null,
    });
    const rssAtStart = process.memoryUsage.rss();
    let peakRss = rssAtStart;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200);
    const started = performance.now();
    while ((await db.outboxMessage.count({ where: { status: { in: ['PENDING', 'SENDING'] } } })) > 0) {
      await worker.runOnce();
      await sleep(20);
    }
    const elapsedSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const processMaxRss = process.resourceUsage().maxRSS * 1024;

    const failed = await db.outboxMessage.count({ where: { status: 'FAILED' } });
    await db.$disconnect();
    const report = await reportOf(fake.child);
    const perChat = new Map(report.perChat);
    const accepted = report.perChat.reduce((sum, [, n]) => sum + n, 0);
    const duplicates = report.perChat.reduce((sum, [, n]) => sum + Math.max(0, n - 1), 0);
    const lost = Array.from({ length: count }, (_, i) => FIRST_CHAT + i).filter((chat) => !perChat.has(chat)).length;
    const rate = accepted / elapsedSeconds;
    const share = rate / LIMIT_PER_SECOND;

    console.log(
      `delivery benchmark: ${count} recipients, fake Bot API limited to ${LIMIT_PER_SECOND} messages/s and answering after ${latencyMs} ms, worker at ${LIMIT_PER_SECOND}/s with up to ${DEFAULT_MAX_IN_FLIGHT} in flight`,
    );
    console.log(`  compiled ${count} weekly notes and queued ${queued} messages in ${buildMs.toFixed(0)} ms (target under 10 s)`);
    console.log(`  sent ${accepted} in ${elapsedSeconds.toFixed(1)} s: ${rate.toFixed(2)} messages/s, ${(share * 100).toFixed(1)}% of the limit (target at least 90%)`);
    console.log(`  429 answers: ${report.tooManyRequests}; failed: ${failed}`);
    console.log(`  duplicates: ${duplicates} (target 0)`);
    console.log(`  lost: ${lost} (target 0)`);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    console.log(`  peak RSS of the worker process while sending: ${mb(peakRss)} (${mb(rssAtStart)} when sending began; whole run: ${mb(processMaxRss)})`);
    if (share < 0.9 || duplicates > 0 || lost > 0) process.exitCode = 1;
  } finally {
    fake.child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const latencyArg = args.find((arg) => arg.startsWith(LATENCY_FLAG));
const latencyMs = Number(latencyArg?.slice(LATENCY_FLAG.length) ?? 0);
if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error(`usage: npm run bench:delivery -- [recipients] [--latency=<ms per Bot API call, default 0>]`);
if (args.includes(FAKE_API_FLAG)) {
  await serveFakeBotApi(latencyMs);
} else {
  const count = Number(args.find((arg) => !arg.startsWith('--')) ?? 10_000);
  if (!Number.isInteger(count) || count < 1) throw new Error(`usage: npm run bench:delivery -- [recipients, default 10000] [--latency=<ms per Bot API call, default 0>]`);
  await main(count, latencyMs);
}
