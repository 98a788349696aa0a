import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { familyButtonChildren, familyKeyboard } from '../family-keyboard.js';

/** Last in line: a message nothing else understood, or a button from an old message. */
export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('callback_query', async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
});

/**
 * A parent or guardian who types or speaks outside a flow most likely wants to reach their
 * child or the teacher: they get the weekly note's buttons (a letter, an answer to the
 * teacher) for each linked child. Everyone else is pointed to /help.
 */
fallbackFeature.on('message', async (ctx) => {
  const children = await familyButtonChildren(ctx);
  if (children.length === 0) {
    await ctx.reply(ctx.t('fallback.unknown'));
    return;
  }
  const names = children.map((child) => child.name).join(ctx.t('letters.nameSeparator'));
  await ctx.reply(ctx.t('fallback.family', { child: names }), { reply_markup: familyKeyboard(ctx.t, children) });
});
