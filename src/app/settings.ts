import type { Role } from '../db/generated/enums.js';
import type { Actor } from '../domain/actor.js';
import type { ChannelAddress } from '../domain/channel-accounts.js';
import type { FreeHoursChoice } from '../domain/family-phones.js';
import type { QuietHours } from '../domain/users.js';
import type { Locale } from '../i18n/locales.js';
import { choiceChildren } from './family-message-replies.js';
import type { Reply } from './reply.js';
import { askQuietStart, freeHoursSaved, helpReply, languageChanged, phoneForgotten, phoneQuestion, phoneSaved, quietHoursSaved, welcome, type CommandName } from './settings-replies.js';
import type { InTransaction } from './unit.js';

/** A person's own settings (their language, phone number, usual free time and quiet hours), and the bot's greeting and help for them. */
export function createSettingsUseCases(inTransaction: InTransaction) {
  return {
    /** The language the bot speaks to the person; the reply is to be said in the new language, `roles` picks the commands to offer in it. */
    chooseLocale: (actor: Actor, locale: Locale) =>
      inTransaction(async ({ domain }) => {
        await domain.users.chooseLocale(actor, locale);
        return { roles: await domain.users.rolesOf(actor), reply: languageChanged() };
      }),

    /** The number and free time the family member left, and the question asking for their number. */
    phoneQuestion: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const current = await domain.familyPhones.mine(actor);
        return { current, question: phoneQuestion(current) };
      }),

    /** Saves the number a family member shared (only their own); the reply shows it as stored. */
    savePhone: (actor: Actor, shared: { phoneNumber: string; owner?: ChannelAddress }) =>
      inTransaction(async ({ domain }) => {
        const phone = await domain.familyPhones.savePhone(actor, shared);
        return { phone, reply: phoneSaved(phone) };
      }),

    /** Forgets the family member's number. */
    forgetPhone: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        await domain.familyPhones.forgetPhone(actor);
        return { reply: phoneForgotten() };
      }),

    /** The family member's usual free time for calls (null: it varies). */
    setFreeHours: (actor: Actor, choice: FreeHoursChoice | null) =>
      inTransaction(async ({ domain }) => {
        await domain.familyPhones.setFreeHours(actor, choice);
        return { reply: freeHoursSaved(choice) };
      }),

    /** /quiet: the person's quiet hours as they are, and when they should start. */
    quietHoursQuestion: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        const me = await domain.users.me(actor);
        return askQuietStart({ hours: me.quietHours, chosen: me.quietHoursChosen });
      }),

    /** The hours no message may wake the person (null: none). */
    setQuietHours: (actor: Actor, hours: QuietHours | null) =>
      inTransaction(async ({ domain }) => {
        await domain.users.setQuietHours(actor, hours);
        return { hours, reply: quietHoursSaved(hours) };
      }),

    /** /help: the channel's commands for the person's roles (`commandsFor`), and the roles themselves; someone unknown has none. */
    help: (actor: Actor | undefined, commandsFor: (roles: readonly Role[]) => readonly CommandName[]) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        const roles = actor ? await domain.users.rolesOf(actor) : [];
        return helpReply(roles, commandsFor(roles));
      }),

    /** /start: a family member is greeted with choices for their `children`; staff and strangers get the introduction. */
    welcome: (actor: Actor | undefined, name: string) =>
      inTransaction(async ({ domain }): Promise<Reply> => {
        if (!actor) return welcome(name, []);
        const roles = await domain.users.rolesOf(actor);
        const family = !roles.some((role) => role !== 'PARENT' && role !== 'GUARDIAN');
        return welcome(name, family ? choiceChildren(await domain.keptMessages.targets(actor)) : []);
      }),
  };
}
