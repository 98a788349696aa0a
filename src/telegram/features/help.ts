import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { commandsOf } from '../command-menu.js';
import { replyWith } from '../reply.js';

/** `/help`: the commands of the user's roles, and which roles they hold. */
export const helpFeature = new Composer<BotContext>();

helpFeature.command('help', async (ctx) => {
  await replyWith(ctx, await ctx.app.settings.help(ctx.actor, commandsOf));
});
