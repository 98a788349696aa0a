import { Composer, InlineKeyboard } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, unpack } from '../../actions/index.js';
import { formatTimeOfDay, parseTimeOfDay, type MinuteOfDay } from '../../domain/time-of-day.js';
import type { QuietHours } from '../../domain/users.js';
import { DEFAULT_QUIET_HOURS } from '../../delivery/quiet-hours.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';

/**
 * `/quiet`: when the bot must not write to this person (night shift, sleep). Any hour can
 * be pressed, so nobody has to type; typing `22:30` works too.
 */
export const quietHoursFeature = new Composer<BotContext>();

const HOURS_PER_ROW = 6;

function hourKeyboard(t: ChatContext['t'], withOff: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let hour = 0; hour < 24; hour++) {
    if (hour > 0 && hour % HOURS_PER_ROW === 0) keyboard.row();
    keyboard.text(formatTimeOfDay(hour * 60), pack({ name: 'quiet.at', hour }));
  }
  if (withOff) keyboard.row().text(t('quiet.off'), pack({ name: 'quiet.off' }));
  return keyboard;
}

/** Reads a pressed hour, "off", or a typed time from one update; undefined if it is none. */
function answerOf(ctx: ChatContext): MinuteOfDay | 'off' | undefined {
  const pressed = unpack(ctx.callbackQuery?.data ?? '');
  if (pressed?.name === 'quiet.off') return 'off';
  if (pressed?.name === 'quiet.at') return pressed.hour * 60;
  const text = ctx.message?.text;
  return text === undefined ? undefined : parseTimeOfDay(text);
}

/** Waits until the user presses an hour or types a time, explaining what is wanted meanwhile. */
async function askTime(conversation: BotConversation, allowOff: boolean): Promise<MinuteOfDay | 'off'> {
  for (;;) {
    const ctx = await conversation.wait();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const answer = answerOf(ctx);
    if (answer !== undefined && (allowOff || answer !== 'off')) return answer;
    const text = ctx.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    await ctx.reply(text === undefined ? ctx.t('quiet.pressOrType') : ctx.t('quiet.invalidTime', { input: text.slice(0, 40) }));
  }
}

function describe(t: ChatContext['t'], hours: QuietHours | null, chosen: boolean): string {
  if (hours) return t('quiet.current', { from: formatTimeOfDay(hours.start), to: formatTimeOfDay(hours.end) });
  if (chosen) return t('quiet.none');
  return t('quiet.default', { from: formatTimeOfDay(DEFAULT_QUIET_HOURS.start), to: formatTimeOfDay(DEFAULT_QUIET_HOURS.end) });
}

/**
 * Asks for the start and end of the quiet hours (any hour pressed, or typed) and saves them;
 * "no quiet hours" clears them. Used by /quiet and by joining's "other times".
 */
export async function askQuietHours(conversation: BotConversation, ctx: ChatContext, intro: string): Promise<void> {
  const actor = ctx.actor!;
  await ctx.reply(intro ? `${intro}\n\n${ctx.t('quiet.askStart')}` : ctx.t('quiet.askStart'), { reply_markup: hourKeyboard(ctx.t, true) });
  const start = await askTime(conversation, true);
  if (start === 'off') {
    await conversation.external(() => ctx.app.settings.setQuietHours(actor, null));
    await ctx.reply(ctx.t('quiet.cleared'));
    return;
  }
  await ctx.reply(ctx.t('quiet.askEnd'), { reply_markup: hourKeyboard(ctx.t, false) });
  let end = await askTime(conversation, false);
  while (end === start) {
    await ctx.reply(ctx.t('quiet.sameTime', { time: formatTimeOfDay(start) }));
    end = await askTime(conversation, false);
  }
  const hours = { start, end: end as MinuteOfDay };
  await conversation.external(() => ctx.app.settings.setQuietHours(actor, hours));
  await ctx.reply(ctx.t('quiet.saved', { from: formatTimeOfDay(hours.start), to: formatTimeOfDay(hours.end) }));
}

async function quietHours(conversation: BotConversation, ctx: ChatContext) {
  const me = await conversation.external(() => ctx.domain.users.me(ctx.actor!));
  await askQuietHours(conversation, ctx, describe(ctx.t, me.quietHours, me.quietHoursChosen));
}

quietHoursFeature.use(createConversation(quietHours, 'quiet-hours'));

quietHoursFeature.command('quiet', async (ctx) => {
  await ctx.conversation.enter('quiet-hours');
});
