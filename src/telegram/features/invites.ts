import { Composer, InputFile } from 'grammy';
import QRCode from 'qrcode';
import { pack } from '../../actions/index.js';
import { inviteKept, relationQuestion, revokeQuestion, teacherKindQuestion } from '../../app/invite-replies.js';
import { TELEGRAM } from '../../domain/channel-accounts.js';
import type { InviteSpec } from '../../domain/invites.js';
import { say } from '../../i18n/words.js';
import type { BotContext } from '../context.js';
import { inviteLinksFor } from '../invite-link.js';
import { button, grid, keyboard } from '../keyboards.js';
import { windowOf, windowPage } from '../pager.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/**
 * `/invite`: admins invite teachers and keepers, teachers invite a child's family; the
 * link comes with a QR code to show on a phone or print. `/invites` lists (ten a page) and revokes.
 * Every step's callback data is re-checked by the domain when the invitation is made.
 */
export const invitesFeature = new Composer<BotContext>();

/** Invitations on one page of `/invites`, each pending one with its own withdraw button. */
const INVITES_PAGE = 10;

async function sendInvite(ctx: BotContext, spec: InviteSpec) {
  await explainingRefusals(ctx, async () => {
    const links = inviteLinksFor({ channel: TELEGRAM, botUsername: ctx.me.username });
    const issued = await ctx.app.invites.issue(ctx.actor!, spec, (code) => links.link(code));
    const qr = await QRCode.toBuffer(issued.link, { type: 'png', width: 480, margin: 2 });
    await ctx.answerCallbackQuery();
    await ctx.replyWithPhoto(new InputFile(qr, 'invitation.png'), { caption: say(ctx.t, issued.reply.words) });
  });
}

invitesFeature.command('invite', async (ctx) => {
  if (!ctx.user) return;
  await replyWith(ctx, await ctx.app.invites.menu(ctx.actor!));
});

onAction(invitesFeature, 'invite.teacher', async (ctx, action) => {
  const classes = await ctx.app.invites.teacherClasses(ctx.actor!, action.schoolId);
  await ctx.answerCallbackQuery();
  await editWith(ctx, classes);
});

onAction(invitesFeature, 'invite.teacherClass', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, teacherKindQuestion(action.schoolId, action.classId));
});

onAction(invitesFeature, 'invite.teacherKind', async (ctx, action) => {
  const { classId } = action;
  await sendInvite(ctx, {
    role: 'TEACHER',
    schoolId: action.schoolId,
    classId: classId === 0 ? undefined : classId,
    classTeacher: action.classTeacher,
  });
});

onAction(invitesFeature, 'invite.keeper', async (ctx, action) => {
  await sendInvite(ctx, { role: 'KEEPER', schoolId: action.schoolId });
});

onAction(invitesFeature, 'invite.family', async (ctx) => {
  const children = await ctx.app.invites.familyChildren(ctx.actor!);
  await ctx.answerCallbackQuery();
  await editWith(ctx, children);
});

onAction(invitesFeature, 'invite.familyChild', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await replyWith(ctx, relationQuestion(action.childId));
});

onAction(invitesFeature, 'invite.familyRelation', async (ctx, action) => {
  await sendInvite(ctx, { role: 'FAMILY', childId: action.childId, relation: action.relation });
});

/** A page of the user's invitations with a withdraw button for each pending one on it; ten to a window, a window too long for a message in parts. */
async function invitesPage(ctx: BotContext, page: number, part: number) {
  const issued = await ctx.app.invites.issued(ctx.actor!);
  if ('reply' in issued) return { text: say(ctx.t, issued.reply.words), reply_markup: undefined };
  const { window, windows, start, end } = windowOf(issued.entries.length, INVITES_PAGE, page);
  const shownEntries = issued.entries.slice(start, end);
  const revokeButtons = shownEntries.flatMap((entry) => (entry.revoke ? [button(say(ctx.t, entry.revoke.label), pack(entry.revoke.action))] : []));
  const lines = shownEntries.map((entry) => say(ctx.t, entry.line));
  const shown = windowPage(ctx.t, say(ctx.t, issued.title), lines, { window, windows, part }, (other, otherPart) => pack({ name: 'invite.page', page: other, part: otherPart }));
  return { text: shown.text, reply_markup: keyboard([...grid(revokeButtons, 2), shown.buttons]) };
}

invitesFeature.command('invites', async (ctx) => {
  if (!ctx.user) return;
  const { text, reply_markup } = await invitesPage(ctx, 0, 0);
  await ctx.reply(text, { reply_markup });
});

onAction(invitesFeature, 'invite.page', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const { text, reply_markup } = await invitesPage(ctx, action.page, action.part);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(text, { reply_markup });
});

onAction(invitesFeature, 'invite.revoke', async (ctx, action) => {
  await ctx.answerCallbackQuery();
  await replyWith(ctx, revokeQuestion(action.inviteId));
});

onAction(invitesFeature, 'invite.revokeYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { reply } = await ctx.app.invites.revoke(ctx.actor!, action.inviteId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, reply);
  });
});

onAction(invitesFeature, 'invite.revokeNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await editWith(ctx, inviteKept());
});
