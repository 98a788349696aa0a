import { Composer } from 'grammy';
import { callKept } from '../../app/call-replies.js';
import type { LocalDate } from '../../domain/call-slots.js';
import { DomainError } from '../../domain/errors.js';
import { editWith, replyWith } from '../reply.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalText } from '../refusals.js';
import { callHoursFeature } from './call-hours.js';
import { callScheduleFeature } from './call-schedule.js';

/**
 * Calls at the Children's Home. `/call`: a parent sees their child's booked calls, books a
 * slot (a day, then a time, in the school's time zone), moves or cancels one. Callback data
 * names children, bookings and slots and is untrusted: each press is checked again by the
 * domain. Also mounts `/callhours` (admins) and `/schedule` (keepers).
 */
export const callsFeature = new Composer<BotContext>();
callsFeature.use(callHoursFeature, callScheduleFeature);

/** Reads a day from a button's `YYYYMMDD`. */
function dateFrom(key: string): LocalDate {
  return { year: Number(key.slice(0, 4)), month: Number(key.slice(4, 6)), day: Number(key.slice(6, 8)) };
}

callsFeature.command('call', async (ctx) => {
  if (!ctx.user) return;
  await explainingRefusals(ctx, async () => {
    await replyWith(ctx, await ctx.app.calls.children(ctx.actor!));
  });
});

onAction(callsFeature, 'call.child', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await replyWith(ctx, await ctx.app.calls.overview(ctx.actor!, action.childId));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.book', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await replyWith(ctx, await ctx.app.calls.daysToBook(ctx.actor!, action.childId));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.move', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await replyWith(ctx, await ctx.app.calls.daysToMove(ctx.actor!, action.bookingId));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.day', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await editWith(ctx, await ctx.app.calls.times(ctx.actor!, action.childId, action.moveId, dateFrom(action.date)));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.slot', async (ctx, action) => {
  const { childId, moveId } = action;
  const slot = new Date(action.minute * 60_000);
  const actor = ctx.actor!;
  await explainingRefusals(ctx, async () => {
    try {
      const { reply } = moveId ? await ctx.app.calls.move(actor, moveId, slot) : await ctx.app.calls.book(actor, childId, slot);
      await ctx.answerCallbackQuery();
      await editWith(ctx, reply);
    } catch (error) {
      if (!(error instanceof DomainError) || error.reason !== 'slotTaken') throw error;
      await ctx.answerCallbackQuery({ text: refusalText(ctx.t, error.reason), show_alert: true });
      await editWith(ctx, await ctx.app.calls.times(actor, childId, moveId, slot));
    }
  });
});

onAction(callsFeature, 'call.cancel', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.calls.cancelQuestion(ctx.actor!, action.bookingId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, question);
  });
});

onAction(callsFeature, 'call.cancelYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.calls.cancel(ctx.actor!, action.bookingId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, reply);
  });
});

onAction(callsFeature, 'call.cancelNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, callKept());
});
