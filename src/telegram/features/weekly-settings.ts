import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import { formatTimeOfDay } from '../../domain/time-of-day.js';
import type { BotContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';

/** `/weekly`: an admin chooses whether weekly notes go out by themselves or after the class teacher's review. */
export const weeklySettingsFeature = new Composer<BotContext>();

weeklySettingsFeature.command('weekly', async (ctx) => {
  if (!ctx.user) return;
  const schools = await ctx.domain.schools.weeklyNoteSettings(ctx.actor!);
  if (schools.length === 0) {
    await ctx.reply(ctx.t('weeklySettings.adminsOnly'));
    return;
  }
  for (const school of schools) {
    const when = ctx.t('weeklySettings.when', { day: ctx.t(`weeklySettings.days.${school.weekEndDay as 0}`), time: formatTimeOfDay(school.weekEndMinute) });
    await ctx.reply(ctx.t(school.noteMode === 'AUTO' ? 'weeklySettings.auto' : 'weeklySettings.review', { school: school.name, when }), {
      reply_markup: keyboard([
        [button(ctx.t('weeklySettings.chooseAuto'), pack({ name: 'weekly.mode', schoolId: school.id, mode: 'AUTO' }))],
        [button(ctx.t('weeklySettings.chooseReview'), pack({ name: 'weekly.mode', schoolId: school.id, mode: 'REVIEW' }))],
      ]),
    });
  }
});

onAction(weeklySettingsFeature, 'weekly.mode', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { mode } = action;
    await ctx.app.schoolAdmin.setNoteMode(ctx.actor!, action.schoolId, mode);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t(mode === 'AUTO' ? 'weeklySettings.nowAuto' : 'weeklySettings.nowReview'));
  });
});
