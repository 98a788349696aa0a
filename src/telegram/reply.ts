import { pack } from '../actions/index.js';
import type { Choice, Reply } from '../app/reply.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import type { ChatContext } from './context.js';
import { button, keyboard } from './keyboards.js';
import { MESSAGE_LIMIT, packTexts } from './pager.js';

/** The app's choices as an inline keyboard: each label in the reader's language, each action packed as callback data. */
export function choicesKeyboard(t: Translate, choices: Reply['choices']) {
  return keyboard(choices.map((row) => row.map((choice: Choice) => button(say(t, choice.label), pack(choice.action)))));
}

/**
 * Sends the app's reply in this chat: its words in the user's language, its choices as
 * buttons. Words longer than one Telegram message go as several, cut between lines, with
 * the buttons under the last, so no reply fails for its length.
 */
export async function replyWith(ctx: Pick<ChatContext, 't' | 'reply'>, said: Reply) {
  const text = say(ctx.t, said.words);
  const texts = text.length > MESSAGE_LIMIT ? packTexts(text.split('\n')) : [text];
  for (const piece of texts.slice(0, -1)) await ctx.reply(piece);
  return ctx.reply(texts.at(-1)!, { reply_markup: choicesKeyboard(ctx.t, said.choices) });
}

/** Puts the app's reply in place of the message whose button was pressed, as menus step on: its words, and its choices as the new buttons (none when it offers none). */
export function editWith(ctx: Pick<ChatContext, 't' | 'editMessageText'>, said: Reply) {
  return ctx.editMessageText(say(ctx.t, said.words), { reply_markup: choicesKeyboard(ctx.t, said.choices) });
}
