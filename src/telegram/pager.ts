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

/** Where a page of a list read a window at a time stands: window `window` (from 0) of `windows`, part `part` of its text. */
export interface WindowAt {
  window: number;
  windows: number;
  part: number;
}

/** Asks for a window's last part (◀ from the next window's first part); held to the real last part. */
export const LAST_PART = 999;

/** The window `requested` (untrusted, clamped to a real one) of `count` entries read `size` at a time, and its entries' index range. */
export function windowOf(count: number, size: number, requested: number): { window: number; windows: number; start: number; end: number } {
  const windows = Math.max(Math.ceil(count / size), 1);
  const window = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 0), windows - 1) : 0;
  return { window, windows, start: window * size, end: Math.min((window + 1) * size, count) };
}

/**
 * One page of a list that is read a window of entries at a time (each window is "page N of
 * M", so the database never hands over the whole list). A window too long for one message
 * comes in parts, so nothing is cut off; ◀ ▶ step through the parts and on to the
 * neighbouring windows. `at.part` comes from untrusted callback data and is held to a real
 * part; `dataFor(window, part)` is the data of a button whose handler checks access again.
 */
export function windowPage(t: Translate, title: string, blocks: readonly string[], at: WindowAt, dataFor: (window: number, part: number) => string): ListPage {
  const parts = packTexts(blocks, MESSAGE_LIMIT - title.length - FOOTER_ROOM - 2);
  const count = Math.max(parts.length, 1);
  const part = Number.isSafeInteger(at.part) ? Math.min(Math.max(at.part, 0), count - 1) : 0;
  const previous = part > 0 ? dataFor(at.window, part - 1) : at.window > 0 ? dataFor(at.window - 1, LAST_PART) : undefined;
  const next = part < count - 1 ? dataFor(at.window, part + 1) : at.window < at.windows - 1 ? dataFor(at.window + 1, 0) : undefined;
  const buttons = [...(previous ? [button(t('pager.previous'), previous)] : []), ...(next ? [button(t('pager.next'), next)] : [])];
  const position = { page: at.window + 1, pages: at.windows, part: part + 1, parts: count };
  const footer = count > 1 ? [t('pager.pagePart', position)] : at.windows > 1 ? [t('pager.page', position)] : [];
  return { text: [title, parts[part] ?? '', ...footer].join('\n'), buttons };
}
