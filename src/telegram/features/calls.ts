import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import type { LocalDate } from '../../domain/call-slots.js';
import { DomainError } from '../../domain/errors.js';
import { localTime } from '../../domain/zoned-time.js';
import { formatTimeOfDay } from '../../domain/time-of-day.js';
import { callTime, dayLabel } from '../../i18n/call-time.js';
import { schoolClockName } from '../../i18n/display-names.js';
import type { BotContext, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
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

const SLOTS_PER_ROW = 4;

const dateKey = (date: LocalDate) => `${date.year}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;
const sameDate = (a: LocalDate, b: LocalDate) => a.year === b.year && a.month === b.month && a.day === b.day;

function dateFrom(key: string | undefined): LocalDate {
  const digits = key ?? '';
  return { year: Number(digits.slice(0, 4)), month: Number(digits.slice(4, 6)), day: Number(digits.slice(6, 8)) };
}

/** The child's booked calls with Move and Cancel, and Book. */
async function showOverview(ctx: ChatContext, childId: number) {
  const { t } = ctx;
  const overview = await ctx.domain.calls.upcoming(ctx.actor!, childId);
  if (!overview.hasHours) {
    await ctx.reply(t('calls.noHours'));
    return;
  }
  const lines = overview.calls.map((call) => `· ${callTime(t, call.slotStart, overview.timezone)}`);
  const rows = overview.calls.map((call) => {
    const when = callTime(t, call.slotStart, overview.timezone);
    return [button(t('calls.moveButton', { when }), pack({ name: 'call.move', bookingId: call.id })), button(t('calls.cancelButton'), pack({ name: 'call.cancel', bookingId: call.id }))];
  });
  await ctx.reply([t('calls.overview', { child: overview.childName }), ...(lines.length > 0 ? lines : [t('calls.noneBooked')])].join('\n'), {
    reply_markup: keyboard([...rows, [button(t('calls.bookButton'), pack({ name: 'call.book', childId }))]]),
  });
}

/** The days with free slots over the next two weeks; `moveId` is the booking being moved, or 0. */
async function showDays(ctx: ChatContext, childId: number, moveId: number, heading: (clock: string) => string) {
  const { t } = ctx;
  const free = await ctx.domain.calls.freeSlots(ctx.actor!, childId);
  const days: LocalDate[] = [];
  for (const slot of free.slots) {
    const local = localTime(slot, free.timezone);
    if (!days.some((day) => sameDate(day, local))) days.push({ year: local.year, month: local.month, day: local.day });
  }
  if (days.length === 0) {
    await ctx.reply(t('calls.noFreeSlots'));
    return;
  }
  const buttons = days.map((day) => button(dayLabel(t, day), pack({ name: 'call.day', childId, moveId, date: dateKey(day) })));
  await ctx.reply(`${heading(schoolClockName(t, free.timezone))}\n${t('calls.pickDay')}`, { reply_markup: keyboard(grid(buttons, 2)) });
}

/** The free times of a day (given as a date, or as an instant on it) as buttons, replacing the message pressed. */
async function showSlots(ctx: ChatContext, childId: number, moveId: number, day: LocalDate | Date) {
  const { t } = ctx;
  const free = await ctx.domain.calls.freeSlots(ctx.actor!, childId);
  const date = day instanceof Date ? localTime(day, free.timezone) : day;
  const slots = free.slots.filter((slot) => sameDate(localTime(slot, free.timezone), date));
  const back = button(t('calls.otherDays'), pack(moveId ? { name: 'call.move', bookingId: moveId } : { name: 'call.book', childId }));
  const times = slots.map((slot) => button(formatTimeOfDay(localTime(slot, free.timezone).minute), pack({ name: 'call.slot', childId, moveId, minute: slot.getTime() / 60_000 })));
  const text = slots.length > 0 ? t('calls.pickTime', { child: free.childName, day: dayLabel(t, date) }) : t('calls.dayFull', { day: dayLabel(t, date) });
  await ctx.editMessageText(text, { reply_markup: keyboard([...grid(times, SLOTS_PER_ROW), [back]]) });
}

callsFeature.command('call', async (ctx) => {
  if (!ctx.user) return;
  const children = await ctx.domain.calls.familyChildren(ctx.actor!);
  if (children.length === 0) {
    await ctx.reply(ctx.t('calls.noChildren'));
    return;
  }
  if (children.length === 1) {
    await explainingRefusals(ctx, () => showOverview(ctx, children[0]!.id));
    return;
  }
  const buttons = children.map((child) => button(child.name, pack({ name: 'call.child', childId: child.id })));
  await ctx.reply(ctx.t('calls.pickChild'), { reply_markup: keyboard(grid(buttons, 2)) });
});

onAction(callsFeature, 'call.child', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showOverview(ctx, action.childId);
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.book', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await showDays(ctx, action.childId, 0, (clock) => ctx.t('calls.bookHeading', { clock }));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.move', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const booking = await ctx.domain.calls.ownBooking(ctx.actor!, action.bookingId);
    await showDays(ctx, booking.childId, booking.id, (clock) => ctx.t('calls.moveHeading', { when: callTime(ctx.t, booking.slotStart, booking.timezone), clock }));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.day', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { moveId } = action;
    if (moveId) await ctx.domain.calls.ownBooking(ctx.actor!, moveId);
    await showSlots(ctx, action.childId, moveId, dateFrom(action.date));
    await ctx.answerCallbackQuery();
  });
});

onAction(callsFeature, 'call.slot', async (ctx, action) => {
  const { childId, moveId } = action;
  const slot = new Date(action.minute * 60_000);
  const actor = ctx.actor!;
  await explainingRefusals(ctx, async () => {
    try {
      const call = moveId ? await ctx.app.calls.move(actor, moveId, slot) : await ctx.app.calls.book(actor, childId, slot);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t(moveId ? 'calls.moved' : 'calls.booked', { child: call.childName, when: callTime(ctx.t, call.slotStart, call.timezone) }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.reason !== 'slotTaken') throw error;
      await ctx.answerCallbackQuery({ text: refusalText(ctx.t, error.reason), show_alert: true });
      await showSlots(ctx, childId, moveId, slot);
    }
  });
});

onAction(callsFeature, 'call.cancel', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const booking = await ctx.domain.calls.ownBooking(ctx.actor!, action.bookingId);
    const when = callTime(ctx.t, booking.slotStart, booking.timezone);
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('calls.cancelConfirm', { child: booking.childName, when }), {
      reply_markup: keyboard([[button(ctx.t('calls.cancelYes'), pack({ name: 'call.cancelYes', bookingId: booking.id })), button(ctx.t('calls.cancelNo'), pack({ name: 'call.cancelNo' }))]]),
    });
  });
});

onAction(callsFeature, 'call.cancelYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.calls.cancel(ctx.actor!, action.bookingId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('calls.cancelled'));
  });
});

onAction(callsFeature, 'call.cancelNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('calls.kept'));
});
