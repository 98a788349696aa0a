import type { Context } from 'grammy';
import type { Conversation, ConversationFlavor } from '@grammyjs/conversations';
import type { App } from '../app/index.js';
import type { Actor } from '../domain/actor.js';
import type { UserView } from '../domain/users.js';
import type { Locale } from '../i18n/locales.js';
import type { Translate, Translations } from '../i18n/translator.js';
import type { Logger } from '../logger.js';

/** What every handler finds on its context, inside conversations too. */
export interface AppFields {
  /** The users' actions, each a domain change and its messages in one transaction. */
  app: App;
  /** A logger bound to this update's id. */
  log: Logger;
  /** The person behind the update; absent for updates without a sender (channel posts). */
  user?: UserView;
  /** The person behind the update as the domain and the app know them; set with `user`. */
  actor?: Actor;
  locale: Locale;
  /** Translator fixed to this update's language. */
  t: Translate;
  /** Every language's translator, for a message in a language other than the user's. */
  translations: Translations;
}

/** The context inside conversations. */
export type ChatContext = Context & AppFields;

/** The context in the bot's middleware tree. */
export type BotContext = ConversationFlavor<ChatContext>;

export type BotConversation = Conversation<BotContext, ChatContext>;
