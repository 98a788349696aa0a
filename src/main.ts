import { run } from '@grammyjs/runner';
import { Api } from 'grammy';
import { ConfigError, loadConfig, webhookSettings, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { applyPendingMigrations } from './db/migrations.js';
import { MigrationError } from './db/migration-history.js';
import { createOutboxWorker } from './delivery/worker.js';
import { startScheduler } from './jobs/scheduler.js';
import { tellOfInterruptedImports } from './jobs/interrupted-imports.js';
import { createApp } from './app/index.js';
import { createDomain } from './domain/index.js';
import { healthRequests, serveHealth } from './health/health-server.js';
import { surviveUnhandledRejections } from './health/unhandled-rejections.js';
import type { ListeningServer } from './http/listen.js';
import { loadTranslations } from './i18n/translator.js';
import { createLogger } from './logger.js';
import { notifyUnreachable } from './notifications/unreachable.js';
import { createBot } from './telegram/bot.js';
import { publishCommandMenus } from './telegram/command-menu.js';
import { createTelegramChannel } from './telegram/telegram-channel.js';
import { serveWebhook } from './telegram/webhook-server.js';

/** Stop taking updates, let the ones in hand finish, close the database: all within this. */
const SHUTDOWN_DEADLINE_MS = 4_500;

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = readConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);
surviveUnhandledRejections(logger);

/** Migrates, or stops with the migration's own message (which names the fix) and no stack trace. */
async function migrateOrExit(): Promise<string[]> {
  try {
    return await applyPendingMigrations(config.DATABASE_URL);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    logger.fatal(error.message);
    process.exit(1);
  }
}

const applied = await migrateOrExit();
if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
const db = await openDatabase(config.DATABASE_URL);
const translations = await loadTranslations();
const domainOptions = { inviteTtlDays: config.INVITE_TTL_DAYS };
const domain = createDomain(db, domainOptions);
const app = createApp({ db, domainOptions, translations, defaultLocale: config.DEFAULT_LOCALE });
const bot = createBot({
  token: config.BOT_TOKEN,
  apiRoot: config.TELEGRAM_API_ROOT,
  db,
  domain,
  app,
  translations,
  logger,
  defaultLocale: config.DEFAULT_LOCALE,
});

// The outbox gets its own Api without auto-retry: the worker paces and retries by itself.
const outboxWorker = createOutboxWorker({
  db,
  channel: createTelegramChannel(new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 30 })),
  logger,
  clock: domain.clock,
  ratePerSecond: config.DELIVERY_RATE_PER_SECOND,
  defaultTimezone: config.DEFAULT_TIMEZONE,
  onUnreachable: async (userId) => {
    await notifyUnreachable({ db, translations, defaultLocale: config.DEFAULT_LOCALE }, userId);
  },
});
const healthDeps = { db, logger, clock: domain.clock, delivery: outboxWorker };
const webhook = webhookSettings(config);
const healthOnWebhookServer = webhook?.port === config.HEALTH_PORT;

/** Starts taking updates the configured way; returns how to stop taking them. */
async function receiveUpdates(): Promise<() => Promise<void>> {
  if (!webhook) {
    // A webhook left from a run in webhook mode would make every getUpdates fail.
    await bot.api.deleteWebhook();
    const runner = run(bot);
    logger.info({ bot: bot.botInfo.username }, 'bot started (long polling)');
    return () => runner.stop();
  }
  const server = await serveWebhook({ bot, ...webhook, logger, otherRequests: healthOnWebhookServer ? healthRequests(healthDeps) : undefined });
  logger.info({ bot: bot.botInfo.username, port: server.port }, 'bot started (webhook)');
  return () => server.close();
}

/** The health check is a help, not a need: a taken port is logged and the bot runs on. */
async function serveHealthUnlessShared(): Promise<ListeningServer | undefined> {
  if (healthOnWebhookServer) return undefined;
  try {
    const server = await serveHealth({ ...healthDeps, port: config.HEALTH_PORT });
    logger.info({ port: server.port }, 'health check listening on /healthz');
    return server;
  } catch (error) {
    logger.error({ err: error, port: config.HEALTH_PORT }, 'health check could not listen; the bot runs without it');
    return undefined;
  }
}

await tellOfInterruptedImports({ db, translations, defaultLocale: config.DEFAULT_LOCALE, logger }, domain.clock());
await bot.init();
await publishCommandMenus(bot.api, translations, config.DEFAULT_LOCALE, logger);
let stopTakingUpdates: () => Promise<void>;
try {
  stopTakingUpdates = await receiveUpdates();
} catch (error) {
  logger.fatal({ err: error }, 'could not start taking updates');
  await db.$disconnect();
  process.exit(1);
}
const healthServer = await serveHealthUnlessShared();

outboxWorker.start();
const scheduler = startScheduler({ db, domain, translations, defaultLocale: config.DEFAULT_LOCALE, logger, retentionDays: config.RETENTION_DAYS_AFTER_LEAVING }, domain.clock);

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    logger.warn('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  await Promise.all([stopTakingUpdates(), outboxWorker.stop(), scheduler.stop(), healthServer?.close()]);
  await db.$disconnect();
  clearTimeout(deadline);
  logger.info('stopped');
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
