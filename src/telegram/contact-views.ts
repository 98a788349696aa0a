import { contactFileWords } from '../app/contact-replies.js';
import type { ContactSummary } from '../domain/contacts.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';

/** The contact part of a child's file in the reader's language (see `contactFileWords`). */
export function contactFileLines(t: Translate, summary: ContactSummary): string[] {
  return contactFileWords(summary).map((line) => say(t, line));
}

