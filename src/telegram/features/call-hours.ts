import { Composer } from 'grammy';
import { pack, unpack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import { CAP_RANGE, openingHoursProblem, type OpeningHours } from '../../domain/call-slots.js';
import { timeZoneName } from '../../i18n/display-names.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { parseOpeningHours } from '../call-hours-text.js';
import { openingHoursLines } from '../call-views.js';
import { button, grid, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { idFrom, refusalOf, refusalText } from '../refusals.js';

/**
 * `/callhours` (admins): shows the Children's Home's opening hours for calls and the weekly
 * cap per child, then takes new hours typed one line per opening (`二 16:30-18:00 10`) and
 * the cap, explaining what is wrong with a line until it can be saved.
 */
export const callHoursFeature = new Composer<BotContext>();

const KEEP = pack({ name: 'callHours.keep' });

/** Waits for new hours, or "keep" when there are some; explains a line it cannot use and waits again. */
async function askHours(conversation: BotConversation, current: OpeningHours[]): Promise<OpeningHours[]> {
  for (;;) {
    const ctx = await conversation.wait();
    if (ctx.callbackQuery?.data === KEEP && current.length > 0) {
      await ctx.answerCallbackQuery();
      return current;
    }
    const text = ctx.message?.text;
    if (text?.startsWith('/') || (ctx.callbackQuery && ctx.callbackQuery.data !== KEEP)) await conversation.skip({ next: true });
    if (text === undefined) {
      await ctx.reply(ctx.t('calls.hours.typeHours'));
      continue;
    }
    const parsed = parseOpeningHours(text);
    if ('badLine' in parsed) {
      await ctx.reply(`${ctx.t('calls.hours.badLine', { number: parsed.badLine, line: parsed.line })}\n\n${ctx.t('calls.hours.format')}`);
      continue;
    }
    const problem = openingHoursProblem(parsed.hours);
    if (!problem) return parsed.hours;
    await ctx.reply(`${refusalText(ctx.t, problem)}\n\n${ctx.t('calls.hours.format')}`);
  }
}

/** Waits for a pressed or typed cap of 1–7 calls a week. */
async function askCap(conversation: BotConversation): Promise<number> {
  for (;;) {
    const ctx = await conversation.wait();
    const action = unpack(ctx.callbackQuery?.data ?? '');
    const pressed = action?.name === 'callHours.cap' ? action.cap : undefined;
    if (ctx.callbackQuery && pressed === undefined) await conversation.skip({ next: true });
    if (pressed !== undefined) await ctx.answerCallbackQuery();
    const text = ctx.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    const cap = pressed ?? idFrom(text?.normalize('NFKC').trim());
    if (cap >= CAP_RANGE.min && cap <= CAP_RANGE.max) return cap;
    await ctx.reply(ctx.t('calls.hours.badCap', { min: CAP_RANGE.min, max: CAP_RANGE.max }));
  }
}

async function callHours(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const { t } = ctx;
  const actor = ctx.actor!;
  const found = await refusalOf(conversation, () => ctx.domain.calls.settings(actor, schoolId));
  if ('refused' in found) {
    await ctx.reply(refusalText(t, found.refused));
    return;
  }
  const current = found.value;
  const shown = current.hours.length > 0 ? openingHoursLines(t, current.hours) : [t('calls.hours.none')];
  await ctx.reply(
    [t('calls.hours.current', { school: current.schoolName, timezone: timeZoneName(t, current.timezone) }), ...shown, t('calls.hours.cap', { count: current.capPerWeek }), '', t('calls.hours.format')].join('\n'),
    { reply_markup: keyboard([current.hours.length > 0 ? [button(t('calls.hours.keep'), KEEP)] : []]) },
  );
  const hours = await askHours(conversation, current.hours);
  const caps = Array.from({ length: CAP_RANGE.max }, (_, i) => button(String(i + 1), pack({ name: 'callHours.cap', cap: i + 1 })));
  await ctx.reply(t('calls.hours.askCap', { count: current.capPerWeek }), { reply_markup: keyboard(grid(caps, CAP_RANGE.max)) });
  const cap = await askCap(conversation);
  const saved = await refusalOf(conversation, () => ctx.app.schoolAdmin.setCallSettings(actor, schoolId, hours, cap));
  if ('refused' in saved) {
    await ctx.reply(refusalText(t, saved.refused));
    return;
  }
  await ctx.reply([t('calls.hours.saved'), ...openingHoursLines(t, hours), t('calls.hours.cap', { count: cap })].join('\n'));
}

callHoursFeature.use(createConversation(callHours, 'call-hours'));

callHoursFeature.command('callhours', async (ctx) => {
  if (!ctx.user) return;
  const schools = await ctx.domain.schools.schoolsAdministeredBy(ctx.actor!);
  if (schools.length === 0) {
    await ctx.reply(ctx.t('refusals.forbidden'));
    return;
  }
  if (schools.length === 1) {
    await ctx.conversation.enter('call-hours', schools[0]!.id);
    return;
  }
  await ctx.reply(ctx.t('calls.hours.pickSchool'), { reply_markup: keyboard(schools.map((school) => [button(school.name, pack({ name: 'callHours.school', schoolId: school.id }))])) });
});

onAction(callHoursFeature, 'callHours.school', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter('call-hours', action.schoolId);
});
