import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * `/cancel` leaves whatever conversation is open. It is mounted before the conversations,
 * so it works while one is waiting for an answer.
 */
export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const active = Object.keys(ctx.conversation.active());
  if (active.length === 0) {
    await ctx.reply(ctx.t('cancel.nothing'));
    return;
  }
  await ctx.conversation.exitAll();
  await ctx.reply(ctx.t('cancel.done'));
});
