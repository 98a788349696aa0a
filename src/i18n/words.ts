import type { ParseKeys } from 'i18next';
import type { Translate } from './translator.js';

/** A key of the locale files: a key missing from them fails to compile. */
export type WordKey = ParseKeys;

/** A value filled into words: plain (a name, a count, a date already formatted) or words of its own (a relation, a weekday). */
export type WordsValue = string | number | Words;

/**
 * Words as the app says them, before any language: a locale key with the values it fills
 * in, fixed text (a child's name, a message someone wrote), or several words joined
 * (lines of a list). A channel puts them into the reader's language with `say`.
 */
export type Words =
  | { readonly key: WordKey; readonly values?: Readonly<Record<string, WordsValue>> }
  | { readonly text: string }
  | { readonly join: readonly Words[]; readonly with: string | Words; readonly distinct?: true };

/** Words for a locale key, so use cases read `words('letters.sent', { child })`. */
export function words(key: WordKey, values?: Readonly<Record<string, WordsValue>>): Words {
  return values ? { key, values } : { key };
}

/** Fixed text (a name, someone's own message) that no language changes. */
export function verbatim(text: string): Words {
  return { text };
}

/** Words joined into one text: lines with `\n`, paragraphs with `\n\n`, a list with the language's own separator (as words). */
export function joined(parts: readonly Words[], separator: string | Words = '\n'): Words {
  return { join: parts, with: separator };
}

/** A list joined with `separator`, each text once as the reader's language says it (two kinds may share a word: 视频). */
export function distinctList(parts: readonly Words[], separator: string | Words): Words {
  return { join: parts, with: separator, distinct: true };
}

function valueIn(t: Translate, value: WordsValue): string | number {
  return typeof value === 'object' ? say(t, value) : value;
}

/** Puts the app's words into one language: keys translated (their values first), fixed text as it is, joined words joined. */
export function say(t: Translate, said: Words): string {
  if ('text' in said) return said.text;
  if ('join' in said) {
    const parts = said.join.map((part) => say(t, part));
    return (said.distinct ? [...new Set(parts)] : parts).join(typeof said.with === 'string' ? said.with : say(t, said.with));
  }
  if (!said.values) return t(said.key);
  const values = Object.fromEntries(Object.entries(said.values).map(([name, value]) => [name, valueIn(t, value)]));
  return t(said.key, values);
}
