import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';

/** What the benchmark tells the bot process: which bot to build, against which Bot API and database. */
export interface BotProcessSetup {
  kind: 'full' | 'bare';
  token: string;
  apiRoot: string;
  databaseUrl: string;
}

/** The bot process's answer to one update: how long handling took, and whether it failed. */
export interface Handled {
  seq: number;
  ms: number;
  failed: boolean;
}

/** The bot process's memory and log figures, asked for at the end of a run. */
export interface BotProcessReport {
  peakRss: number;
  /** Resident memory once the bot was built and before the first update. */
  rssReady: number;
  rssNow: number;
  heapUsed: number;
  /** The JS heap V8 holds (used or not), and memory outside it: buffers, native modules' allocations. */
  heapTotal: number;
  external: number;
  /** SQL statements the bot ran, and updates it handled. */
  statements: number;
  updates: number;
  /** The error-level log lines, reduced to the error's kind and message. */
  errors: string[];
}

let statements = 0;

/**
 * Counts the SQL statements run (Prisma's through its adapter, and the prepared statements
 * of the every-update queries), to tell how many queries an update costs.
 */
async function countStatements(): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const scratch = new Database(':memory:');
  const statementPrototype = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', (...args: unknown[]) => unknown>;
  scratch.close();
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = statementPrototype[method];
    statementPrototype[method] = function (this: unknown, ...args: unknown[]) {
      statements++;
      return original.apply(this, args);
    };
  }
}

/** The full bot, built as `main.ts` builds it; imported only here so the bare bot's memory does not include it. */
async function fullBot(setup: BotProcessSetup, logSink: Writable): Promise<Bot> {
  await countStatements();
  const [{ openDatabase }, { createDomain }, { createApp }, { loadTranslations }, { createLogger }, { createBot }] = await Promise.all([
    import('../src/db/client.js'),
    import('../src/domain/index.js'),
    import('../src/app/index.js'),
    import('../src/i18n/translator.js'),
    import('../src/logger.js'),
    import('../src/telegram/bot.js'),
  ]);
  const db = await openDatabase(setup.databaseUrl);
  const translations = await loadTranslations();
  return createBot({ token: setup.token, apiRoot: setup.apiRoot, db, domain: createDomain(db), app: createApp({ db, translations, defaultLocale: 'zh-CN' }), translations, logger: createLogger('info', logSink), defaultLocale: 'zh-CN' }) as unknown as Bot;
}

/** The bare comparison: a grammY bot that only replies, with the same per-chat ordering. */
function bareBot(setup: BotProcessSetup): Bot {
  const bot = new Bot(setup.token, { client: { apiRoot: setup.apiRoot } });
  bot.use(sequentialize((ctx) => (ctx.chatId ?? ctx.from?.id)?.toString()));
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  bot.on('message', (ctx) => ctx.reply('ok'));
  return bot;
}

/**
 * Runs in a process of its own, so its memory is the bot's alone: builds the bot as
 * `main.ts` does (or the bare one), then handles each update it is sent, concurrently as
 * the runner would, and answers with the time each took.
 */
async function serveBot(): Promise<void> {
  const [setup] = await new Promise<[BotProcessSetup]>((resolve) => process.once('message', (message) => resolve([message as BotProcessSetup])));
  const errors: string[] = [];
  const logSink = new Writable({
    write: (chunk, _encoding, done) => {
      const entry = JSON.parse(String(chunk)) as { level: number; msg: string; err?: { type?: string; message?: string } };
      if (entry.level >= 50) errors.push(`${entry.msg}: ${entry.err?.type} ${entry.err?.message?.slice(0, 200)}`);
      done();
    },
  });
  const bot = setup.kind === 'full' ? await fullBot(setup, logSink) : bareBot(setup);
  await bot.init();
  const rssReady = process.memoryUsage.rss();
  const statementsAtStart = statements;
  let updates = 0;
  process.on('message', (message: { seq: number; update: Update } | 'report') => {
    if (message === 'report') {
      // With --expose-gc the heap figure is what is really kept, not what is waiting to be collected.
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      const report: BotProcessReport = { peakRss: process.resourceUsage().maxRSS * 1024, rssReady, rssNow: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external, statements: statements - statementsAtStart, updates, errors };
      process.send!(report);
      return;
    }
    const started = performance.now();
    updates++;
    bot.handleUpdate(message.update).then(
      () => process.send!({ seq: message.seq, ms: performance.now() - started, failed: false } satisfies Handled),
      () => process.send!({ seq: message.seq, ms: performance.now() - started, failed: true } satisfies Handled),
    );
  });
  // Exit on SIGINT rather than be killed, so a CPU profile (--cpu-prof) gets written.
  process.once('SIGINT', () => process.exit(0));
  process.send!('ready');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serveBot();
