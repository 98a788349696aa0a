import { Composer } from 'grammy';
import { pack, unpack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import type { LocalDate } from '../../domain/call-slots.js';
import type { DaySchedule } from '../../domain/calls.js';
import { DomainError } from '../../domain/errors.js';
import { formatTimeOfDay } from '../../domain/time-of-day.js';
import { localTime } from '../../domain/zoned-time.js';
import { dayLabel } from '../../i18n/call-time.js';
import { anyOf, inAnyLanguage } from '../../i18n/language-facts.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { scheduleLine } from '../call-views.js';
import { button, grid, keyboard } from '../keyboards.js';
import { windowOf, windowPage } from '../pager.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/**
 * `/schedule` (keepers, admins): the day's calls at the Children's Home, with "held" (asks
 * how many minutes) and "missed" for each booked call, ten calls a page. Each press is
 * re-checked by the domain.
 */
export const callScheduleFeature = new Composer<BotContext>();

const DURATIONS = [5, 10, 15, 20, 30];
/** Calls on one page of a day's schedule, each booked one with its two buttons. */
const CALLS_PAGE = 10;

/** Reads `YYYY-MM-DD` typed after the command; undefined for today, null when it is not a date. */
function dateArgument(text: string): LocalDate | undefined | null {
  if (text === '') return undefined;
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.normalize('NFKC'));
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : null;
}

/** A page of one school's day of calls, with "held" and "missed" for each booked call on it. */
function schedulePage(t: ChatContext['t'], day: DaySchedule, page: number, part: number) {
  const { window, windows, start, end } = windowOf(day.calls.length, CALLS_PAGE, page);
  const calls = day.calls.slice(start, end);
  const rows = calls
    .filter((call) => call.status === 'BOOKED')
    .map((call) => {
      const label = `${formatTimeOfDay(localTime(call.slotStart, day.timezone).minute)} ${call.childName}`;
      return [button(t('calls.schedule.held', { call: label }), pack({ name: 'schedule.held', callId: call.id })), button(t('calls.schedule.missed'), pack({ name: 'schedule.missed', callId: call.id }))];
    });
  const title = t('calls.schedule.title', { school: day.schoolName, day: dayLabel(t, day.date) });
  const lines = calls.length > 0 ? calls.map((call) => scheduleLine(t, call, day.timezone)) : [t('calls.schedule.empty')];
  const date = `${day.date.year}-${day.date.month}-${day.date.day}`;
  const shown = windowPage(t, title, lines, { window, windows, part }, (other, otherPart) => pack({ name: 'schedule.page', schoolId: day.schoolId, date, page: other, part: otherPart }));
  return { text: shown.text, reply_markup: keyboard([...rows, shown.buttons]) };
}

/** Waits for a pressed or typed number of minutes (1–180). */
/** A number of minutes as typed, maybe with a language's word for minutes (15分钟, 15 min, 15 минут). */
const TYPED_MINUTES = new RegExp(`^\\s*(\\d{1,3})\\s*${anyOf(inAnyLanguage((language) => language.minuteWords))}?\\s*$`, 'i');

async function askMinutes(conversation: BotConversation): Promise<number> {
  for (;;) {
    const ctx = await conversation.wait();
    const action = unpack(ctx.callbackQuery?.data ?? '');
    const pressed = action?.name === 'schedule.minutes' ? action.minutes : undefined;
    if (ctx.callbackQuery && pressed === undefined) await conversation.skip({ next: true });
    if (pressed !== undefined) await ctx.answerCallbackQuery();
    const text = ctx.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    const typed = TYPED_MINUTES.exec(text?.normalize('NFKC') ?? '');
    const minutes = pressed ?? Number(typed?.[1] ?? Number.NaN);
    if (minutes >= 1 && minutes <= 180) return minutes;
    await ctx.reply(ctx.t('calls.schedule.badMinutes'));
  }
}

async function recordDuration(conversation: BotConversation, ctx: ChatContext, bookingId: number, childName: string) {
  const actor = ctx.actor!;
  const buttons = DURATIONS.map((minutes) => button(ctx.t('calls.schedule.minutes', { count: minutes }), pack({ name: 'schedule.minutes', minutes })));
  await ctx.reply(ctx.t('calls.schedule.askMinutes', { child: childName }), { reply_markup: keyboard(grid(buttons, DURATIONS.length)) });
  const minutes = await askMinutes(conversation);
  const outcome = await refusalOf(conversation, () => ctx.app.calls.markHeld(actor, bookingId, minutes));
  await ctx.reply('value' in outcome ? ctx.t('calls.schedule.heldSaved', { child: childName, count: minutes }) : refusalText(ctx.t, outcome.refused));
}

callScheduleFeature.use(createConversation(recordDuration, 'call-duration'));

callScheduleFeature.command('schedule', async (ctx) => {
  if (!ctx.user) return;
  const { t } = ctx;
  const date = dateArgument(ctx.match.trim());
  if (date === null) {
    await ctx.reply(t('calls.schedule.dateFormat'));
    return;
  }
  await explainingRefusals(ctx, async () => {
    for (const day of await ctx.domain.calls.schedule(ctx.actor!, date)) {
      const { text, reply_markup } = schedulePage(t, day, 0, 0);
      await ctx.reply(text, { reply_markup });
    }
  });
});

/** ◀ ▶: `csk:p:<school>:<YYYY-M-D>:<page>:<part>`; the day is read again with the presser's access. */
onAction(callScheduleFeature, 'schedule.page', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const date = dateArgument(action.date);
    const days = date ? await ctx.domain.calls.schedule(ctx.actor!, date) : [];
    const day = days.find((each) => each.schoolId === action.schoolId);
    if (!day) throw new DomainError('forbidden');
    const { text, reply_markup } = schedulePage(ctx.t, day, action.page, action.part);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});

onAction(callScheduleFeature, 'schedule.held', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const call = await ctx.domain.calls.callToMark(ctx.actor!, action.callId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter('call-duration', call.id, call.childName);
  });
});

onAction(callScheduleFeature, 'schedule.missed', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const call = await ctx.app.calls.markMissed(ctx.actor!, action.callId);
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('calls.schedule.missedSaved', { child: call.childName }));
  });
});
