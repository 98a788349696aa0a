import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { replyWith } from '../reply.js';

/**
 * The guardian at home's answer to a home-visit notice: "convenient" or "another time"
 * (which calls the visit off), passed on to the teacher. Each press is checked again.
 */
export const homeVisitsFeature = new Composer<BotContext>();

onAction(homeVisitsFeature, 'visit.answer', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.contacts.answerHomeVisit(ctx.actor!, action.visitId, action.answer === 'ok' ? 'OK' : 'MOVE');
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await replyWith(ctx, reply);
  });
});
