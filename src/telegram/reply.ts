import { pack } from '../actions/index.js';
import type { Choice, Reply } from '../app/reply.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import type { ChatContext } from './context.js';
import { button, keyboard } from './keyboards.js';

/** The app's choices as an inline keyboard: each label in the reader's language, each action packed as callback data. */
export function choicesKeyboard(t: Translate, choices: Reply['choices']) {
  return keyboard(choices.map((row) => row.map((choice: Choice) => button(say(t, choice.label), pack(choice.action)))));
}

/** Sends the app's reply in this chat: its words in the user's language, its choices as buttons. */
export function replyWith(ctx: Pick<ChatContext, 't' | 'reply'>, said: Reply) {
  return ctx.reply(say(ctx.t, said.words), { reply_markup: choicesKeyboard(ctx.t, said.choices) });
}
