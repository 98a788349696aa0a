import { Composer } from 'grammy';
import { roleKept } from '../../app/school-admin-replies.js';
import { TELEGRAM } from '../../domain/channel-accounts.js';
import { resolveLocale } from '../../i18n/locales.js';
import { publishChatCommandMenu } from '../command-menu.js';
import type { BotContext, ChatContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/**
 * `/staff`: an admin lists the school's staff with their roles, picks a person and takes a
 * role away after a confirmation that says what ends (classes, pairings). Every press is
 * re-checked by the domain; the removed person's next press is refused.
 */
export const staffFeature = new Composer<BotContext>();

/** Shows the removed person, in their own language, the menu of the roles they still hold. */
async function refreshMenuOf(ctx: ChatContext, userId: number): Promise<void> {
  const menu = await ctx.app.schoolAdmin.commandMenuOf({ userId }, TELEGRAM);
  if (menu === null) return;
  const t = ctx.translations.translatorFor(resolveLocale(menu.locale, menu.languageCode, ctx.locale));
  await publishChatCommandMenu(ctx.api, Number(menu.address), menu.roles, t, ctx.log);
}

staffFeature.command('staff', async (ctx) => {
  if (!ctx.user) return;
  await replyWith(ctx, await ctx.app.schoolAdmin.staff(ctx.actor!));
});

onAction(staffFeature, 'staff.school', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const staff = await ctx.app.schoolAdmin.staffOf(ctx.actor!, action.schoolId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, staff);
  });
});

onAction(staffFeature, 'staff.person', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const member = await ctx.app.schoolAdmin.staffMember(ctx.actor!, action.schoolId, action.userId);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, member);
  });
});

onAction(staffFeature, 'staff.remove', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.schoolAdmin.removalPreview(ctx.actor!, action.schoolId, action.userId, action.role);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, question);
  });
});

onAction(staffFeature, 'staff.removeYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.schoolAdmin.removeStaffRole(ctx.actor!, action.schoolId, action.userId, action.role);
    await ctx.answerCallbackQuery();
    await editWith(ctx, reply);
    await refreshMenuOf(ctx, action.userId);
  });
});

onAction(staffFeature, 'staff.removeNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, roleKept());
});
