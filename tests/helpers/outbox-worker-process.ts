/**
 * The outbox worker as its own process, for the crash test: sends what DATABASE_URL's outbox
 * holds through the Bot API at TELEGRAM_API_ROOT, and exits 0 once nothing is PENDING or
 * SENDING. Run with `node --import tsx`; OUTBOX_RATE sets the messages per second.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Api } from 'grammy';
import { openDatabase } from '../../src/db/client.js';
import { createOutboxWorker } from '../../src/delivery/worker.js';
import { createLogger } from '../../src/logger.js';
import { createTelegramChannel } from '../../src/telegram/telegram-channel.js';
import { TEST_TOKEN } from './fake-telegram.js';

const db = await openDatabase(process.env.DATABASE_URL!);
const worker = createOutboxWorker({
  db,
  channel: createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: process.env.TELEGRAM_API_ROOT })),
  logger: createLogger('warn'),
  ratePerSecond: Number(process.env.OUTBOX_RATE ?? 500),
  defaultTimezone: 'Asia/Shanghai',
  // The test must not depend on the time of day it runs at.
  defaultQuietHours: null,
  pollIntervalMs: 50,
});
worker.start();
while ((await db.outboxMessage.count({ where: { status: { in: ['PENDING', 'SENDING'] } } })) > 0) await sleep(100);
await worker.stop();
await db.$disconnect();
process.exit(0);
