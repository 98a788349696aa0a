import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { applyPendingMigrations } from '../src/db/migrations.js';
import { FakeTelegram, TEST_TOKEN } from './helpers/fake-telegram.js';
import { telegramUser, textMessage } from './helpers/updates.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs `npm start` as an operator would; `dist/` was built once by the global setup. */
function startBot(env: Record<string, string>): ChildProcess {
  const { BOT_TOKEN: _token, DATABASE_URL: _url, TELEGRAM_API_ROOT: _root, ...inherited } = process.env;
  return spawn('npm', ['start', '--silent', '--ignore-scripts'], {
    cwd: projectRoot,
    env: { ...inherited, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string } {
  let text = '';
  child.stdout?.on('data', (chunk) => (text += chunk));
  child.stderr?.on('data', (chunk) => (text += chunk));
  return { out: () => text };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

let workdir: string;
beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'jiashu-process-'));
});
afterAll(() => rm(workdir, { recursive: true, force: true }));

describe('the bot process', () => {
  it('exits at once with a line naming BOT_TOKEN when it is missing', async () => {
    const child = startBot({ DATABASE_URL: `file:${path.join(workdir, 'never.db')}` });
    const output = collect(child);
    expect(await exitOf(child)).not.toBe(0);
    expect(output.out()).toMatch(/^BOT_TOKEN: required/m);
    expect(existsSync(path.join(workdir, 'never.db'))).toBe(false);
  });

  it('refuses to start on a migration that never finished, naming the command that resolves it', async () => {
    const database = path.join(workdir, 'half-migrated.db');
    await applyPendingMigrations(`file:${database}`);
    const sqlite = new Database(database);
    sqlite
      .prepare('INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)')
      .run('broken', 'x', '20991231000000_broken', Date.now());
    sqlite.close();
    const child = startBot({ BOT_TOKEN: TEST_TOKEN, DATABASE_URL: `file:${database}` });
    const output = collect(child);
    expect(await exitOf(child)).not.toBe(0);
    expect(output.out()).toContain('npm run db:migrate -- --resolve 20991231000000_broken');
    expect(output.out()).not.toMatch(/^\s+at /m);
  });

  it('migrates, answers in each user\'s language, survives a long message, and stops on SIGTERM', async () => {
    const telegram = await new FakeTelegram().start();
    const database = path.join(workdir, 'new-folder', 'jiashu.db');
    const child = startBot({ BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: telegram.url, DATABASE_URL: `file:${database}` });
    const output = collect(child);
    const exited = exitOf(child);
    try {
      const grandma = telegramUser(4001, '王奶奶', 'zh-hans');
      const father = telegramUser(4002, 'Li Wei', 'en');
      await telegram.waitForCall((call) => call.method === 'getUpdates', 30_000);
      expect(existsSync(database)).toBe(true);

      telegram.pushUpdate(textMessage(grandma, '/start'));
      telegram.pushUpdate(textMessage(father, '/start'));
      telegram.pushUpdate(textMessage(father, 'x'.repeat(5000)));
      const sentTo = (chatId: number, text: RegExp) => (call: { method: string; payload: Record<string, unknown> }) =>
        call.method === 'sendMessage' && call.payload.chat_id === chatId && text.test(String(call.payload.text));
      await telegram.waitForCall(sentTo(4001, /王奶奶，您好/));
      await telegram.waitForCall(sentTo(4002, /Hello, Li Wei/));
      await telegram.waitForCall(sentTo(4002, /I did not understand that/));

      const menus = telegram.calls.filter((call) => call.method === 'setMyCommands').map((call) => call.payload.language_code);
      expect(menus).toEqual([undefined, 'zh', 'en', 'ru']);

      const stopAt = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(5_000);
      expect(output.out()).not.toMatch(/王奶奶|Li Wei|xxxxx/);
    } finally {
      child.kill('SIGKILL');
      await telegram.stop();
    }
  });
});
