import { Composer } from 'grammy';
import type { BotContext, ChatContext } from '../context.js';
import { familyButtonChildren, familyKeyboard } from '../family-keyboard.js';

/** `/start`: the first thing anyone sees. */
export const startFeature = new Composer<BotContext>();

/** Whether the person works at a school (admin, teacher or keeper): staff keep the full introduction. */
async function worksAtSchool(ctx: ChatContext): Promise<boolean> {
  if (!ctx.user) return false;
  const roles = await ctx.domain.users.rolesOf(ctx.actor!);
  return roles.some((role) => role !== 'PARENT' && role !== 'GUARDIAN');
}

/**
 * A parent or guardian who already follows a child is greeted and offered what they came
 * for (a letter to the child, an answer to the teacher); everyone else gets the introduction.
 */
startFeature.command('start', async (ctx) => {
  const name = ctx.from?.first_name ?? '';
  const children = await familyButtonChildren(ctx);
  if (children.length > 0 && !(await worksAtSchool(ctx))) {
    await ctx.reply(ctx.t('start.welcomeBack', { name }), { reply_markup: familyKeyboard(ctx.t, children) });
    return;
  }
  await ctx.reply(ctx.t('start.welcome', { name }));
});
