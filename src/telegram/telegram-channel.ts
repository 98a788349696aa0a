import { GrammyError, HttpError, InlineKeyboard, InputMediaBuilder, type Api } from 'grammy';
import { ChannelError, type Channel, type ChannelFailure, type OutgoingButton, type OutgoingMessage } from '../delivery/message.js';

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
 * deactivated) is unreachable, 5xx and network errors are transient, any other 4xx is a
 * refusal of this message. Anything else is not a Telegram answer and is thrown as it is.
 */
export function channelFailureOf(error: unknown): ChannelFailure | undefined {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) return { kind: 'rate-limited', retryAfterSeconds: error.parameters.retry_after ?? 1 };
    if (error.error_code === 403) return { kind: 'unreachable', reason };
    if (error.error_code >= 500) return { kind: 'transient', reason };
    return { kind: 'rejected', reason };
  }
  if (error instanceof HttpError) return { kind: 'transient', reason: `network: ${error.message}` };
  return undefined;
}

async function sendWith(api: Api, chatId: number | string, message: OutgoingMessage): Promise<string> {
  switch (message.kind) {
    case 'text':
      return String((await api.sendMessage(chatId, message.text, keyboardOf(message.buttons))).message_id);
    case 'photo':
      return String((await api.sendPhoto(chatId, message.fileId, { caption: message.caption, ...keyboardOf(message.buttons) })).message_id);
    case 'voice':
      return String((await api.sendVoice(chatId, message.fileId, { caption: message.caption, ...keyboardOf(message.buttons) })).message_id);
    case 'album': {
      const media = message.photos.map((photo) => InputMediaBuilder.photo(photo.fileId, photo.caption === undefined ? {} : { caption: photo.caption }));
      const sent = await api.sendMediaGroup(chatId, media);
      return sent.map((m) => m.message_id).join(',');
    }
  }
}

/**
 * The outbox's channel to Telegram through grammY's Api. Give it an Api without auto-retry:
 * the outbox worker decides about retries. An album's message id is its ids joined by commas.
 */
export function createTelegramChannel(api: Api): Channel {
  return {
    async send(address, message) {
      try {
        return { messageId: await sendWith(api, chatIdOf(address), message) };
      } catch (error) {
        const failure = channelFailureOf(error);
        throw failure ? new ChannelError(failure) : error;
      }
    },
  };
}
