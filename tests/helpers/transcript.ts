import type { InlineKeyboardMarkup } from 'grammy/types';

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

  bot(prefix: string, text: string | undefined, keyboard?: InlineKeyboardMarkup): void {
    const [first = '', ...rest] = (text ?? '').split('\n');
    this.lines.push(`  ${prefix}${first}`);
    for (const line of rest) this.lines.push(line === '' ? '' : `  ${' '.repeat(prefix.length)}${line}`);
    for (const row of keyboard?.inline_keyboard ?? []) {
      this.lines.push(`  ${' '.repeat(prefix.length)}${row.map((button) => `[${button.text}]`).join(' ')}`);
    }
  }

  note(text: string): void {
    this.lines.push(`-- ${text} --`);
  }

  /** The transcript with invitation codes (random each run) shown as <code>. */
  toString(): string {
    return `${this.lines.join('\n')}\n`.replace(/\b[2-9A-HJKMNP-Z]{12}\b/g, '<code>');
  }
}
