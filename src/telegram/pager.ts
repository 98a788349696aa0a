import type { InlineKeyboardButton } from 'grammy/types';
import type { Translate } from '../i18n/translator.js';
import { button } from './keyboards.js';

/** Telegram's limit on a message's text, counted as JavaScript counts a string's length. */
export const MESSAGE_LIMIT = 4096;

/** Room kept on each page for its "page 2 of 5" line. */
const FOOTER_ROOM = 40;

/** Cuts `text` into pieces of at most `limit` characters, never between the halves of a surrogate pair. */
function cut(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const end = /[\uD800-\uDBFF]/.test(rest[limit - 1]!) ? limit - 1 : limit;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return [...pieces, rest];
}

/**
 * Packs the blocks of a list (one entry each, in order) into texts of at most `limit`
 * characters, one block per line; a block too long for a text of its own is cut, so nothing
 * is dropped. Every list that can outgrow one Telegram message goes through this.
 */
export function packTexts(blocks: readonly string[], limit = MESSAGE_LIMIT): string[] {
  const texts: string[] = [];
  let current = '';
  for (const piece of blocks.flatMap((block) => cut(block, limit))) {
    if (current !== '' && current.length + 1 + piece.length > limit) {
      texts.push(current);
      current = '';
    }
    current = current === '' ? piece : `${current}\n${piece}`;
  }
  return current === '' ? texts : [...texts, current];
}

/** One page of a long list as a message: its text and, when there is more than one page, the ◀ ▶ buttons. */
export interface ListPage {
  text: string;
  buttons: InlineKeyboardButton[];
}

/**
 * Page `requested` (counted from 0, clamped, as it comes from untrusted callback data) of a
 * list under a title repeated on every page. `dataFor(page)` is the callback data of the
 * button that opens another page; its handler must check the reader's access again.
 */
export function listPage(t: Translate, title: string, blocks: readonly string[], requested: number, dataFor: (page: number) => string): ListPage {
  const pages = packTexts(blocks, MESSAGE_LIMIT - title.length - FOOTER_ROOM - 2);
  const count = Math.max(pages.length, 1);
  const page = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 0), count - 1) : 0;
  if (count === 1) return { text: [title, ...pages].join('\n'), buttons: [] };
  const buttons = [
    ...(page > 0 ? [button(t('pager.previous'), dataFor(page - 1))] : []),
    ...(page < count - 1 ? [button(t('pager.next'), dataFor(page + 1))] : []),
  ];
  return { text: [title, pages[page]!, t('pager.page', { page: page + 1, pages: count })].join('\n'), buttons };
}
