import type { BotError } from 'grammy';
import { resolveLocale, type Locale } from '../../i18n/locales.js';
import type { Translations } from '../../i18n/translator.js';
import type { Logger } from '../../logger.js';
import type { ChatContext } from '../context.js';

export interface ApologyDeps {
  logger: Logger;
  translations: Translations;
  defaultLocale: Locale;
}

/**
 * The bot's error handler: logs a failed update by id (never its text) and tells the user,
 * in their language, that the fault is ours. It works even when the failure came before
 * the context had its user and translator, and it never throws, so the bot keeps running.
 */
export function apologizeForErrors(deps: ApologyDeps): (error: BotError<ChatContext>) => Promise<void> {
  return async ({ ctx, error }) => {
    const updateId = ctx.update.update_id;
    const log = ctx.log ?? deps.logger;
    log.error({ err: error, update_id: updateId }, 'update failed');
    if (ctx.chat?.type !== 'private') return;
    const t = ctx.t ?? deps.translations.translatorFor(resolveLocale(null, ctx.from?.language_code, deps.defaultLocale));
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      await ctx.reply(t('errors.apology'));
    } catch (replyError) {
      log.warn({ err: replyError, update_id: updateId }, 'could not send the apology');
    }
  };
}
