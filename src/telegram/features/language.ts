import { Composer } from 'grammy';
import { languageMenu } from '../../app/settings-replies.js';
import { isSupportedLocale } from '../../i18n/locales.js';
import { say } from '../../i18n/words.js';
import type { BotContext } from '../context.js';
import { publishChatCommandMenu } from '../command-menu.js';
import { onAction } from '../on-action.js';
import { replyWith } from '../reply.js';

/** `/language`: the user picks the language the bot writes to them in. */
export const languageFeature = new Composer<BotContext>();

languageFeature.command('language', async (ctx) => {
  await replyWith(ctx, languageMenu());
});

onAction(languageFeature, 'language.choose', async (ctx, action) => {
  const { locale } = action;
  if (!ctx.user || !isSupportedLocale(locale)) {
    await ctx.answerCallbackQuery({ text: ctx.t('language.unknown') });
    return;
  }
  const { roles, reply } = await ctx.app.settings.chooseLocale(ctx.actor!, locale);
  const t = ctx.translations.translatorFor(locale);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(say(t, reply.words));
  await publishChatCommandMenu(ctx.api, ctx.chatId!, roles, t, ctx.log);
});
