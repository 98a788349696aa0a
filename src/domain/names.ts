/**
 * A person's, child's or class's name as typed, pasted from a spreadsheet or taken from a
 * Telegram profile can carry characters nobody sees: zero-width spaces and joiners, bidi
 * overrides (which turn the text around it backwards in every list it shows up in), line
 * breaks, NULs. One cleaner for every place that takes a name.
 */

/** Characters that have no place in a name at all: C0 controls other than whitespace, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Characters that change nothing visible or only the direction of the text: removed. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * The name without invisible and direction-changing characters, every run of whitespace
 * (line breaks too) one space, trimmed; undefined when it holds a control character, which
 * is refused rather than guessed at (it means the text is damaged).
 */
export function cleanName(input: string): string | undefined {
  if (CONTROL.test(input)) return undefined;
  return input.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** A name Telegram gives us, which cannot be refused: control characters are dropped as well. */
export function cleanProfileName(input: string): string {
  return cleanName(input.replace(new RegExp(CONTROL.source, 'g'), '')) ?? '';
}
