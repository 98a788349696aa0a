import { Composer, InlineKeyboard, InputFile } from 'grammy';
import QRCode from 'qrcode';
import { pack } from '../../actions/index.js';
import type { Relation } from '../../db/generated/enums.js';
import { TELEGRAM } from '../../domain/channel-accounts.js';
import type { InviteSpec } from '../../domain/invites.js';
import type { BotContext } from '../context.js';
import { inviteLinksFor } from '../invite-link.js';
import { wallClock } from '../../i18n/wall-clock.js';
import { button, grid, keyboard } from '../keyboards.js';
import { windowOf, windowPage } from '../pager.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';

/**
 * `/invite`: admins invite teachers and keepers, teachers invite a child's family; the
 * link comes with a QR code to show on a phone or print. `/invites` lists (ten a page) and revokes.
 * Every step's callback data is re-checked by the domain when the invitation is made.
 */
export const invitesFeature = new Composer<BotContext>();

const relations: readonly Relation[] = ['MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN'];
/** Invitations on one page of `/invites`, each pending one with its own withdraw button. */
const INVITES_PAGE = 10;

async function sendInvite(ctx: BotContext, spec: InviteSpec) {
  await explainingRefusals(ctx, async () => {
    const invite = await ctx.app.invites.issue(ctx.actor!, spec);
    const link = inviteLinksFor({ channel: TELEGRAM, botUsername: ctx.me.username }).link(invite.code);
    const qr = await QRCode.toBuffer(link, { type: 'png', width: 480, margin: 2 });
    await ctx.answerCallbackQuery();
    await ctx.replyWithPhoto(new InputFile(qr, 'invitation.png'), {
      caption: ctx.t('invites.ready', { link, until: wallClock(new Date(invite.expiresAt), invite.timezone) }),
    });
  });
}

invitesFeature.command('invite', async (ctx) => {
  if (!ctx.user) return;
  const schools = await ctx.domain.schools.schoolsAdministeredBy(ctx.actor!);
  const children = await ctx.domain.children.childrenToInviteFamilyOf(ctx.actor!);
  const rows = schools.map((school) => {
    const suffix = schools.length > 1 ? ` · ${school.name}` : '';
    return [button(ctx.t('invites.teacher') + suffix, pack({ name: 'invite.teacher', schoolId: school.id })), button(ctx.t('invites.keeper') + suffix, pack({ name: 'invite.keeper', schoolId: school.id }))];
  });
  if (children.length > 0) rows.push([button(ctx.t('invites.family'), pack({ name: 'invite.family' }))]);
  const choices = keyboard(rows);
  await ctx.reply(ctx.t(choices ? 'invites.whom' : 'invites.nobodyToInvite'), { reply_markup: choices });
});

onAction(invitesFeature, 'invite.teacher', async (ctx, action) => {
  const { schoolId } = action;
  const classes = (await ctx.domain.schools.classesOf(ctx.actor!)).filter((c) => c.schoolId === schoolId);
  const rows = [...grid(classes.map((each) => button(each.name, pack({ name: 'invite.teacherClass', schoolId, classId: each.id }))), 3), [button(ctx.t('invites.noClassYet'), pack({ name: 'invite.teacherKind', schoolId, classId: 0, classTeacher: false }))]];
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('invites.whichClass'), { reply_markup: keyboard(rows) });
});

onAction(invitesFeature, 'invite.teacherClass', async (ctx, action) => {
  const { schoolId, classId } = action;
  const keyboard = new InlineKeyboard()
    .text(ctx.t('invites.classTeacher'), pack({ name: 'invite.teacherKind', schoolId, classId, classTeacher: true }))
    .text(ctx.t('invites.subjectTeacher'), pack({ name: 'invite.teacherKind', schoolId, classId, classTeacher: false }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('invites.whichKind'), { reply_markup: keyboard });
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
  const children = await ctx.domain.children.childrenToInviteFamilyOf(ctx.actor!);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('invites.whichChild'), {
    reply_markup: keyboard(grid(children.map((child) => button(child.name, pack({ name: 'invite.familyChild', childId: child.id }))), 3)),
  });
});

onAction(invitesFeature, 'invite.familyChild', async (ctx, action) => {
  const keyboard = new InlineKeyboard();
  for (const relation of relations) keyboard.text(ctx.t(`relations.${relation}`), pack({ name: 'invite.familyRelation', childId: action.childId, relation }));
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('invites.whichRelation'), { reply_markup: keyboard });
});

onAction(invitesFeature, 'invite.familyRelation', async (ctx, action) => {
  await sendInvite(ctx, { role: 'FAMILY', childId: action.childId, relation: action.relation });
});

/** A page of the user's invitations with a withdraw button for each pending one on it; null when there are none. */
async function invitesPage(ctx: BotContext, page: number, part: number) {
  const invites = await ctx.domain.invites.invitesIssuedBy(ctx.actor!);
  if (invites.length === 0) return null;
  const { window, windows, start, end } = windowOf(invites.length, INVITES_PAGE, page);
  const revokeButtons: ReturnType<typeof button>[] = [];
  const lines = invites.slice(start, end).map((invite, index) => {
    const number = start + index + 1;
    const whom = invite.childName
      ? ctx.t('invites.lineFamily', { relation: ctx.t(`relations.${invite.relation ?? 'OTHER_GUARDIAN'}`), child: invite.childName })
      : ctx.t(`roles.${invite.role}`) + (invite.className ? ` · ${invite.className}` : '');
    if (invite.status === 'pending') revokeButtons.push(button(ctx.t('invites.revokeNumber', { number }), pack({ name: 'invite.revoke', inviteId: invite.id })));
    return `${number}. ${whom} — ${ctx.t(`invites.status.${invite.status}`)} (${invite.expiresAt.slice(0, 10)})`;
  });
  const shown = windowPage(ctx.t, ctx.t('invites.listTitle'), lines, { window, windows, part }, (other, otherPart) => pack({ name: 'invite.page', page: other, part: otherPart }));
  return { text: shown.text, reply_markup: keyboard([...grid(revokeButtons, 2), shown.buttons]) };
}

invitesFeature.command('invites', async (ctx) => {
  if (!ctx.user) return;
  const shown = await invitesPage(ctx, 0, 0);
  await ctx.reply(shown?.text ?? ctx.t('invites.noneIssued'), { reply_markup: shown?.reply_markup });
});

onAction(invitesFeature, 'invite.page', async (ctx, action) => {
  if (!ctx.user) return ctx.answerCallbackQuery({ text: ctx.t('errors.buttonExpired') });
  const shown = await invitesPage(ctx, action.page, action.part);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(shown?.text ?? ctx.t('invites.noneIssued'), { reply_markup: shown?.reply_markup });
});

onAction(invitesFeature, 'invite.revoke', async (ctx, action) => {
  const keyboard = new InlineKeyboard().text(ctx.t('invites.revokeYes'), pack({ name: 'invite.revokeYes', inviteId: action.inviteId })).text(ctx.t('invites.revokeNo'), pack({ name: 'invite.revokeNo' }));
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t('invites.revokeConfirm'), { reply_markup: keyboard });
});

onAction(invitesFeature, 'invite.revokeYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.invites.revoke(ctx.actor!, action.inviteId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('invites.revoked'));
  });
});

onAction(invitesFeature, 'invite.revokeNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('invites.kept'));
});
