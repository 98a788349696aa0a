import { Composer, InlineKeyboard } from 'grammy';
import { pack } from '../../actions/index.js';
import type { InvitePreview } from '../../domain/invites.js';
import type { BotContext, ChatContext } from '../context.js';
import { publishChatCommandMenu } from '../command-menu.js';
import { familyButtonChildren, familyKeyboard } from '../family-keyboard.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';

/**
 * Joining by invitation: `/start <code>` shows who invites whom, to what, what data the
 * school keeps and who sees it; the link is made only after "I agree". A parent or guardian
 * is then asked, each skippable, for their phone number, free time for calls and quiet hours.
 */
export const joinFeature = new Composer<BotContext>();

function describeInvite(t: ChatContext['t'], invite: InvitePreview): string {
  const inviter = invite.inviterName ?? t('join.theSchool');
  if (invite.childName && invite.relation) {
    return [
      t('join.familyInvite', { inviter, school: invite.schoolName, child: invite.childName, relation: t(`relations.${invite.relation}`) }),
      '',
      t('join.familyData', { child: invite.childName }),
    ].join('\n');
  }
  const place = invite.className ? t('join.inClass', { className: invite.className }) : '';
  return [
    t('join.staffInvite', { inviter, school: invite.schoolName, role: t(`roles.${invite.role}`), place }),
    '',
    t('join.staffData'),
  ].join('\n');
}

joinFeature.command('start', async (ctx, next) => {
  const code = ctx.match.trim();
  if (!code || !ctx.user) return next();
  await explainingRefusals(ctx, async () => {
    const invite = await ctx.domain.invites.previewInvite(ctx.actor!, code);
    const keyboard = new InlineKeyboard().text(ctx.t('join.agree'), pack({ name: 'join.agree', code })).text(ctx.t('join.decline'), pack({ name: 'join.decline' }));
    await ctx.reply(`${describeInvite(ctx.t, invite)}\n\n${ctx.t('join.privacy')}`, { reply_markup: keyboard });
  });
});

onAction(joinFeature, 'join.agree', async (ctx, action) => {
  const { code } = action;
  const actor = ctx.actor!;
  await explainingRefusals(ctx, async () => {
    const joined = await ctx.app.invites.join(actor, code);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    if (joined.childName) {
      await ctx.reply(ctx.t('join.joinedFamily', { child: joined.childName }), { reply_markup: familyKeyboard(ctx.t, await familyButtonChildren(ctx)) });
    } else {
      await ctx.reply(ctx.t('join.joinedStaff', { role: ctx.t(`roles.${joined.role}`), school: joined.schoolName }));
    }
    const roles = await ctx.domain.users.rolesOf(actor);
    await publishChatCommandMenu(ctx.api, ctx.chatId!, roles, ctx.t, ctx.log);
    if (joined.childName) await ctx.conversation.enter('phone-setup', true);
  });
});

onAction(joinFeature, 'join.decline', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await ctx.reply(ctx.t('join.declined'));
});
