/**
 * The bot as its own process, for tests that kill it in the middle of an update: wired as
 * in production on DATABASE_URL, it hands the one update in UPDATE (JSON) to the bot,
 * talking to the fake Telegram at TELEGRAM_API_ROOT, with the domain's clock at NOW (ms).
 * Prints `done` when the update is handled. Run with `node --import tsx`.
 */
import { openDatabase } from '../../src/db/client.js';
import { createApp } from '../../src/app/index.js';
import { createDomain } from '../../src/domain/index.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { createLogger } from '../../src/logger.js';
import { createBot } from '../../src/telegram/bot.js';
import { TEST_TOKEN, testBotInfo } from './fake-telegram.js';

const db = await openDatabase(process.env.DATABASE_URL!);
const now = Number(process.env.NOW);
const domainOptions = { clock: () => new Date(now) };
const translations = await loadTranslations();
const bot = createBot({
  token: TEST_TOKEN,
  apiRoot: process.env.TELEGRAM_API_ROOT!,
  botInfo: testBotInfo,
  db,
  domain: createDomain(db, domainOptions),
  app: createApp({ db, domainOptions, translations, defaultLocale: 'zh-CN' }),
  translations,
  logger: createLogger('warn'),
  defaultLocale: 'zh-CN',
});
await bot.handleUpdate(JSON.parse(process.env.UPDATE!));
await db.$disconnect();
console.log('done');
