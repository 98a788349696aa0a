import type { LocalDate } from '../domain/call-slots.js';
import type { RefusalReason } from '../domain/errors.js';
import { LETTER_LIMITS, letterTextLength, type LetterPartInput, type LetterView, type ThreadPage } from '../domain/letters.js';
import { dayWords } from '../i18n/call-time.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { authorWords } from '../notifications/letters.js';
import { refusalWords } from './refusals.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

const SNIPPET = 40;
/** The kinds of media a letter may hold, in the order a thread counts them. */
const MEDIA_KINDS = ['voice', 'photo', 'video', 'video_note'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SNIPPET ? `${line.slice(0, SNIPPET)}…` : line;
}

/** One line per part: "✍ text…", "🎤 voice note", "🖼 photo: caption…". */
function partLines(parts: readonly LetterPartInput[]): Words[] {
  return parts.map((part) => {
    const label = words(`letters.kinds.${part.kind}`);
    if (part.kind === 'text') return joined([label, verbatim(snippet(part.text ?? ''))], ' ');
    return part.text ? words('letters.withCaption', { kind: label, caption: snippet(part.text) }) : label;
  });
}

/** A letter's parts in short, for a thread: each text and captioned photo on its line, the other media counted on one. */
export function partsSummary(parts: readonly LetterPartInput[]): Words[] {
  const listed = parts.filter((part) => part.kind === 'text' || part.text);
  const counted = (kind: MediaKind) => parts.filter((part) => part.kind === kind && !part.text).length;
  const media = MEDIA_KINDS.flatMap((kind) => (counted(kind) > 0 ? [words('letters.mediaCount', { kind: words(`letters.kinds.${kind}`), count: counted(kind) })] : []));
  return [...partLines(listed), ...(media.length > 0 ? [joined(media, words('letters.nameSeparator'))] : [])];
}

/** The preview of a letter being written: the parts listed, numbered, with how much of the limits they use. */
export function previewWords(heading: Words, parts: readonly LetterPartInput[]): Words {
  const usage = words('letters.usage', { parts: parts.length, maxParts: LETTER_LIMITS.parts, characters: letterTextLength(parts), maxCharacters: LETTER_LIMITS.characters });
  const lines = partLines(parts).map((line, index) => joined([verbatim(`${index + 1}.`), line], ' '));
  return joined([joined([heading, usage], ''), ...lines, verbatim(''), words('letters.sendOrMore')]);
}

/** "2026-12-01 10:00 · 陈静 (mother) → 李小明 · ✓ read": one letter of a thread or the letterbox. */
export function letterLine(letter: LetterView): Words {
  const who = letter.direction === 'TO_CHILD'
    ? words('letters.toChildLine', { author: authorWords(letter), child: letter.childName })
    : words('letters.toFamilyLine', { child: letter.childName, keeper: letter.authorName });
  return joined([verbatim(wallClock(letter.createdAt, letter.timezone)), who, words(`letters.status.${letter.status}`)], ' · ');
}

/**
 * The confirmation a family reads after sending a letter: as usual while school is in
 * session; in a holiday, that the letter is read with the child when school restarts (and when).
 */
export function letterSent(child: string, schoolBreak: { restartsOn: LocalDate | null } | null): Reply {
  if (!schoolBreak) return reply(words('letters.sent', { child }));
  return reply(schoolBreak.restartsOn ? words('schoolYear.letterSent', { child, date: dayWords(schoolBreak.restartsOn) }) : words('schoolYear.letterSentNoDate', { child }));
}

/** A page of a child's thread: its letters in short, a "▶" choice per letter with media, and paging. */
export function threadPage(page: ThreadPage): Reply {
  if (page.letters.length === 0) return reply(words('letters.threadEmpty', { child: page.childName }));
  const entries = page.letters.map((letter) => joined([letterLine(letter), ...partsSummary(letter.parts).map((line) => joined([verbatim('  '), line], ''))]));
  const withMedia = page.letters.filter((letter) => letter.parts.some((part) => part.kind !== 'text'));
  const media: Choice[] = withMedia.map((letter) => ({ label: words('letters.play', { number: page.letters.indexOf(letter) + 1 }), action: { name: 'letter.show', letterId: letter.id } }));
  const paging: Choice[] = [
    ...(page.page > 0 ? [{ label: words('letters.earlier'), action: { name: 'letter.thread', childId: page.childId, page: page.page - 1 } } as const] : []),
    ...(page.page < page.pages - 1 ? [{ label: words('letters.later'), action: { name: 'letter.thread', childId: page.childId, page: page.page + 1 } } as const] : []),
  ];
  const title = words('letters.threadTitle', { child: page.childName, page: page.page + 1, pages: page.pages });
  return reply(joined([title, ...entries], '\n\n'), [...rows(media, 3), paging]);
}

/** The words that explain why a letter action was refused, with the letters' own wording where it differs. */
export function letterRefusal(reason: RefusalReason): Words {
  if (reason === 'invalid:required') return words('letters.refusals.empty');
  if (reason === 'invalid:tooLong') return words('letters.refusals.reasonTooLong');
  return refusalWords(reason);
}
