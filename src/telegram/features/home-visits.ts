import { Composer } from 'grammy';
import { DomainError } from '../../domain/errors.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { refusalText } from '../refusals.js';

/**
 * The guardian at home's answer to a home-visit notice: "convenient" or "another time"
 * (which calls the visit off), passed on to the teacher. Each press is checked again.
 */
export const homeVisitsFeature = new Composer<BotContext>();

onAction(homeVisitsFeature, 'visit.answer', async (ctx, action) => {
  try {
    const reply = await ctx.app.contacts.answerHomeVisit(ctx.actor!, action.visitId, action.answer === 'ok' ? 'OK' : 'MOVE');
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t(reply.answer === 'OK' ? 'homeVisits.thanksOk' : 'homeVisits.thanksMove', { teacher: reply.teacherName }));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    ctx.log.info({ reason: error.reason }, 'visit answer refused');
    await ctx.answerCallbackQuery({ text: error.reason === 'visit:over' ? ctx.t('homeVisits.over') : refusalText(ctx.t, error.reason), show_alert: true });
  }
});
