import { request } from 'node:http';
import { Writable } from 'node:stream';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRequests } from '../../src/health/health-server.js';
import { createLogger } from '../../src/logger.js';
import { serveWebhook, type WebhookServer } from '../../src/telegram/webhook-server.js';
import type { ApiCall } from '../helpers/fake-telegram.js';
import { Harness } from '../helpers/harness.js';
import { textMessage, type UpdateBody } from '../helpers/updates.js';
import { withTelegram } from '../helpers/accounts.js';

const SECRET = 'school-webhook-secret-2026';
const URL_FOR_TELEGRAM = 'https://bot.example.org/telegram';

let h: Harness;
let server: WebhookServer;
const logs: string[] = [];
const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => done(void logs.push(String(chunk))) }));

/** Posts an update as Telegram would, with the given secret header (none when null). */
async function post(update: Update, secret: string | null = SECRET, port = server.port): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Posts a body in chunks without a Content-Length, as a client streaming it would; resolves with the status. */
function postChunked(body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: '/telegram', method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.slice(at, at + 64 * 1024));
    req.end();
  });
}

function numbered(body: UpdateBody): Update {
  return { ...body, update_id: h.telegram.takeUpdateId() } as Update;
}

const messagesTo = (chatId: number) => (call: ApiCall) => call.method === 'sendMessage' && call.payload.chat_id === chatId;

beforeAll(async () => {
  h = await Harness.create();
  server = await serveWebhook({
    bot: h.bot,
    url: URL_FOR_TELEGRAM,
    secret: SECRET,
    port: 0,
    host: '127.0.0.1',
    logger,
    answerWithinMs: 200,
    otherRequests: healthRequests({ db: h.db, logger }),
  });
});
afterAll(async () => {
  await server.close();
  await h.close();
});

describe('webhook mode', () => {
  it('registers the webhook with the secret token and the update kinds the bot handles', () => {
    expect(h.callsOf('setWebhook').map((call) => call.payload)).toEqual([
      { url: URL_FOR_TELEGRAM, secret_token: SECRET, allowed_updates: ['message', 'callback_query', 'my_chat_member'] },
    ]);
  });

  it('refuses posts without the secret (401) or with a wrong one (403), handles nothing and logs no body', async () => {
    const stranger = h.user('Li Wei', 7001, 'en');
    expect(await post(numbered(textMessage(stranger.from, '/start')), null)).toBe(401);
    expect(await post(numbered(textMessage(stranger.from, '/start')), 'school-webhook-secret-2025')).toBe(403);
    expect(await post(numbered(textMessage(stranger.from, '/start')), '')).toBe(403);

    expect(h.telegram.calls.filter(messagesTo(7001))).toEqual([]);
    expect(await h.db.processedUpdate.count()).toBe(0);
    expect(await h.db.user.count({ where: withTelegram(7001n) })).toBe(0);
    const refusals = logs.filter((line) => line.includes('webhook request refused')).map((line) => JSON.parse(line));
    expect(refusals.map((line) => [line.level, line.status, line.reason])).toEqual([
      [40, 401, 'no secret token'],
      [40, 403, 'wrong secret token'],
      [40, 403, 'wrong secret token'],
    ]);
    expect(logs.join('')).not.toMatch(/Li Wei|\/start|school-webhook-secret/);
  });

  it('hands a good update to the bot, whose reply reaches Telegram', async () => {
    const father = h.user('Li Wei', 7001, 'en');
    const update = numbered(textMessage(father.from, '/start'));
    expect(await post(update)).toBe(200);
    const reply = await h.telegram.waitForCall(messagesTo(7001));
    expect(reply.payload.text).toContain('Hello, Li Wei! I am Jiashu');
    expect(await h.db.processedUpdate.findMany({ select: { updateId: true } })).toEqual([{ updateId: update.update_id }]);
  });

  it('handles an update Telegram delivers twice only once, also when both arrive at the same time', async () => {
    const grandma = h.user('王奶奶', 7002, 'zh-hans');
    const twice = numbered(textMessage(grandma.from, '/help'));
    expect(await Promise.all([post(twice), post(twice)])).toEqual([200, 200]);
    expect(await post(twice)).toBe(200);
    await h.telegram.waitForCall(messagesTo(7002));

    expect(h.telegram.calls.filter(messagesTo(7002))).toHaveLength(1);
    expect(await h.db.processedUpdate.count({ where: { updateId: twice.update_id } })).toBe(1);
    const repeats = h.logs.filter((line) => line.includes('repeated update ignored')).map((line) => JSON.parse(line).update_id);
    expect(repeats).toEqual([twice.update_id, twice.update_id]);
  });

  it('answers Telegram at once when handling is slow, and a chat\'s next update waits its turn', async () => {
    const teacher = h.user('Zhang Min', 7003, 'en');
    h.telegram.stall();
    const startedAt = Date.now();
    expect(await post(numbered(textMessage(teacher.from, '/start')))).toBe(200);
    expect(await post(numbered(textMessage(teacher.from, '/help')))).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    h.telegram.resume();

    await h.telegram.waitForCall((call) => messagesTo(7003)(call) && /What I can do/.test(String(call.payload.text)));
    const texts = h.telegram.calls.filter(messagesTo(7003)).map((call) => String(call.payload.text).split('\n')[0]);
    expect(texts).toEqual(['Hello, Zhang Min! I am Jiashu (家书), your school\'s letterbox between families and children.', 'What I can do for you:']);
  });

  it('refuses a post over 1 MB with 413, with or without its length given, and goes on handling updates', async () => {
    const huge = JSON.stringify({ update_id: h.telegram.takeUpdateId(), padding: 'x'.repeat(2 << 20) });
    const withLength = await fetch(`http://127.0.0.1:${server.port}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: huge,
    });
    expect(withLength.status).toBe(413);
    expect(await postChunked(huge)).toBe(413);

    const father = h.user('Li Wei', 7006, 'en');
    expect(await post(numbered(textMessage(father.from, '/start')))).toBe(200);
    expect((await h.telegram.waitForCall(messagesTo(7006))).payload.text).toContain('Hello, Li Wei!');
    const refusals = logs.filter((line) => line.includes('body too large')).map((line) => JSON.parse(line));
    expect(refusals.map((line) => [line.level, line.status])).toEqual([
      [40, 413],
      [40, 413],
    ]);
  });

  it('serves GET /healthz on the same port when the health check shares it', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
  });

  it('finishes the updates in hand before it closes', async () => {
    const second = await serveWebhook({ bot: h.bot, url: URL_FOR_TELEGRAM, secret: SECRET, port: 0, host: '127.0.0.1', logger, answerWithinMs: 50 });
    const mother = h.user('Chen Fang', 7004, 'en');
    h.telegram.stall();
    expect(await post(numbered(textMessage(mother.from, '/start')), SECRET, second.port)).toBe(200);
    let closed = false;
    const closing = second.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    h.telegram.resume();
    await closing;
    expect(h.telegram.calls.filter(messagesTo(7004))).toHaveLength(1);
    await expect(post(numbered(textMessage(mother.from, '/help')), SECRET, second.port)).rejects.toThrow();
  });

  it('clears update ids older than a week', async () => {
    const old = new Date(Date.now() - 8 * 24 * 3600_000);
    await h.db.processedUpdate.create({ data: { updateId: 1_000_000, createdAt: old } });
    h.restart();
    const again = await serveWebhook({ bot: h.bot, url: URL_FOR_TELEGRAM, secret: SECRET, port: 0, host: '127.0.0.1', logger });
    try {
      const visitor = h.user('Marie', 7005, 'fr');
      expect(await post(numbered(textMessage(visitor.from, '/start')), SECRET, again.port)).toBe(200);
      expect(await h.db.processedUpdate.count({ where: { updateId: 1_000_000 } })).toBe(0);
      expect(await h.db.processedUpdate.count()).toBeGreaterThan(1);
    } finally {
      await again.close();
    }
  });
});
