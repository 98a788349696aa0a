import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { askCap, callHoursSaved, typedHours, weeklyCap } from '../../app/call-replies.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { parseOpeningHours } from '../../domain/opening-hours-text.js';
import { pressedOrTyped } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, idFrom, refusalOf, refusalText } from '../refusals.js';
import { replyWith } from '../reply.js';

/**
 * `/callhours` (admins): shows the Children's Home's opening hours for calls and the weekly
 * cap per child, then takes new hours typed one line per opening (`二 16:30-18:00 10`) and
 * the cap, explaining what is wrong with a line until it can be saved.
 */
export const callHoursFeature = new Composer<BotContext>();

async function callHours(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const actor = ctx.actor!;
  const found = await refusalOf(conversation, () => ctx.app.calls.hours(actor, schoolId));
  if ('refused' in found) {
    await ctx.reply(refusalText(ctx.t, found.refused));
    return;
  }
  const current = found.value;
  await replyWith(ctx, current.reply);
  const hours = await pressedOrTyped(conversation, 'callHours.keep', (answer) =>
    'pressed' in answer ? (current.hours.length > 0 ? { value: current.hours } : typedHours(undefined)) : typedHours(answer.typed === undefined ? undefined : parseOpeningHours(answer.typed)),
  );
  await replyWith(ctx, askCap(current.capPerWeek));
  const cap = await pressedOrTyped(conversation, 'callHours.cap', (answer) => weeklyCap('pressed' in answer ? answer.pressed.cap : idFrom(answer.typed?.normalize('NFKC').trim())));
  const saved = await refusalOf(conversation, () => ctx.app.schoolAdmin.setCallSettings(actor, schoolId, hours, cap));
  if ('refused' in saved) {
    await ctx.reply(refusalText(ctx.t, saved.refused));
    return;
  }
  await replyWith(ctx, callHoursSaved(hours, cap));
}

callHoursFeature.use(createConversation(callHours, 'call-hours'));

callHoursFeature.command('callhours', async (ctx) => {
  if (!ctx.user) return;
  await explainingRefusals(ctx, async () => {
    const whose = await ctx.app.calls.hoursSchools(ctx.actor!);
    if ('reply' in whose) await replyWith(ctx, whose.reply);
    else await ctx.conversation.enter('call-hours', whose.schoolId);
  });
});

onAction(callHoursFeature, 'callHours.school', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('call-hours', action.schoolId);
});
