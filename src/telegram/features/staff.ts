import { Composer, InlineKeyboard } from 'grammy';
import { pack } from '../../actions/index.js';
import { TELEGRAM } from '../../domain/channel-accounts.js';
import { DomainError } from '../../domain/errors.js';
import type { RemovalPreview, StaffMember, TaughtClass } from '../../domain/staff.js';
import { resolveLocale } from '../../i18n/locales.js';
import { publishChatCommandMenu } from '../command-menu.js';
import type { BotContext, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';

/**
 * `/staff`: an admin lists the school's staff with their roles, picks a person and takes a
 * role away after a confirmation that says what ends (classes, pairings). Every press is
 * re-checked by the domain; the removed person's next press is refused.
 */
export const staffFeature = new Composer<BotContext>();

type T = ChatContext['t'];

/** The domain's reasons that only offboarding gives, and what they mean to the admin. */
const staffRefusals = {
  'staff:self': 'staff.self',
  'staff:lastAdmin': 'staff.lastAdmin',
  'staff:notHeld': 'staff.notHeld',
} as const;

function staffRefusalKey(error: unknown) {
  if (!(error instanceof DomainError) || !(error.reason in staffRefusals)) return undefined;
  return staffRefusals[error.reason as keyof typeof staffRefusals];
}

function classesText(t: T, classes: readonly TaughtClass[]): string {
  const each = classes.map((c) => t(c.classTeacher ? 'staff.classTeacherOf' : 'staff.teachesIn', { className: c.name }));
  return each.join(t('help.roleSeparator'));
}

function rolesText(t: T, member: Pick<StaffMember, 'roles' | 'classes'>): string {
  const each = member.roles.map((role) =>
    role === 'TEACHER' && member.classes.length > 0 ? t('staff.roleWithClasses', { role: t('roles.TEACHER'), classes: classesText(t, member.classes) }) : t(`roles.${role}`),
  );
  return each.join(t('help.roleSeparator'));
}

/** Runs a staff action; the offboarding refusals get their own words, the rest the usual ones. */
async function explainingStaffRefusals(ctx: ChatContext, action: () => Promise<void>): Promise<void> {
  await explainingRefusals(ctx, async () => {
    try {
      await action();
    } catch (error) {
      const key = staffRefusalKey(error);
      if (!key) throw error;
      ctx.log.info({ reason: (error as DomainError).reason }, 'staff change refused');
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
      else await ctx.reply(ctx.t(key));
    }
  });
}

async function schoolName(ctx: ChatContext, schoolId: number): Promise<string | undefined> {
  const schools = await ctx.domain.schools.schoolsAdministeredBy(ctx.actor!);
  return schools.find((school) => school.id === schoolId)?.name;
}

async function staffList(ctx: ChatContext, schoolId: number, school: string) {
  const members = await ctx.domain.staff.staffOf(ctx.actor!, schoolId);
  const lines = members.map((member) => ctx.t('staff.line', { name: member.displayName, roles: rolesText(ctx.t, member) }));
  const rows = members.map((member) => [button(member.displayName, pack({ name: 'staff.person', schoolId, userId: member.userId }))]);
  return { text: [ctx.t('staff.title', { school }), ...lines].join('\n'), reply_markup: keyboard(rows) };
}

function confirmation(t: T, plan: RemovalPreview, school: string): string {
  const role = t(`roles.${plan.role}`);
  const lines = [t('staff.confirm.title', { name: plan.displayName, role, school })];
  if (plan.classes.length > 0) lines.push(t('staff.confirm.classes', { name: plan.displayName, classes: classesText(t, plan.classes) }));
  if (plan.role === 'TEACHER') {
    lines.push(
      plan.pairedChildren.length > 0
        ? t('staff.confirm.pairings', { name: plan.displayName, count: plan.pairedChildren.length, children: plan.pairedChildren.map((c) => c.name).join(t('help.roleSeparator')) })
        : t('staff.confirm.noPairings', { name: plan.displayName }),
    );
  }
  lines.push(t(`staff.confirm.effect.${plan.role}`, { name: plan.displayName }));
  return lines.join('\n');
}

/** Shows the removed person, in their own language, the menu of the roles they still hold. */
async function refreshMenuOf(ctx: ChatContext, userId: number): Promise<void> {
  const person = await ctx.domain.users.me({ userId });
  const chatId = await ctx.domain.users.addressOn({ userId }, TELEGRAM);
  if (chatId === null) return;
  const roles = await ctx.domain.users.rolesOf({ userId });
  const t = ctx.translations.translatorFor(resolveLocale(person.locale, person.languageCode, ctx.locale));
  await publishChatCommandMenu(ctx.api, Number(chatId), roles, t, ctx.log);
}

staffFeature.command('staff', async (ctx) => {
  if (!ctx.user) return;
  const schools = await ctx.domain.schools.schoolsAdministeredBy(ctx.actor!);
  if (schools.length === 0) {
    await ctx.reply(ctx.t('staff.notAdmin'));
    return;
  }
  if (schools.length > 1) {
    await ctx.reply(ctx.t('staff.pickSchool'), { reply_markup: keyboard(schools.map((school) => [button(school.name, pack({ name: 'staff.school', schoolId: school.id }))])) });
    return;
  }
  const { text, reply_markup } = await staffList(ctx, schools[0]!.id, schools[0]!.name);
  await ctx.reply(text, { reply_markup });
});

onAction(staffFeature, 'staff.school', async (ctx, action) => {
  await explainingStaffRefusals(ctx, async () => {
    const { schoolId } = action;
    const school = await schoolName(ctx, schoolId);
    if (school === undefined) throw new DomainError('forbidden');
    const { text, reply_markup } = await staffList(ctx, schoolId, school);
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup });
  });
});

onAction(staffFeature, 'staff.person', async (ctx, action) => {
  await explainingStaffRefusals(ctx, async () => {
    const { schoolId } = action;
    const member = await ctx.domain.staff.staffMember(ctx.actor!, schoolId, action.userId);
    const school = (await schoolName(ctx, schoolId)) ?? '';
    const self = member.userId === ctx.user!.id;
    const rows = self ? [] : member.roles.map((role) => [button(ctx.t('staff.remove', { role: ctx.t(`roles.${role}`) }), pack({ name: 'staff.remove', schoolId, userId: member.userId, role }))]);
    const text = [ctx.t('staff.person', { name: member.displayName, school, roles: rolesText(ctx.t, member) }), ...(self ? [ctx.t('staff.self')] : [])].join('\n');
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup: keyboard(rows) });
  });
});

onAction(staffFeature, 'staff.remove', async (ctx, action) => {
  await explainingStaffRefusals(ctx, async () => {
    const { schoolId, userId, role } = action;
    const plan = await ctx.domain.staff.removalPreview(ctx.actor!, schoolId, userId, role);
    if (plan.blocked) throw new DomainError(`staff:${plan.blocked}`);
    const choices = new InlineKeyboard().text(ctx.t('staff.confirm.yes'), pack({ name: 'staff.removeYes', schoolId, userId, role })).text(ctx.t('staff.confirm.no'), pack({ name: 'staff.removeNo' }));
    await ctx.answerCallbackQuery();
    await ctx.reply(confirmation(ctx.t, plan, (await schoolName(ctx, schoolId)) ?? ''), { reply_markup: choices });
  });
});

onAction(staffFeature, 'staff.removeYes', async (ctx, action) => {
  await explainingStaffRefusals(ctx, async () => {
    const { schoolId, userId, role } = action;
    const school = (await schoolName(ctx, schoolId)) ?? '';
    const done = await ctx.app.schoolAdmin.removeStaffRole(ctx.actor!, schoolId, userId, role);
    const lines = [ctx.t('staff.removed', { name: done.displayName, role: ctx.t(`roles.${role}`), school })];
    if (done.pairedChildren.length > 0) lines.push(ctx.t('staff.pairingsEnded', { children: done.pairedChildren.map((c) => c.name).join(ctx.t('help.roleSeparator')) }));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(lines.join('\n'));
    await refreshMenuOf(ctx, userId);
  });
});

onAction(staffFeature, 'staff.removeNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('staff.kept'));
});
