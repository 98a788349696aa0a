import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDatabaseUrl, renderEnvExample, webhookSettings } from '../src/config.js';

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
      RETENTION_DAYS_AFTER_LEAVING: 730,
      DELIVERY_RATE_PER_SECOND: 25,
      LOG_LEVEL: 'info',
      BOT_MODE: 'polling',
      WEBHOOK_PORT: 8080,
      HEALTH_PORT: 8081,
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
      BOT_MODE: 'push',
      WEBHOOK_URL: 'ftp://bot.example.org/hook',
      WEBHOOK_SECRET: 'short',
      WEBHOOK_PORT: '70000',
      HEALTH_PORT: 'eight',
    });
    expect(problems).toEqual([
      'BOT_TOKEN: a bot token from @BotFather, like 123456:ABC-DEF…',
      'DATABASE_URL: a SQLite URL such as file:./data/jiashu.db',
      'TELEGRAM_API_ROOT: an http(s) URL such as http://127.0.0.1:8081',
      'DEFAULT_LOCALE: one of zh-CN, en, ru',
      'DEFAULT_TIMEZONE: an IANA time zone such as Asia/Shanghai',
      'INVITE_TTL_DAYS: a whole number of days from 1 to 90',
      'DELIVERY_RATE_PER_SECOND: a whole number of messages per second from 1 to 1000',
      'LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent',
      'BOT_MODE: one of polling, webhook',
      'WEBHOOK_URL: an https URL such as https://bot.example.org/telegram',
      'WEBHOOK_SECRET: 16 to 256 characters of A-Z, a-z, 0-9, _ and -',
      'WEBHOOK_PORT: a port number from 1 to 65535',
      'HEALTH_PORT: a port number from 1 to 65535',
    ]);
  });

  it('needs WEBHOOK_URL and WEBHOOK_SECRET in webhook mode, and names each missing one', () => {
    expect(problemsOf({ BOT_TOKEN: token, BOT_MODE: 'webhook' })).toEqual([
      'WEBHOOK_URL: required when BOT_MODE=webhook',
      'WEBHOOK_SECRET: required when BOT_MODE=webhook',
    ]);
    expect(problemsOf({ BOT_MODE: 'webhook', WEBHOOK_URL: 'https://bot.example.org/telegram' })).toEqual([
      'BOT_TOKEN: required: the bot token from @BotFather',
      'WEBHOOK_SECRET: required when BOT_MODE=webhook',
    ]);
    const config = loadConfig({
      BOT_TOKEN: token,
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.example.org/telegram',
      WEBHOOK_SECRET: 'a-secret_of-16-plus',
      WEBHOOK_PORT: '8443',
    });
    expect(webhookSettings(config)).toEqual({ url: 'https://bot.example.org/telegram', secret: 'a-secret_of-16-plus', port: 8443 });
    expect(webhookSettings(loadConfig({ BOT_TOKEN: token, WEBHOOK_URL: 'https://bot.example.org/telegram' }))).toBeUndefined();
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
