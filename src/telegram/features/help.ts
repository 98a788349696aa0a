import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { commandsFor } from '../command-menu.js';

/** `/help`: the commands of the user's roles, and which roles they hold. */
export const helpFeature = new Composer<BotContext>();

helpFeature.command('help', async (ctx) => {
  const { t } = ctx;
  const roles = ctx.actor ? await ctx.domain.users.rolesOf(ctx.actor) : [];
  const lines = [
    t('help.title'),
    ...commandsFor(roles, t).map(({ command, description }) => `/${command} — ${description}`),
    '',
    roles.length > 0 ? t('help.roles', { roles: roles.map((role) => t(`roles.${role}`)).join(t('help.roleSeparator')) }) : t('help.noRoles'),
    t('help.footer'),
  ];
  await ctx.reply(lines.join('\n'));
});
