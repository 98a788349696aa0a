import type { TitledList } from '../app/update-replies.js';
import { say } from '../i18n/words.js';
import type { ChatContext } from './context.js';
import { keyboard } from './keyboards.js';
import { windowPage } from './pager.js';
import { choicesKeyboard } from './reply.js';

/**
 * A window of a titled list as one Telegram message: part `part` of it in at most 4,096
 * characters, its choices, then ◀ ▶ to the other parts and windows (`dataFor` packs them).
 */
export function listMessage(t: ChatContext['t'], list: TitledList, part: number, dataFor: (window: number, part: number) => string) {
  const at = { window: list.window, windows: list.windows, part };
  const shown = windowPage(t, say(t, list.title), list.entries.map((entry) => say(t, entry)), at, dataFor);
  const choices = choicesKeyboard(t, list.choices)?.inline_keyboard ?? [];
  return { text: shown.text, reply_markup: keyboard([...choices, shown.buttons]) };
}
