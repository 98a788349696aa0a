import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/client.js';
import { queueMessages } from '../src/delivery/outbox.js';
import { serveHealth } from '../src/health/health-server.js';
import type { ListeningServer } from '../src/http/listen.js';
import { createLogger } from '../src/logger.js';
import { freshDatabaseUrl } from './helpers/database.js';
import { onTelegram } from './helpers/accounts.js';

const now = new Date('2026-12-01T02:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const logs: string[] = [];
const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => done(void logs.push(String(chunk))) }));

async function startHealth(db: Db): Promise<ListeningServer> {
  return serveHealth({ db, logger, clock: () => now, port: 0, host: '127.0.0.1' });
}

async function get(server: ListeningServer, path = '/healthz'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('GET /healthz', () => {
  let db: Db;
  let server: ListeningServer;

  beforeAll(async () => {
    db = await openDatabase(await freshDatabaseUrl());
    server = await startHealth(db);
    const parent = await db.user.create({ data: { accounts: onTelegram(5001n), displayName: 'Parent' } });
    const text = (n: number) => ({ idempotencyKey: `health-test:${n}`, recipientId: parent.id, message: { kind: 'text' as const, text: `note ${n}` } });
    // Two due (queued 20 and 10 minutes ago), one held for quiet hours, one already sent.
    await queueMessages(db, [text(1)], minutesAgo(20));
    await queueMessages(db, [text(2)], minutesAgo(10));
    await queueMessages(db, [{ ...text(3), notBefore: new Date(now.getTime() + 5 * 3600_000) }], minutesAgo(60));
    await queueMessages(db, [text(4)], minutesAgo(120));
    await db.outboxMessage.update({ where: { idempotencyKey: 'health-test:4' }, data: { status: 'SENT', sentAt: minutesAgo(119) } });
    await db.jobRun.createMany({
      data: [
        { job: 'weekly-note:school-1', periodKey: '2026-W47', startedAt: minutesAgo(3000), finishedAt: minutesAgo(2990) },
        { job: 'weekly-note:school-2', periodKey: '2026-W47', startedAt: minutesAgo(2900), finishedAt: minutesAgo(2890) },
        { job: 'weekly-note:school-1', periodKey: '2026-W46', startedAt: minutesAgo(13000), finishedAt: minutesAgo(12990) },
        { job: 'letterbox-reminder:school-1', periodKey: '2026-12-01', startedAt: minutesAgo(1) },
      ],
    });
  });

  afterAll(async () => {
    await server.close();
    await db.$disconnect();
  });

  it('answers 200 with the database, the outbox backlog and the newest finished run of each job family', async () => {
    expect(await get(server)).toEqual({
      status: 200,
      body: {
        status: 'ok',
        checkedAt: '2026-12-01T02:00:00.000Z',
        database: { reachable: true, writable: true },
        outbox: { pending: 3, oldestPendingAgeSeconds: 3600, due: 2, oldestDueAgeSeconds: 1200, stuck: 0, failedLastDay: 0 },
        problems: [],
        jobs: {
          'letterbox-reminder': { lastFinishedAt: null },
          'weekly-note': { lastFinishedAt: minutesAgo(2890).toISOString() },
        },
      },
    });
  });

  it('answers 200 "degraded" with the messages stuck for over 30 minutes and those given up in the last day', async () => {
    const degraded = await openDatabase(await freshDatabaseUrl());
    const degradedServer = await startHealth(degraded);
    try {
      const parent = await degraded.user.create({ data: { accounts: onTelegram(5002n), displayName: 'Parent' } });
      const row = (key: string, data: object) => degraded.outboxMessage.create({ data: { idempotencyKey: key, recipientId: parent.id, payload: '{}', ...data } });
      await row('due-long-ago', { notBefore: minutesAgo(45), createdAt: minutesAgo(45) });
      // Retried through an outage: each retry moved its due time on, but it was queued 40 minutes ago.
      await row('retrying', { notBefore: new Date(now.getTime() + 60_000), createdAt: minutesAgo(40), attempts: 9, lastError: 'network: connection refused' });
      await row('just-queued', { notBefore: minutesAgo(5), createdAt: minutesAgo(5) });
      await row('refused', { status: 'FAILED', notBefore: minutesAgo(120), createdAt: minutesAgo(121), attempts: 1, lastError: '400: Bad Request: chat not found' });
      await row('refused-last-week', { status: 'FAILED', notBefore: minutesAgo(7 * 24 * 60), attempts: 1, lastError: '400: Bad Request: chat not found' });
      await row('blocked', { status: 'FAILED', notBefore: minutesAgo(60), attempts: 1, lastError: 'unreachable' });

      const { status, body } = await get(degradedServer);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'degraded',
        database: { reachable: true, writable: true },
        outbox: { pending: 3, due: 2, stuck: 2, failedLastDay: 1 },
        problems: ['messages-stuck', 'messages-failed'],
      });
    } finally {
      await degradedServer.close();
      await degraded.$disconnect();
    }
  });

  it('answers nothing but /healthz', async () => {
    expect((await get(server, '/')).status).toBe(404);
    expect((await get(server, '/healthz/../admin')).status).toBe(404);
  });

  it('answers 503 when the database cannot be reached', async () => {
    const url = await freshDatabaseUrl();
    const lost = await openDatabase(url);
    const lostServer = await startHealth(lost);
    try {
      expect((await get(lostServer)).status).toBe(200);
      await lost.$disconnect();
      // The database's folder is gone, as with a lost volume: reopening it fails.
      await rm(path.dirname(url.slice('file:'.length)), { recursive: true, force: true });
      expect(await get(lostServer)).toEqual({
        status: 503,
        body: { status: 'unavailable', checkedAt: now.toISOString(), database: { reachable: false } },
      });
      expect(logs.join('')).toMatch(/health check: the database is unreachable/);
    } finally {
      await lostServer.close();
    }
  });
});
