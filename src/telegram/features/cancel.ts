import { Composer } from 'grammy';
import { cancelled } from '../../app/settings-replies.js';
import type { BotContext } from '../context.js';
import { replyWith } from '../reply.js';

/**
 * `/cancel` leaves whatever conversation is open. It is mounted before the conversations,
 * so it works while one is waiting for an answer.
 */
export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const anyOpen = Object.keys(ctx.conversation.active()).length > 0;
  if (anyOpen) await ctx.conversation.exitAll();
  await replyWith(ctx, cancelled(anyOpen));
});
