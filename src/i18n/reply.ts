import type { Action } from '../actions/index.js';
import type { Words } from './words.js';

/** One choice offered under a message: its label and the action it stands for (a button on Telegram, a numbered answer elsewhere). */
export interface Choice {
  readonly label: Words;
  readonly action: Action;
}

/** What a message says, before any language or channel: its words, and the choices offered below them, in rows. */
export interface Reply {
  readonly words: Words;
  readonly choices: readonly (readonly Choice[])[];
}

/** A reply of words and the rows of choices that are not empty. */
export function reply(said: Words, choices: readonly (readonly Choice[])[] = []): Reply {
  return { words: said, choices: choices.filter((row) => row.length > 0) };
}

/** Lays choices out `perRow` to a row. */
export function rows(choices: readonly Choice[], perRow: number): Choice[][] {
  const laid: Choice[][] = [];
  for (let i = 0; i < choices.length; i += perRow) laid.push(choices.slice(i, i + perRow));
  return laid;
}
