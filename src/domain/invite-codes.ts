import { createHash, randomInt } from 'node:crypto';

/** Letters and digits nobody confuses when reading a code aloud or off paper: no 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 12;

/** A fresh invitation code: 12 characters from the unambiguous alphabet (about 59 bits). */
export function newInviteCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** Codes as people may type them: any case, with spaces or dashes. */
export function normalizeInviteCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/** Only this hash is stored, so a copy of the database cannot be used to join. */
export function hashInviteCode(code: string): string {
  return createHash('sha256').update(normalizeInviteCode(code)).digest('hex');
}
