import type { Context } from 'grammy';
import type { Conversation, ConversationFlavor } from '@grammyjs/conversations';
import type { Domain } from '../domain/index.js';
import type { UserView } from '../domain/users.js';
import type { Locale } from '../i18n/locales.js';
import type { Translate, Translations } from '../i18n/translator.js';
import type { Logger } from '../logger.js';
import type { Notifications } from '../notifications/index.js';

/** What every handler finds on its context, inside conversations too. */
export interface AppFields {
  domain: Domain;
  /** A logger bound to this update's id. */
  log: Logger;
  /** The person behind the update; absent for updates without a sender (channel posts). */
  user?: UserView;
  locale: Locale;
  /** Translator fixed to this update's language. */
  t: Translate;
  /** Every language's translator, for a message in a language other than the user's. */
  translations: Translations;
  /** Queues messages to other people (teachers, families) in their own language. */
  notifications: Notifications;
}

/** The context inside conversations. */
export type ChatContext = Context & AppFields;

/** The context in the bot's middleware tree. */
export type BotContext = ConversationFlavor<ChatContext>;

export type BotConversation = Conversation<BotContext, ChatContext>;
