import { Composer } from 'grammy';
import { noteModeSaved } from '../../app/weekly-note-replies.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/** `/weekly`: an admin chooses whether weekly notes go out by themselves or after the class teacher's review. */
export const weeklySettingsFeature = new Composer<BotContext>();

weeklySettingsFeature.command('weekly', async (ctx) => {
  if (!ctx.user) return;
  for (const school of await ctx.app.weeklyNotes.settings(ctx.actor!)) await replyWith(ctx, school);
});

onAction(weeklySettingsFeature, 'weekly.mode', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { mode } = action;
    await ctx.app.schoolAdmin.setNoteMode(ctx.actor!, action.schoolId, mode);
    await ctx.answerCallbackQuery();
    await editWith(ctx, noteModeSaved(mode));
  });
});
