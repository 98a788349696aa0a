import { GrammyError, HttpError, InlineKeyboard, InputFile, InputMediaBuilder, type Api } from 'grammy';
import { fitCaption } from './caption.js';
import { packTexts } from './pager.js';
import { ChannelError, type Channel, type ChannelFailure, type ChannelMessage, type ChannelReceipt, type OutgoingButton } from '../delivery/message.js';
import { TELEGRAM } from '../domain/channel-accounts.js';

function keyboardOf(buttons: OutgoingButton[][] | undefined): { reply_markup?: InlineKeyboard } {
  if (!buttons || buttons.length === 0) return {};
  return { reply_markup: InlineKeyboard.from(buttons.map((row) => row.map((button) => InlineKeyboard.text(button.text, button.data)))) };
}

/** Telegram user ids travel as strings in the outbox; the Bot API takes them as numbers. */
function chatIdOf(address: string): number | string {
  const id = Number(address);
  return /^-?\d+$/.test(address) && Number.isSafeInteger(id) ? id : address;
}

/**
 * What a failed Bot API call means for the outbox: 429 waits retry_after, 403 (blocked,
 * deactivated) is unreachable; 5xx, network errors and a refused bot token (401, 404: every
 * message fails alike until an operator fixes it) are transient; any other 4xx is a refusal
 * of this message. Anything else is not a Telegram answer and is thrown as it is.
 */
export function channelFailureOf(error: unknown): ChannelFailure | undefined {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) return { kind: 'rate-limited', retryAfterSeconds: error.parameters.retry_after ?? 1 };
    if (error.error_code === 403) return { kind: 'unreachable', reason };
    if (error.error_code >= 500 || error.error_code === 401 || error.error_code === 404) return { kind: 'transient', reason };
    return { kind: 'rejected', reason };
  }
  if (error instanceof HttpError) return { kind: 'transient', reason: `network: ${error.message}` };
  return undefined;
}

/**
 * Sends a photo, voice note or video with its caption and buttons; a caption too long for the media
 * follows as a text message, which then carries the buttons. Answers the media's message and
 * the last message sent.
 */
async function sendCaptioned<T extends { message_id: number }>(
  api: Api,
  chatId: number | string,
  message: { caption?: string; buttons?: OutgoingButton[][] },
  sendMedia: (options: { caption?: string; reply_markup?: InlineKeyboard }) => Promise<T>,
): Promise<{ media: T; lastMessageId: string }> {
  const { caption, after } = fitCaption(message.caption);
  const media = await sendMedia({ ...(caption === undefined ? {} : { caption }), ...(after === undefined ? keyboardOf(message.buttons) : {}) });
  if (after === undefined) return { media, lastMessageId: String(media.message_id) };
  const text = await api.sendMessage(chatId, after, keyboardOf(message.buttons));
  return { media, lastMessageId: String(text.message_id) };
}

/**
 * Sends a text that grew with a school's data (a report, a duties list) in as many messages
 * as it needs, cut between lines, the buttons with the last; answers the last message's id.
 */
async function sendText(api: Api, chatId: number | string, whole: string, buttons: OutgoingButton[][] | undefined): Promise<string> {
  const texts = packTexts(whole.split('\n'));
  let last = 0;
  for (const [index, text] of texts.entries()) {
    last = (await api.sendMessage(chatId, text, index === texts.length - 1 ? keyboardOf(buttons) : {})).message_id;
  }
  return String(last);
}

async function sendWith(api: Api, chatId: number | string, message: ChannelMessage): Promise<ChannelReceipt> {
  switch (message.kind) {
    case 'text':
      return { messageId: await sendText(api, chatId, message.text, message.buttons) };
    case 'photo': {
      const sent = await sendCaptioned(api, chatId, message, (options) => api.sendPhoto(chatId, message.fileId, options));
      return { messageId: sent.lastMessageId };
    }
    case 'photoUpload': {
      const sent = await sendCaptioned(api, chatId, message, (options) => api.sendPhoto(chatId, new InputFile(message.upload.bytes, message.upload.filename), options));
      // Telegram answers with the photo in several sizes, the largest last; any of them sends it again.
      return { messageId: sent.lastMessageId, uploadedFileId: sent.media.photo.at(-1)?.file_id };
    }
    case 'voice': {
      const sent = await sendCaptioned(api, chatId, message, (options) => api.sendVoice(chatId, message.fileId, options));
      return { messageId: sent.lastMessageId };
    }
    case 'video': {
      const sent = await sendCaptioned(api, chatId, message, (options) => api.sendVideo(chatId, message.fileId, options));
      return { messageId: sent.lastMessageId };
    }
    case 'videoNote': {
      // A video note takes no caption: the caption, and then the buttons, go in a text message after it.
      const note = await api.sendVideoNote(chatId, message.fileId, message.caption ? {} : keyboardOf(message.buttons));
      if (!message.caption) return { messageId: String(note.message_id) };
      return { messageId: await sendText(api, chatId, message.caption, message.buttons) };
    }
    case 'album': {
      const fitted = message.photos.map((photo) => fitCaption(photo.caption));
      const media = message.photos.map((photo, index) => InputMediaBuilder.photo(photo.fileId, fitted[index]!.caption === undefined ? {} : { caption: fitted[index]!.caption! }));
      const ids = (await api.sendMediaGroup(chatId, media)).map((m) => m.message_id);
      for (const { after } of fitted) if (after !== undefined) ids.push((await api.sendMessage(chatId, after)).message_id);
      return { messageId: ids.join(',') };
    }
  }
}

/**
 * The outbox's channel to Telegram through grammY's Api. Give it an Api without auto-retry:
 * the outbox worker decides about retries. An album's message id is its ids joined by commas;
 * a photo sent as bytes answers with the file id Telegram gave it.
 */
export function createTelegramChannel(api: Api): Channel {
  return {
    name: TELEGRAM,
    async send(address, message) {
      try {
        return await sendWith(api, chatIdOf(address), message);
      } catch (error) {
        const failure = channelFailureOf(error);
        throw failure ? new ChannelError(failure) : error;
      }
    },
  };
}
