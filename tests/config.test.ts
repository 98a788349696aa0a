import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseUrl, renderEnvExample } from '../src/config.js';

const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('needs only BOT_TOKEN and fills in the documented defaults', () => {
    expect(loadConfig({ BOT_TOKEN: token })).toEqual({
      BOT_TOKEN: token,
      DATABASE_URL: 'file:./data/jiashu.db',
      DEFAULT_LOCALE: 'zh-CN',
      DEFAULT_TIMEZONE: 'Asia/Shanghai',
      INVITE_TTL_DAYS: 14,
      DELIVERY_RATE_PER_SECOND: 25,
      LOG_LEVEL: 'info',
    });
  });

  it('names BOT_TOKEN when it is missing or empty', () => {
    expect(problemsOf({})).toEqual(['BOT_TOKEN: required: the bot token from @BotFather']);
    expect(problemsOf({ BOT_TOKEN: '' })).toEqual(['BOT_TOKEN: required: the bot token from @BotFather']);
  });

  it('gives one line per bad variable, naming it and what is expected', () => {
    const problems = problemsOf({
      BOT_TOKEN: 'not-a-token',
      DATABASE_URL: 'postgres://localhost/db',
      TELEGRAM_API_ROOT: 'localhost',
      DEFAULT_LOCALE: 'fr',
      DEFAULT_TIMEZONE: 'Mars/Olympus',
      INVITE_TTL_DAYS: '0',
      DELIVERY_RATE_PER_SECOND: 'fast',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual([
      'BOT_TOKEN: a bot token from @BotFather, like 123456:ABC-DEF…',
      'DATABASE_URL: a SQLite URL such as file:./data/jiashu.db',
      'TELEGRAM_API_ROOT: an http(s) URL such as http://127.0.0.1:8081',
      'DEFAULT_LOCALE: one of zh-CN, en',
      'DEFAULT_TIMEZONE: an IANA time zone such as Asia/Shanghai',
      'INVITE_TTL_DAYS: a whole number of days from 1 to 90',
      'DELIVERY_RATE_PER_SECOND: a whole number of messages per second from 1 to 1000',
      'LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('lets the migration command run without a bot token', () => {
    expect(loadDatabaseUrl({})).toBe('file:./data/jiashu.db');
    expect(() => loadDatabaseUrl({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: a SQLite URL/);
  });

  it('.env.example matches the schema (run `npm run env:example` if this fails)', async () => {
    const example = await readFile(new URL('../.env.example', import.meta.url), 'utf8');
    expect(example).toBe(renderEnvExample());
    expect(example).toContain('BOT_TOKEN=\n');
  });
});
