import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { askMinutes, heldMinutes } from '../../app/call-replies.js';
import type { LocalDate } from '../../domain/call-slots.js';
import { DomainError } from '../../domain/errors.js';
import { anyOf, inAnyLanguage } from '../../i18n/language-facts.js';
import { editWith, replyWith } from '../reply.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { pressedOrTyped } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/**
 * `/schedule` (keepers, admins): the day's calls at the Children's Home, with "held" (asks
 * how many minutes) and "missed" for each booked call, ten calls a page. Each press is
 * re-checked by the domain.
 */
export const callScheduleFeature = new Composer<BotContext>();

/** A number of minutes as typed, maybe with a language's word for minutes (15分钟, 15 min, 15 минут). */
const TYPED_MINUTES = new RegExp(`^\\s*(\\d{1,3})\\s*${anyOf(inAnyLanguage((language) => language.minuteWords))}?\\s*$`, 'i');

/** Reads `YYYY-MM-DD` typed after the command; undefined for today, null when it is not a date. */
function dateArgument(text: string): LocalDate | undefined | null {
  if (text === '') return undefined;
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.normalize('NFKC'));
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : null;
}

async function recordDuration(conversation: BotConversation, ctx: ChatContext, bookingId: number, childName: string) {
  const actor = ctx.actor!;
  await replyWith(ctx, askMinutes(childName));
  const minutes = await pressedOrTyped(conversation, 'schedule.minutes', (answer) =>
    heldMinutes('pressed' in answer ? answer.pressed.minutes : Number(TYPED_MINUTES.exec(answer.typed?.normalize('NFKC') ?? '')?.[1] ?? Number.NaN)),
  );
  const outcome = await refusalOf(conversation, () => ctx.app.calls.markHeld(actor, bookingId, minutes));
  if ('value' in outcome) await replyWith(ctx, outcome.value.reply);
  else await ctx.reply(refusalText(ctx.t, outcome.refused));
}

callScheduleFeature.use(createConversation(recordDuration, 'call-duration'));

callScheduleFeature.command('schedule', async (ctx) => {
  if (!ctx.user) return;
  const date = dateArgument(ctx.match.trim());
  if (date === null) {
    await ctx.reply(ctx.t('calls.schedule.dateFormat'));
    return;
  }
  await explainingRefusals(ctx, async () => {
    for (const page of await ctx.app.calls.schedule(ctx.actor!, date)) await replyWith(ctx, page);
  });
});

/** ◀ ▶: the day is read again with the presser's access. */
onAction(callScheduleFeature, 'schedule.page', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const date = dateArgument(action.date);
    if (!date) throw new DomainError('forbidden');
    const page = await ctx.app.calls.schedulePage(ctx.actor!, action.schoolId, date, action.page);
    await ctx.answerCallbackQuery();
    await editWith(ctx, page);
  });
});

onAction(callScheduleFeature, 'schedule.held', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const call = await ctx.app.calls.callToMark(ctx.actor!, action.callId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('call-duration', call.id, call.childName);
  });
});

onAction(callScheduleFeature, 'schedule.missed', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.calls.markMissed(ctx.actor!, action.callId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, reply);
  });
});
