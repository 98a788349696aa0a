import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, TEST_TOKEN } from './helpers/fake-telegram.js';
import { telegramUser, textMessage } from './helpers/updates.js';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs the bot's entry point as `npm start` would, from another working folder. */
function startBot(cwd: string, env: Record<string, string>): ChildProcess {
  const { BOT_TOKEN: _token, DATABASE_URL: _url, TELEGRAM_API_ROOT: _root, ...inherited } = process.env;
  return spawn(process.execPath, ['--import', tsxLoader, mainScript], {
    cwd,
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
    const child = startBot(workdir, {});
    const output = collect(child);
    expect(await exitOf(child)).toBe(1);
    expect(output.out()).toMatch(/^BOT_TOKEN: required/m);
  });

  it('migrates, answers in each user\'s language, survives a long message, and stops on SIGTERM', async () => {
    const telegram = await new FakeTelegram().start();
    const child = startBot(workdir, { BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: telegram.url });
    const output = collect(child);
    const exited = exitOf(child);
    try {
      const grandma = telegramUser(4001, '王奶奶', 'zh-hans');
      const father = telegramUser(4002, 'Li Wei', 'en');
      await telegram.waitForCall((call) => call.method === 'getUpdates', 15_000);
      expect(existsSync(path.join(workdir, 'data', 'jiashu.db'))).toBe(true);

      telegram.pushUpdate(textMessage(grandma, '/start'));
      telegram.pushUpdate(textMessage(father, '/start'));
      telegram.pushUpdate(textMessage(father, 'x'.repeat(5000)));
      const sentTo = (chatId: number, text: RegExp) => (call: { method: string; payload: Record<string, unknown> }) =>
        call.method === 'sendMessage' && call.payload.chat_id === chatId && text.test(String(call.payload.text));
      await telegram.waitForCall(sentTo(4001, /王奶奶，您好/));
      await telegram.waitForCall(sentTo(4002, /Hello, Li Wei/));
      await telegram.waitForCall(sentTo(4002, /I did not understand that/));

      const menus = telegram.calls.filter((call) => call.method === 'setMyCommands').map((call) => call.payload.language_code);
      expect(menus).toEqual([undefined, 'zh', 'en']);

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
