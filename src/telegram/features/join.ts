import { Composer } from 'grammy';
import { joinDeclined } from '../../app/invite-replies.js';
import type { BotContext } from '../context.js';
import { publishChatCommandMenu } from '../command-menu.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { replyWith } from '../reply.js';

/**
 * Joining by invitation: `/start <code>` shows who invites whom, to what, what data the
 * school keeps and who sees it; the link is made only after "I agree". A parent or guardian
 * is then asked, each skippable, for their phone number, free time for calls and quiet hours.
 */
export const joinFeature = new Composer<BotContext>();

joinFeature.command('start', async (ctx, next) => {
  const code = ctx.match.trim();
  if (!code || !ctx.user) return next();
  await explainingRefusals(ctx, async () => {
    await replyWith(ctx, await ctx.app.invites.preview(ctx.actor!, code));
  });
});

onAction(joinFeature, 'join.agree', async (ctx, action) => {
  const actor = ctx.actor!;
  await explainingRefusals(ctx, async () => {
    const { joined, roles, reply } = await ctx.app.invites.join(actor, action.code);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await replyWith(ctx, reply);
    await publishChatCommandMenu(ctx.api, ctx.chatId!, roles, ctx.t, ctx.log);
    if (joined.childName) await ctx.conversation.enter('phone-setup', true);
  });
});

onAction(joinFeature, 'join.decline', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await replyWith(ctx, joinDeclined());
});
