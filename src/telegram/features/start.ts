import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** `/start`: the first thing anyone sees. */
export const startFeature = new Composer<BotContext>();

startFeature.command('start', async (ctx) => {
  await ctx.reply(ctx.t('start.welcome', { name: ctx.from?.first_name ?? '' }));
});
