import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { publishCommandMenus } from '../../src/telegram/command-menu.js';
import { Harness } from '../helpers/harness.js';
import { Writable } from 'node:stream';
import { withTelegram } from '../helpers/accounts.js';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create();
});
afterAll(() => h.close());

describe('when Telegram pushes back', () => {
  it('waits out a 429 inside a conversation and still delivers the reply', async () => {
    const father = h.user('Li Wei', 5001, 'en');
    await father.send('/quiet');
    h.telegram.failNext('sendMessage', 429, 'Too Many Requests: retry after 1', 1);
    const replies = await father.press('23:00');
    const sent = replies.filter((reply) => reply.method === 'sendMessage');
    expect(sent.map((reply) => reply.text)).toEqual([
      expect.stringContaining('from what time may I write again?'),
      expect.stringContaining('from what time may I write again?'),
    ]);
    expect(h.callsOf('sendMessage').at(-2)?.refused).toBe('Too Many Requests: retry after 1');
    expect(h.callsOf('sendMessage').at(-1)?.refused).toBeUndefined();
  });

  it('counts someone who had blocked the bot as reachable again when they write', async () => {
    const father = h.user('Li Wei', 5002, 'en');
    await father.send('/start');
    await h.db.user.updateMany({ where: withTelegram(5002n), data: { unreachableAt: new Date() } });
    await father.send('/help');
    expect((await h.db.user.findFirstOrThrow({ where: withTelegram(5002n) })).unreachableAt).toBeNull();
  });

  it('keeps going when Telegram refuses a command menu, and logs a warning', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    h.telegram.failNext('setMyCommands', 400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    const before = h.callsOf('setMyCommands').length;
    await publishCommandMenus(h.bot.api, await loadTranslations(), 'zh-CN', logger);
    const menus = h.callsOf('setMyCommands').slice(before);
    expect(menus.map((call) => [call.payload.language_code, Boolean(call.refused)])).toEqual([
      [undefined, true],
      ['zh', false],
      ['en', false],
      ['ru', false],
    ]);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 40, msg: 'could not set the command menu' }),
    ]);
  });
});
