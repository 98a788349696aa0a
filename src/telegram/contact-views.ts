import { contactFileWords } from '../app/contact-replies.js';
import type { Reply } from '../app/reply.js';
import type { ContactSummary } from '../domain/contacts.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import type { ChatContext } from './context.js';
import { choicesKeyboard } from './reply.js';

/** The contact part of a child's file in the reader's language (see `contactFileWords`). */
export function contactFileLines(t: Translate, summary: ContactSummary): string[] {
  return contactFileWords(summary).map((line) => say(t, line));
}

/** Shows the app's reply in place of the message whose button was pressed, as the log's and the alert's menus step on. */
export function editWith(ctx: Pick<ChatContext, 't' | 'editMessageText'>, said: Reply) {
  return ctx.editMessageText(say(ctx.t, said.words), { reply_markup: choicesKeyboard(ctx.t, said.choices) });
}
