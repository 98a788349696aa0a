import type { Action } from '../actions/index.js';
import type { Words } from '../i18n/words.js';

export { joined, verbatim, words, type Words } from '../i18n/words.js';

/** One choice offered under a reply: its label and the action it stands for (a button on Telegram, a numbered answer elsewhere). */
export interface Choice {
  readonly label: Words;
  readonly action: Action;
}

/** What the app tells the person acting: its words, and the choices offered below them, in rows. */
export interface Reply {
  readonly words: Words;
  readonly choices: readonly (readonly Choice[])[];
}

/** A reply of words alone, offering no choices. */
export function reply(said: Words, choices: readonly (readonly Choice[])[] = []): Reply {
  return { words: said, choices: choices.filter((row) => row.length > 0) };
}

/** Lays choices out `perRow` to a row. */
export function rows(choices: readonly Choice[], perRow: number): Choice[][] {
  const laid: Choice[][] = [];
  for (let i = 0; i < choices.length; i += perRow) laid.push(choices.slice(i, i + perRow));
  return laid;
}
