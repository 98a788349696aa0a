import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Update } from 'grammy/types';
import { openDatabase } from '../src/db/client.js';
import { applyPendingMigrations } from '../src/db/migrations.js';
import { FakeTelegram, TEST_TOKEN } from '../tests/helpers/fake-telegram.js';
import { callbackQuery, photoMessage, telegramUser, textMessage, voiceMessage, type UpdateBody } from '../tests/helpers/updates.js';
import type { BotProcessReport, BotProcessSetup, Handled } from './bench-bot-process.js';
import { nextSession, seedCounty, Sequence, type Person, type Step } from './bench-mix.js';

const WARM_UP = 300;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The bot runs compiled, as `npm start` runs it: no TypeScript loader in its memory or its profile. */
const BOT_PROCESS_SCRIPT = path.join(ROOT, 'build/bench/scripts/bench-bot-process.js');

/** The Node flags `npm start` gives the bot (package.json), so the benchmark measures the same process. */
function startNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(' ').filter((word) => word.startsWith('--'));
}

/** Compiles the bot process with the sources it imports; they find the locales beside them, as in dist/. */
async function compileBotProcess(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.bench.json')], { stdio: 'inherit' });
  await rm(path.join(ROOT, 'build/bench/locales'), { recursive: true, force: true });
  await cp(path.join(ROOT, 'locales'), path.join(ROOT, 'build/bench/locales'), { recursive: true });
}

interface Options {
  children: number;
  people: number;
  updates: number;
  rate: number;
  seconds: number;
}

function optionsFrom(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const given = argv.find((arg) => arg.startsWith(`--${name}=`));
    const parsed = given ? Number(given.slice(name.length + 3)) : fallback;
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive whole number`);
    return parsed;
  };
  const options = { children: value('children', 10_000), people: value('people', 200), updates: value('updates', 5_000), rate: value('rate', 100), seconds: value('seconds', 30) };
  if (options.children % 1000 !== 0) throw new Error('--children comes in schools of 1000');
  return options;
}

/** The p-th percentile of the latencies, in milliseconds. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** What one phase measured. */
interface PhaseResult {
  updates: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
  /** Fixed-rate phase: ticks when every person was still waiting for an answer. */
  missedTicks: number;
}

/**
 * Plays the people: each does one session after another (a step only once the bot has
 * answered the previous one, as a person would), presses land on the newest message with
 * buttons in their chat, and every update goes to the bot process, which times it.
 */
class Driver {
  private readonly queues = new Map<number, Step[]>();
  private readonly randoms = new Map<number, Sequence>();
  private readonly newest = new Map<number, number>();
  private readonly waiting = new Map<number, (handled: Handled) => void>();
  private readonly idle: Person[];
  private seq = 0;
  private updateId = 1;

  constructor(
    private readonly bot: ChildProcess,
    private readonly telegram: FakeTelegram,
    readonly people: readonly Person[],
  ) {
    this.idle = [...people];
    for (const person of people) this.randoms.set(person.telegramId, new Sequence(person.telegramId));
    bot.once('exit', (code, signal) => {
      if (this.waiting.size > 0 || code !== 0) {
        console.error(`the bot process ended (${signal ?? `exit code ${code}`}) with ${this.waiting.size} updates unanswered`);
        process.exit(1);
      }
    });
    bot.on('message', (message: Handled | BotProcessReport | string) => {
      if (typeof message === 'object' && 'seq' in message) {
        const resolve = this.waiting.get(message.seq);
        this.waiting.delete(message.seq);
        resolve?.(message);
      }
    });
  }

  /** The newest message in the chat that shows buttons (the fake numbers a chat's messages from 1001). */
  private pressTarget(chatId: number): number {
    let newest = this.newest.get(chatId) ?? 1000;
    while (this.telegram.message(chatId, newest + 1)) newest++;
    this.newest.set(chatId, newest);
    for (let id = newest; id > 1000 && id > newest - 20; id--) if (this.telegram.message(chatId, id)?.keyboard) return id;
    return Math.max(newest, 1);
  }

  private updateFor(person: Person, step: Step): UpdateBody {
    const from = telegramUser(person.telegramId, person.name, 'zh-CN');
    switch (step.kind) {
      case 'text':
        return textMessage(from, step.text);
      case 'photo':
        return photoMessage(from, step.fileId, step.caption);
      case 'voice':
        return voiceMessage(from, step.fileId);
      case 'press':
        return callbackQuery(from, step.data, this.pressTarget(person.telegramId));
    }
  }

  /** Sends the person's next step and resolves with its timing once the bot has handled it. */
  private act(person: Person): Promise<Handled> {
    const queue = this.queues.get(person.telegramId) ?? [];
    if (queue.length === 0) queue.push(...nextSession(person, this.randoms.get(person.telegramId)!));
    this.queues.set(person.telegramId, queue);
    const step = queue.shift()!;
    const seq = this.seq++;
    const update = { ...this.updateFor(person, step), update_id: this.updateId++ } as Update;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.bot.send({ seq, update });
    });
  }

  /** Everyone acts as fast as the bot answers them, until `count` updates are handled: the throughput. */
  async asFastAsPossible(count: number): Promise<PhaseResult> {
    const latencies: number[] = [];
    let failed = 0;
    let started = 0;
    const begin = performance.now();
    const keepGoing = async (person: Person): Promise<void> => {
      while (started < count) {
        started++;
        const handled = await this.act(person);
        latencies.push(handled.ms);
        if (handled.failed) failed++;
      }
    };
    await Promise.all(this.people.map(keepGoing));
    return summary(latencies, (performance.now() - begin) / 1000, failed, 0);
  }

  /** One update every 1/rate seconds from someone who is not waiting for an answer: latency under a steady load. */
  async atRate(rate: number, seconds: number): Promise<PhaseResult> {
    const latencies: number[] = [];
    let failed = 0;
    let sent = 0;
    let missedTicks = 0;
    const inFlight = new Set<Promise<void>>();
    const begin = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = (performance.now() - begin) / 1000;
        const due = Math.min(Math.floor(elapsed * rate), rate * seconds);
        while (sent < due) {
          sent++;
          const person = this.idle.splice(Math.floor(Math.random() * this.idle.length), 1)[0];
          if (!person) {
            missedTicks++;
            continue;
          }
          const done = this.act(person).then((handled) => {
            latencies.push(handled.ms);
            if (handled.failed) failed++;
            this.idle.push(person);
            inFlight.delete(done);
          });
          inFlight.add(done);
        }
        if (sent >= rate * seconds) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    await Promise.all(inFlight);
    return summary(latencies, (performance.now() - begin) / 1000, failed, missedTicks);
  }

  async report(): Promise<BotProcessReport> {
    this.bot.send('report');
    for (;;) {
      const [message] = (await once(this.bot, 'message')) as [BotProcessReport | Handled];
      if ('peakRss' in message) return message;
    }
  }
}

function summary(latencies: number[], seconds: number, failed: number, missedTicks: number): PhaseResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { updates: latencies.length, seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, failed, missedTicks };
}

interface BotRun {
  throughput: PhaseResult;
  steady: PhaseResult;
  /** The bot process after the steady phase, before the flat-out one. */
  steadyReport: BotProcessReport;
  report: BotProcessReport;
}

async function runBot(kind: BotProcessSetup['kind'], telegram: FakeTelegram, databaseUrl: string, people: Person[], options: Options): Promise<BotRun> {
  // The full bot runs with npm start's Node flags; BENCH_BOT_NODE_ARGS adds more, e.g. "--cpu-prof --cpu-prof-dir=prof".
  const nodeArgs = kind === 'full' ? [...startNodeFlags(), ...(process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean)] : [];
  const child = fork(BOT_PROCESS_SCRIPT, [], { stdio: 'inherit', execArgv: nodeArgs });
  try {
    child.send({ kind, token: TEST_TOKEN, apiRoot: telegram.url, databaseUrl } satisfies BotProcessSetup);
    await once(child, 'message');
    const driver = new Driver(child, telegram, people);
    await driver.asFastAsPossible(WARM_UP);
    const steady = await driver.atRate(options.rate, options.seconds);
    const steadyReport = await driver.report();
    const throughput = await driver.asFastAsPossible(options.updates);
    return { throughput, steady, steadyReport, report: await driver.report() };
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGINT');
    await once(child, 'exit');
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function printRun(label: string, run: BotRun, rate: number): void {
  const { throughput: t, steady: s, report } = run;
  console.log(`  ${label}:`);
  console.log(`    at ${rate} updates/s for ${s.seconds.toFixed(0)} s: ${s.updates} updates; latency p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; failed ${s.failed}; ticks with everyone busy ${s.missedTicks}`);
  console.log(`    as fast as it answers: ${t.updates} updates in ${t.seconds.toFixed(1)} s = ${(t.updates / t.seconds).toFixed(0)} updates/s; latency p50 ${ms(t.p50)}, p99 ${ms(t.p99)}, max ${ms(t.max)}; failed ${t.failed}`);
  console.log(
    `    bot process RSS: ${mb(report.rssReady)} when ready, peak ${mb(run.steadyReport.peakRss)} by the end of the steady phase, ` +
      `peak ${mb(report.peakRss)} overall, ${mb(report.rssNow)} at the end (JS heap ${mb(report.heapUsed)} in use of ${mb(report.heapTotal)}, external ${mb(report.external)})`,
  );
  if (report.statements > 0) console.log(`    SQL statements run: ${(report.statements / report.updates).toFixed(1)} per update`);
  console.log(`    error log lines: ${report.errors.length}${[...new Set(report.errors)].map((line) => `\n      ${line}`).join('')}`);
}

async function main(options: Options): Promise<void> {
  await compileBotProcess();
  const dir = await mkdtemp(path.join(tmpdir(), 'jiashu-bench-'));
  const telegram = await new FakeTelegram().start();
  try {
    const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
    await applyPendingMigrations(databaseUrl);
    const db = await openDatabase(databaseUrl);
    const seedStarted = performance.now();
    const seeded = await seedCounty(db, options.children / 1000, options.people);
    await db.$disconnect();
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    console.log(`load benchmark: ${availableParallelism()} cores (nproc), load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} at start`);
    console.log(
      `  database: ${seeded.children} children in ${options.children / 1000} schools, ${seeded.users} users, ${seeded.updates} growth updates (seeded in ${seedSeconds.toFixed(1)} s); ` +
        `${seeded.people.length} people use the bot (admin, keeper, ${seeded.people.filter((p) => p.role === 'teacher').length} teachers, ${seeded.people.filter((p) => p.role === 'parent').length} parents)`,
    );
    const bare = await runBot('bare', telegram, databaseUrl, seeded.people, options);
    printRun('bare grammY bot (replies "ok", answers presses)', bare, options.rate);
    const full = await runBot('full', telegram, databaseUrl, seeded.people, options);
    printRun(`Jiashu (createBot with sequentialize, Prisma on SQLite; node ${startNodeFlags().join(' ')})`, full, options.rate);

    const ratio = full.throughput.updates / full.throughput.seconds / (bare.throughput.updates / bare.throughput.seconds);
    console.log('  targets:');
    console.log(`    p99 at ${options.rate} updates/s under 50 ms: ${ms(full.steady.p99)}, ${verdict(full.steady.p99 < 50)}`);
    console.log(`    throughput at least half the bare bot's: ${(ratio * 100).toFixed(1)}%, ${verdict(ratio >= 0.5)}`);
    const peak = full.report.peakRss;
    console.log(`    under 150 MB resident with ${seeded.children} children: peak ${mb(peak)} (${mb(full.steadyReport.peakRss)} by the end of the steady phase), ${verdict(peak < 150 * 1024 * 1024)}`);
    console.log(`  load average at the end: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  } finally {
    await telegram.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main(optionsFrom(process.argv.slice(2)));
