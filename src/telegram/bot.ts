import { Bot, Composer, type MiddlewareFn } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { autoRetry } from '@grammyjs/auto-retry';
import { conversations } from '@grammyjs/conversations';
import { sequentialize } from '@grammyjs/runner';
import type { Db } from '../db/client.js';
import type { ChatContext, BotContext } from './context.js';
import { attachAppFields, type AppFieldsDeps } from './middlewares/app-fields.js';
import { apologizeForErrors, rememberCallbackAnswers, rememberCallbackAnswersInConversations } from './middlewares/error-boundary.js';
import { deduplicateUpdates } from './middlewares/deduplicate-updates.js';
import { privateChatsOnly } from './middlewares/private-chats-only.js';
import { oneConversationAtATime } from './middlewares/one-conversation-at-a-time.js';
import { databaseConversationStorage } from './conversation-storage.js';
import { cancelFeature } from './features/cancel.js';
import { startFeature } from './features/start.js';
import { helpFeature } from './features/help.js';
import { languageFeature } from './features/language.js';
import { quietHoursFeature } from './features/quiet-hours.js';
import { phoneFeature } from './features/phone.js';
import { joinFeature } from './features/join.js';
import { invitesFeature } from './features/invites.js';
import { classesFeature } from './features/classes.js';
import { childFormFeature } from './features/child-form.js';
import { childFilesFeature } from './features/child-files.js';
import { childImportFeature } from './features/child-import.js';
import { myDataFeature, refuseErasedButtons } from './features/my-data.js';
import { weeklyNotesFeature } from './features/weekly-notes.js';
import { weeklySettingsFeature } from './features/weekly-settings.js';
import { quickUpdateFeature } from './features/quick-update.js';
import { lettersFeature } from './features/letters.js';
import { reportsFeature } from './features/reports.js';
import { exportsFeature } from './features/exports.js';
import { letterPrintFeature } from './features/letter-print.js';
import { callsFeature } from './features/calls.js';
import { checkInsFeature } from './features/check-ins.js';
import { contactLogFeature } from './features/contact-log.js';
import { homeVisitsFeature } from './features/home-visits.js';
import { schoolDatesFeature } from './features/school-dates.js';
import { safeguardingFeature } from './features/safeguarding.js';
import { staffFeature } from './features/staff.js';
import { fallbackFeature } from './features/fallback.js';

/** Bump when a conversation's steps change shape, so old stored states are dropped. */
const CONVERSATION_STATE_VERSION = 4;

export interface BotOptions extends AppFieldsDeps {
  token: string;
  db: Db;
  /** A self-hosted Bot API server or an emulator; Telegram's own when undefined. */
  apiRoot?: string;
  /** Known bot details, so no `getMe` call is needed (tests). */
  botInfo?: UserFromGetMe;
}

const retryTelegramLimits: MiddlewareFn<ChatContext> = (ctx, next) => {
  ctx.api.config.use(autoRetry());
  return next();
};

/** Messages from one chat are handled one at a time, in order; other chats run in parallel. */
function chatKey(ctx: { chatId?: number; from?: { id: number } }): string | undefined {
  return (ctx.chatId ?? ctx.from?.id)?.toString();
}

/**
 * Builds the grammY bot: shared middleware, then each feature's Composer behind one
 * error boundary. The order matters: `/cancel` comes before the conversations so it can
 * leave one, and the fallback comes last.
 */
export function createBot(options: BotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    botInfo: options.botInfo,
    client: options.apiRoot ? { apiRoot: options.apiRoot } : undefined,
  });
  bot.api.config.use(autoRetry());

  const appFields = attachAppFields(options);
  const features = new Composer<BotContext>();
  features.use(appFields, privateChatsOnly, refuseErasedButtons);
  features.use(
    conversations<BotContext, ChatContext>({
      storage: {
        type: 'key',
        version: CONVERSATION_STATE_VERSION,
        // Only updates in a chat reach a conversation: an inline query has no chat to answer in.
        getStorageKey: (ctx) => ctx.chatId?.toString(),
        adapter: databaseConversationStorage(options.db),
      },
      plugins: [retryTelegramLimits, rememberCallbackAnswersInConversations, attachAppFields(options, { readOnly: true })],
    }),
    oneConversationAtATime,
  );
  features.use(cancelFeature, quietHoursFeature, phoneFeature, classesFeature, childFormFeature, childFilesFeature, weeklyNotesFeature, weeklySettingsFeature, lettersFeature, callsFeature, checkInsFeature);
  features.use(joinFeature, startFeature, helpFeature, languageFeature, invitesFeature);
  features.use(contactLogFeature, homeVisitsFeature, schoolDatesFeature);
  features.use(reportsFeature, exportsFeature);
  features.use(safeguardingFeature, staffFeature);
  features.use(childImportFeature, myDataFeature, quickUpdateFeature, letterPrintFeature, fallbackFeature);

  bot.use(sequentialize(chatKey), deduplicateUpdates({ db: options.db, logger: options.logger }), rememberCallbackAnswers);
  bot.errorBoundary(apologizeForErrors(options), features);
  bot.catch(apologizeForErrors(options));
  return bot;
}
