import type { MiddlewareFn } from 'grammy';
import type { App } from '../../app/index.js';
import { telegramAccount } from '../../domain/channel-accounts.js';
import type { Domain } from '../../domain/index.js';
import { cleanProfileName } from '../../domain/names.js';
import { resolveLocale, type Locale } from '../../i18n/locales.js';
import type { Translations } from '../../i18n/translator.js';
import type { Logger } from '../../logger.js';
import type { ChatContext } from '../context.js';

export interface AppFieldsDeps {
  /** Used here only to recognise the person behind an update; handlers act through `app`. */
  domain: Domain;
  app: App;
  translations: Translations;
  logger: Logger;
  defaultLocale: Locale;
}

/**
 * Puts the app, a per-update logger, the user (found by their Telegram account;
 * their Telegram name cleaned of invisible and control characters) with their `actor`, and a
 * translator fixed to their language on the context. Used on
 * the bot and, read-only, on every context a conversation rebuilds
 * (those are replayed, old updates included, so they must not write the user again).
 */
export function attachAppFields(deps: AppFieldsDeps, options: { readOnly?: boolean } = {}): MiddlewareFn<ChatContext> {
  return async (ctx, next) => {
    ctx.app = deps.app;
    ctx.translations = deps.translations;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id });
    const from = ctx.from;
    if (from && !from.is_bot && options.readOnly) {
      ctx.user = (await deps.domain.users.byAccount(telegramAccount(from.id))) ?? undefined;
    } else if (from && !from.is_bot) {
      ctx.user = await deps.domain.users.ensureUser({
        account: telegramAccount(from.id),
        displayName: cleanProfileName([from.first_name, from.last_name].filter(Boolean).join(' ')) || String(from.id),
        languageCode: from.language_code,
      });
    }
    ctx.actor = ctx.user ? { userId: ctx.user.id } : undefined;
    ctx.locale = resolveLocale(ctx.user?.locale, ctx.user?.languageCode ?? from?.language_code, deps.defaultLocale);
    ctx.t = deps.translations.translatorFor(ctx.locale);
    await next();
  };
}
