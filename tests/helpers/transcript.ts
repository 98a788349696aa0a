import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';

/**
 * A readable record of a conversation: who sent what, what the bot answered, which
 * buttons it showed. Flow tests compare it with a snapshot file beside the test, so a
 * change in wording or buttons shows up in review.
 */
export class Transcript {
  private readonly lines: string[] = [];

  user(name: string, action: string): void {
    this.lines.push(`${name}: ${action}`);
  }

  /** A bot message; a reply keyboard under the input field shows as `{button}`, its removal as a note. */
  bot(prefix: string, text: string | undefined, keyboard?: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove): void {
    const [first = '', ...rest] = (text ?? '').split('\n');
    this.lines.push(`  ${prefix}${first}`);
    for (const line of rest) this.lines.push(line === '' ? '' : `  ${' '.repeat(prefix.length)}${line}`);
    const pad = `  ${' '.repeat(prefix.length)}`;
    for (const row of (keyboard && 'inline_keyboard' in keyboard ? keyboard.inline_keyboard : undefined) ?? []) {
      this.lines.push(`${pad}${row.map((button) => `[${button.text}]`).join(' ')}`);
    }
    for (const row of (keyboard && 'keyboard' in keyboard ? keyboard.keyboard : undefined) ?? []) {
      this.lines.push(`${pad}${row.map((button) => `{${typeof button === 'string' ? button : button.text}}`).join(' ')}`);
    }
    if (keyboard && 'remove_keyboard' in keyboard) this.lines.push(`${pad}(the keyboard below closes)`);
  }

  note(text: string): void {
    this.lines.push(`-- ${text} --`);
  }

  /** The transcript with invitation codes (random each run) shown as <code>. */
  toString(): string {
    return `${this.lines.join('\n')}\n`.replace(/\b[2-9A-HJKMNP-Z]{12}\b/g, '<code>');
  }
}
