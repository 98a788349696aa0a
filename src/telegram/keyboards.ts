import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';

/** One inline button that sends callback data. */
export function button(text: string, data: string): InlineKeyboardButton.CallbackButton {
  return { text, callback_data: data };
}

/** Lays buttons out `perRow` to a row. */
export function grid(buttons: InlineKeyboardButton[], perRow: number): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return rows;
}

/**
 * An inline keyboard from rows, leaving out empty rows; undefined when no button is left,
 * so a message without choices is sent without a keyboard.
 */
export function keyboard(rows: InlineKeyboardButton[][]): InlineKeyboard | undefined {
  const kept = rows.filter((row) => row.length > 0);
  return kept.length > 0 ? InlineKeyboard.from(kept) : undefined;
}
