import { pack } from '../actions/index.js';
import { letterPreview, partRefused } from '../app/letter-replies.js';
import { addLetterPart, type LetterPartInput } from '../domain/letters.js';
import { say, type Words } from '../i18n/words.js';
import type { BotConversation, ChatContext } from './context.js';
import { partFrom } from './letter-views.js';
import { choicesKeyboard, replyWith } from './reply.js';

/** Callback data of the preview's choices. */
const SEND = pack({ name: 'letter.send' });
const DISCARD = pack({ name: 'letter.discard' });

/** Where the preview of the letter is, to edit it while an album's photos arrive. */
interface Preview {
  chatId: number;
  messageId: number;
}

/**
 * Gathers a letter (a parent's, or a child's reply recorded by the keeper) inside a
 * conversation: any mix of texts, voice notes and photos (an album's photos one update
 * each), up to the limits stated in `intro`. After each part the preview lists the parts
 * with "Send" and "Discard" (an album edits its preview instead of adding one); a part that
 * does not fit is refused with the reason, keeping what was collected. Commands pass on to
 * their handlers. Returns the parts on "Send" and the context of the press, or null on "Discard".
 */
export async function collectLetter(conversation: BotConversation, ctx: ChatContext, intro: Words, heading: Words): Promise<{ parts: LetterPartInput[]; at: ChatContext } | null> {
  await ctx.reply(say(ctx.t, intro));
  let parts: LetterPartInput[] = [];
  let preview: Preview | null = null;
  let album: string | null = null;
  let refusedAlbum: string | null = null;
  for (;;) {
    const step = await conversation.wait();
    if (step.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    const data = step.callbackQuery?.data;
    if (data === SEND && parts.length > 0) {
      await step.answerCallbackQuery();
      await step.editMessageReplyMarkup();
      return { parts, at: step };
    }
    if (data === DISCARD) {
      await step.answerCallbackQuery();
      await step.editMessageText(step.t('letters.discarded'));
      return null;
    }
    if (data !== undefined) {
      await step.answerCallbackQuery({ text: step.t(data === SEND ? 'letters.nothingYet' : 'letters.finishFirst') });
      continue;
    }
    const part = partFrom(step.message);
    if (!part) {
      await step.reply(step.t('letters.partPlease'));
      continue;
    }
    const group = step.message?.media_group_id ?? null;
    const added = addLetterPart(parts, part);
    if ('refused' in added) {
      if (group === null || group !== refusedAlbum) await step.reply(say(step.t, partRefused(added.refused, parts.length)));
      refusedAlbum = group;
      continue;
    }
    parts = added.parts;
    const shown = letterPreview(heading, parts);
    if (preview && group !== null && group === album) {
      await step.api.editMessageText(preview.chatId, preview.messageId, say(step.t, shown.words), { reply_markup: choicesKeyboard(step.t, shown.choices) });
    } else {
      const sent = await replyWith(step, shown);
      preview = { chatId: sent.chat.id, messageId: sent.message_id };
    }
    album = group;
  }
}
