import { childCallsWords } from '../app/call-replies.js';
import type { ChildCalls } from '../domain/calls.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';

/** The calls part of a child's file in the reader's language: a title and a line per call, or nothing when there are none. */
export function childCallLines(t: Translate, file: ChildCalls): string[] {
  return childCallsWords(file).map((line) => say(t, line));
}

