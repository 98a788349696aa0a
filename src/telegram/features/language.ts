import { Composer, InlineKeyboard } from 'grammy';
import { pack } from '../../actions/index.js';
import { isSupportedLocale, supportedLocales } from '../../i18n/locales.js';
import type { BotContext } from '../context.js';
import { publishChatCommandMenu } from '../command-menu.js';
import { onAction } from '../on-action.js';

/** `/language`: the user picks the language the bot writes to them in. */
export const languageFeature = new Composer<BotContext>();

languageFeature.command('language', async (ctx) => {
  const keyboard = new InlineKeyboard();
  for (const locale of supportedLocales) {
    keyboard.text(ctx.t('language.name', { lng: locale }), pack({ name: 'language.choose', locale }));
  }
  await ctx.reply(ctx.t('language.prompt'), { reply_markup: keyboard });
});

onAction(languageFeature, 'language.choose', async (ctx, action) => {
  const { locale } = action;
  if (!ctx.user || !isSupportedLocale(locale)) {
    await ctx.answerCallbackQuery({ text: ctx.t('language.unknown') });
    return;
  }
  await ctx.app.settings.chooseLocale(ctx.actor!, locale);
  const t = ctx.translations.translatorFor(locale);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(t('language.changed'));
  const roles = await ctx.domain.users.rolesOf(ctx.actor!);
  await publishChatCommandMenu(ctx.api, ctx.chatId!, roles, t, ctx.log);
});
