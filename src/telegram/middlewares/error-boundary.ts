import { GrammyError, type BotError, type MiddlewareFn } from 'grammy';
import { resolveLocale, type Locale } from '../../i18n/locales.js';
import type { Translations } from '../../i18n/translator.js';
import type { Logger } from '../../logger.js';
import type { ChatContext } from '../context.js';

export interface ApologyDeps {
  logger: Logger;
  translations: Translations;
  defaultLocale: Locale;
}

/** Callback queries of updates in hand that a handler has answered already. */
const answeredQueries = new Set<string>();

/** Notes on this context's Api when the button press it carries has been answered. */
function noteAnswers(ctx: ChatContext): void {
  const id = ctx.callbackQuery?.id;
  if (id === undefined) return;
  ctx.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === 'answerCallbackQuery') answeredQueries.add(id);
    return result;
  });
}

/**
 * Remembers, for the error handler, whether a button press was answered before a handler
 * failed: Telegram refuses a second answer, and the apology would then be lost with it.
 */
export const rememberCallbackAnswers: MiddlewareFn<ChatContext> = async (ctx, next) => {
  noteAnswers(ctx);
  try {
    await next();
  } finally {
    if (ctx.callbackQuery) answeredQueries.delete(ctx.callbackQuery.id);
  }
};

/** The same inside conversations, which call Telegram through an Api of their own. */
export const rememberCallbackAnswersInConversations: MiddlewareFn<ChatContext> = (ctx, next) => {
  noteAnswers(ctx);
  return next();
};

/** Telegram's answer to an edit that changes nothing (a button pressed twice): no fault at all. */
function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && error.description.includes('message is not modified');
}

/**
 * The bot's error handler: logs a failed update by id (never its text) and tells the user,
 * in their language, that the fault is ours. After a button press it answers the press only
 * if no handler did, and sends the apology as a message. An edit that changed nothing is
 * not a fault and is passed over quietly. It works even when the failure came before the
 * context had its user and translator, and it never throws, so the bot keeps running.
 */
export function apologizeForErrors(deps: ApologyDeps): (error: BotError<ChatContext>) => Promise<void> {
  return async ({ ctx, error }) => {
    const updateId = ctx.update.update_id;
    const log = ctx.log ?? deps.logger;
    const unanswered = ctx.callbackQuery !== undefined && !answeredQueries.has(ctx.callbackQuery.id);
    if (isNotModified(error)) {
      log.debug({ update_id: updateId }, 'edit changed nothing');
      if (unanswered) await ctx.answerCallbackQuery().catch((answerError: unknown) => log.warn({ err: answerError, update_id: updateId }, 'could not answer the press'));
      return;
    }
    log.error({ err: error, update_id: updateId }, 'update failed');
    if (ctx.chat?.type !== 'private') return;
    const t = ctx.t ?? deps.translations.translatorFor(resolveLocale(null, ctx.from?.language_code, deps.defaultLocale));
    try {
      if (unanswered) await ctx.answerCallbackQuery();
    } catch (answerError) {
      log.warn({ err: answerError, update_id: updateId }, 'could not answer the press');
    }
    try {
      await ctx.reply(t('errors.apology'));
    } catch (replyError) {
      log.warn({ err: replyError, update_id: updateId }, 'could not send the apology');
    }
  };
}
