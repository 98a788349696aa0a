import type { Message } from 'grammy/types';
import { DomainError, type RefusalReason } from '../domain/errors.js';
import { LETTER_LIMITS, letterTextLength, type LetterPartInput, type LetterView } from '../domain/letters.js';
import type { Translate } from '../i18n/translator.js';
import { wallClock } from '../i18n/wall-clock.js';
import { authorLabel } from '../notifications/letters.js';
import { fitCaption } from './caption.js';
import type { ChatContext } from './context.js';
import { explainingRefusals, refusalText } from './refusals.js';

const SNIPPET = 40;
/** The kinds of media a letter may hold, in the order a thread counts them. */
const MEDIA_KINDS = ['voice', 'photo', 'video', 'video_note'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * A message as a part of a letter: a text that is not a command, a photo (largest size), a
 * voice note, a video or a round video note, with its caption (a video note has none).
 */
export function partFrom(message: Message | undefined): LetterPartInput | undefined {
  if (message?.text !== undefined) return message.text.startsWith('/') ? undefined : { kind: 'text', text: message.text };
  const caption = message?.caption ? { text: message.caption } : {};
  const photo = message?.photo?.at(-1);
  if (photo) return { kind: 'photo', fileId: photo.file_id, ...caption };
  if (message?.voice) return { kind: 'voice', fileId: message.voice.file_id, ...caption };
  if (message?.video) return { kind: 'video', fileId: message.video.file_id, ...caption };
  if (message?.video_note) return { kind: 'video_note', fileId: message.video_note.file_id };
  return undefined;
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SNIPPET ? `${line.slice(0, SNIPPET)}…` : line;
}

/** One line per part: "✍ text…", "🎤 voice note", "🖼 photo: caption…". */
function partLines(t: Translate, parts: readonly LetterPartInput[]): string[] {
  return parts.map((part) => {
    const label = t(`letters.kinds.${part.kind}`);
    if (part.kind === 'text') return `${label} ${snippet(part.text ?? '')}`;
    return part.text ? t('letters.withCaption', { kind: label, caption: snippet(part.text) }) : label;
  });
}

/** A letter's parts in short, for a thread: each text and captioned photo on its line, the other media counted on one. */
export function partsSummary(t: Translate, parts: readonly LetterPartInput[]): string[] {
  const listed = parts.filter((part) => part.kind === 'text' || part.text);
  const counted = (kind: MediaKind) => parts.filter((part) => part.kind === kind && !part.text).length;
  const media = MEDIA_KINDS.flatMap((kind) => (counted(kind) > 0 ? [t('letters.mediaCount', { kind: t(`letters.kinds.${kind}`), count: counted(kind) })] : []));
  return [...partLines(t, listed), ...(media.length > 0 ? [media.join(t('letters.nameSeparator'))] : [])];
}

/** The preview of a letter being written: the parts listed, numbered, with how much of the limits they use. */
export function previewText(t: Translate, heading: string, parts: readonly LetterPartInput[]): string {
  const usage = t('letters.usage', { parts: parts.length, maxParts: LETTER_LIMITS.parts, characters: letterTextLength(parts), maxCharacters: LETTER_LIMITS.characters });
  const lines = partLines(t, parts).map((line, index) => `${index + 1}. ${line}`);
  return [`${heading}${usage}`, ...lines, '', t('letters.sendOrMore')].join('\n');
}

/** "2026-12-01 10:00 · 陈静 (mother) → 李小明 · ✓ read": one letter of a thread or the letterbox. */
export function letterLine(t: Translate, letter: LetterView): string {
  const when = wallClock(letter.createdAt, letter.timezone);
  const who = letter.direction === 'TO_CHILD'
    ? t('letters.toChildLine', { author: authorLabel(t, letter), child: letter.childName })
    : t('letters.toFamilyLine', { child: letter.childName, keeper: letter.authorName });
  return `${when} · ${who} · ${t(`letters.status.${letter.status}`)}`;
}

/** Re-sends a letter's parts in this chat by their file ids, as direct answers (a text part, or a caption too long for its media, as a message). */
export async function resendParts(ctx: ChatContext, parts: readonly LetterPartInput[]): Promise<void> {
  for (const part of parts) {
    if (part.kind === 'text') {
      await ctx.reply(part.text ?? '');
      continue;
    }
    // A video note takes no caption: its text (a letter's parts may carry one) follows it.
    const { caption, after } = part.kind === 'video_note' ? { caption: undefined, after: part.text || undefined } : fitCaption(part.text || undefined);
    const options = caption === undefined ? {} : { caption };
    if (part.kind === 'photo') await ctx.replyWithPhoto(part.fileId!, options);
    else if (part.kind === 'video') await ctx.replyWithVideo(part.fileId!, options);
    else if (part.kind === 'video_note') await ctx.replyWithVideoNote(part.fileId!);
    else await ctx.replyWithVoice(part.fileId!, options);
    if (after !== undefined) await ctx.reply(after);
  }
}

/** The message that explains why a letter action was refused, with the limits where they matter. */
export function letterRefusalText(t: Translate, reason: RefusalReason): string {
  switch (reason) {
    case 'letters:tooManyParts':
      return t('letters.refusals.tooManyParts', { max: LETTER_LIMITS.parts });
    case 'letters:tooMuchText':
      return t('letters.refusals.tooMuchText', { max: LETTER_LIMITS.characters });
    case 'letters:alreadyRead':
      return t('letters.refusals.alreadyRead');
    case 'letters:notWaiting':
      return t('letters.refusals.notWaiting');
    case 'invalid:required':
      return t('letters.refusals.empty');
    case 'invalid:tooLong':
      return t('letters.refusals.reasonTooLong');
    default:
      return refusalText(t, reason);
  }
}

/**
 * Runs a letter action like `explainingRefusals`, with the letters' own reasons explained
 * too (an alert on a button press, else a message). Anything else goes to the error boundary.
 */
export async function explainingLetterRefusals(ctx: ChatContext, action: () => Promise<void>): Promise<void> {
  await explainingRefusals(ctx, async () => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof DomainError) || !/^(letters:|invalid:)/.test(error.reason)) throw error;
      ctx.log.info({ reason: error.reason }, 'letter action refused');
      const text = letterRefusalText(ctx.t, error.reason);
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else await ctx.reply(text);
    }
  });
}
