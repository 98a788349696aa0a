import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyWith } from '../reply.js';

/** `/start`: the first thing anyone sees. */
export const startFeature = new Composer<BotContext>();

/**
 * A parent or guardian who already follows a child is greeted and offered what they came
 * for (a letter to the child, an answer to the teacher); everyone else gets the introduction.
 */
startFeature.command('start', async (ctx) => {
  await replyWith(ctx, await ctx.app.settings.welcome(ctx.actor, ctx.from?.first_name ?? ''));
});
