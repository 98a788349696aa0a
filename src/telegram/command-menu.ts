import type { Api } from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import { commandWords, type CommandName } from '../app/settings-replies.js';
import type { Role } from '../db/generated/enums.js';
import { languageFacts } from '../i18n/language-facts.js';
import { supportedLocales, type Locale } from '../i18n/locales.js';
import type { Translate, Translations } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import type { Logger } from '../logger.js';

/** The two-letter code Telegram's `setMyCommands` takes for a locale. */
function telegramLanguageCode(locale: Locale): LanguageCode {
  return (languageFacts(locale)?.telegramLanguageCodes[0] ?? locale.split('-')[0]) as LanguageCode;
}

/** A command of the bot and who sees it; no roles means everyone. */
interface CommandSpec {
  command: CommandName;
  roles?: readonly Role[];
}

/** Every command, in the order menus and /help list them. Features add theirs here. */
const commandSpecs: readonly CommandSpec[] = [
  { command: 'start' },
  { command: 'help' },
  { command: 'language' },
  { command: 'children', roles: ['ADMIN', 'TEACHER', 'KEEPER', 'PARENT', 'GUARDIAN'] },
  { command: 'update', roles: ['ADMIN', 'TEACHER'] },
  { command: 'updates', roles: ['ADMIN', 'TEACHER'] },
  { command: 'record', roles: ['ADMIN', 'TEACHER'] },
  { command: 'log', roles: ['ADMIN', 'TEACHER'] },
  { command: 'addchild', roles: ['ADMIN', 'TEACHER'] },
  { command: 'import', roles: ['ADMIN', 'TEACHER'] },
  { command: 'invite', roles: ['ADMIN', 'TEACHER'] },
  { command: 'invites', roles: ['ADMIN', 'TEACHER'] },
  { command: 'classes', roles: ['ADMIN'] },
  { command: 'staff', roles: ['ADMIN'] },
  { command: 'receipts', roles: ['ADMIN', 'TEACHER'] },
  { command: 'weekly', roles: ['ADMIN'] },
  { command: 'report', roles: ['ADMIN', 'TEACHER'] },
  { command: 'export', roles: ['ADMIN'] },
  { command: 'alert', roles: ['ADMIN', 'TEACHER', 'KEEPER'] },
  { command: 'alerts', roles: ['ADMIN', 'TEACHER', 'KEEPER'] },
  { command: 'print', roles: ['KEEPER', 'ADMIN'] },
  { command: 'call', roles: ['PARENT', 'GUARDIAN'] },
  { command: 'schedule', roles: ['ADMIN', 'KEEPER'] },
  { command: 'callhours', roles: ['ADMIN'] },
  { command: 'dates', roles: ['ADMIN'] },
  { command: 'letter', roles: ['PARENT', 'GUARDIAN'] },
  { command: 'inbox', roles: ['KEEPER', 'ADMIN'] },
  { command: 'reply', roles: ['KEEPER', 'ADMIN'] },
  { command: 'thread', roles: ['PARENT', 'GUARDIAN', 'KEEPER', 'ADMIN'] },
  { command: 'campaign', roles: ['ADMIN', 'TEACHER', 'KEEPER'] },
  { command: 'quiet' },
  { command: 'phone', roles: ['PARENT', 'GUARDIAN'] },
  { command: 'mydata', roles: ['PARENT', 'GUARDIAN'] },
  { command: 'cancel' },
];

/** The commands a person with these roles may use, in menu order (for the menu and /help). */
export function commandsOf(roles: readonly Role[]): CommandName[] {
  return commandSpecs.filter((spec) => !spec.roles || spec.roles.some((role) => roles.includes(role))).map((spec) => spec.command);
}

/** The commands a person with these roles may use, described in their language, as Telegram's menu lists them. */
function commandsFor(roles: readonly Role[], t: Translate): BotCommand[] {
  return commandsOf(roles).map((command) => ({ command, description: say(t, commandWords(command)) }));
}

/**
 * Sets Telegram's command menu for each language, and the default one in the default
 * language. The menu is a convenience: if Telegram refuses, the bot logs it and runs on.
 */
export async function publishCommandMenus(api: Api, translations: Translations, defaultLocale: Locale, logger: Logger) {
  const menus = [
    { language_code: undefined, locale: defaultLocale },
    ...supportedLocales.map((locale) => ({ language_code: telegramLanguageCode(locale), locale })),
  ];
  for (const { language_code, locale } of menus) {
    try {
      await api.setMyCommands(commandsFor([], translations.translatorFor(locale)), { language_code });
    } catch (error) {
      logger.warn({ err: error, language_code }, 'could not set the command menu');
    }
  }
}

/** Shows one chat the menu in the language its user chose, which may differ from Telegram's. */
export async function publishChatCommandMenu(api: Api, chatId: number, roles: readonly Role[], t: Translate, logger: Logger) {
  try {
    await api.setMyCommands(commandsFor(roles, t), { scope: { type: 'chat', chat_id: chatId } });
  } catch (error) {
    logger.warn({ err: error }, 'could not set the chat command menu');
  }
}
