import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** Last in line: a message nothing else understood, or a button from an old message. */
export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
});

fallbackFeature.on('message', async (ctx) => {
  await ctx.reply(ctx.t('fallback.unknown'));
});
