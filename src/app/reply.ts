export { joined, verbatim, words, type Words } from '../i18n/words.js';
export { reply, rows, type Choice, type Reply } from '../i18n/reply.js';
