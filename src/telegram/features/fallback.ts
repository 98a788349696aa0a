import { Composer } from 'grammy';
import { writeLetterData } from '../../notifications/letters.js';
import { answerTeacherData } from '../../notifications/weekly-note.js';
import type { BotContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';

/** Last in line: a message nothing else understood, or a button from an old message. */
export const fallbackFeature = new Composer<BotContext>();

/** Children shown with buttons under the family's fallback reply, so the keyboard stays short. */
const MAX_CHILDREN = 6;

fallbackFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
});

/**
 * A parent or guardian who types or speaks outside a flow most likely wants to reach their
 * child or the teacher: they get the weekly note's buttons (a letter, an answer to the
 * teacher) for each linked child. Everyone else is pointed to /help.
 */
fallbackFeature.on('message', async (ctx) => {
  const children = ctx.user ? (await ctx.domain.letters.familyChildren({ userId: ctx.user.id })).slice(0, MAX_CHILDREN) : [];
  if (children.length === 0) {
    await ctx.reply(ctx.t('fallback.unknown'));
    return;
  }
  const names = children.map((child) => child.name).join(ctx.t('letters.nameSeparator'));
  const rows = children.map((child) => [
    button(ctx.t('letters.writeTo', { child: child.name }), writeLetterData(child.id)),
    button(children.length === 1 ? ctx.t('weeklyNote.answer') : ctx.t('fallback.answerAbout', { child: child.name }), answerTeacherData(child.id)),
  ]);
  await ctx.reply(ctx.t('fallback.family', { child: names }), { reply_markup: keyboard(rows) });
});
