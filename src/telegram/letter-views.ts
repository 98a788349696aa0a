import type { Message } from 'grammy/types';
import { DomainError, type RefusalReason } from '../domain/errors.js';
import { letterRefusal, type LetterShown } from '../app/letter-replies.js';
import type { LetterPartInput } from '../domain/letters.js';
import type { Translate } from '../i18n/translator.js';
import { say } from '../i18n/words.js';
import { fitCaption } from './caption.js';
import type { ChatContext } from './context.js';
import { explainingRefusals } from './refusals.js';
import { replyWith } from './reply.js';

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

/** Re-sends a letter's parts in this chat by their file ids, as direct answers (a text part, or a caption too long for its media, as a message). */
async function resendParts(ctx: ChatContext, parts: readonly LetterPartInput[]): Promise<void> {
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

/** Shows a letter again in this chat: its line, then its parts as they came. */
export async function showLetter(ctx: ChatContext, shown: LetterShown): Promise<void> {
  await replyWith(ctx, shown.heading);
  await resendParts(ctx, shown.parts);
}

/** The message that explains why a letter action was refused, in the reader's language. */
export function letterRefusalText(t: Translate, reason: RefusalReason): string {
  return say(t, letterRefusal(reason));
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
