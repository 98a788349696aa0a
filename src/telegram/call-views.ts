import { childCallsWords } from '../app/call-replies.js';
import type { Reply } from '../app/reply.js';
import type { ChildCalls } from '../domain/calls.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import type { ChatContext } from './context.js';
import { choicesKeyboard } from './reply.js';

/** The calls part of a child's file in the reader's language: a title and a line per call, or nothing when there are none. */
export function childCallLines(t: Translate, file: ChildCalls): string[] {
  return childCallsWords(file).map((line) => say(t, line));
}

/** Shows the app's reply in place of the message whose button was pressed, as the call menus step on. */
export function editWith(ctx: Pick<ChatContext, 't' | 'editMessageText'>, said: Reply) {
  return ctx.editMessageText(say(ctx.t, said.words), { reply_markup: choicesKeyboard(ctx.t, said.choices) });
}
