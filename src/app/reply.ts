import type { Words } from '../i18n/words.js';

export { joined, verbatim, words, type Words } from '../i18n/words.js';
export { reply, rows, type Choice, type Reply } from '../i18n/reply.js';

/** A file the app hands the person acting (a template, an export, their own data): its name, its bytes, and the words sent with it. */
export interface FileReply {
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly caption: Words;
}
