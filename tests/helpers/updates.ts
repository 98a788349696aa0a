import type { Chat, Update, User } from 'grammy/types';

let messageCounter = 1;
const now = () => Math.floor(Date.now() / 1000);

/** An update without its id; the harness numbers updates as it delivers them. */
export type UpdateBody = Omit<Update, 'update_id'>;

/** A Telegram user as updates carry them. */
export function telegramUser(id: number, firstName: string, languageCode?: string): User {
  return { id, is_bot: false, first_name: firstName, ...(languageCode ? { language_code: languageCode } : {}) };
}

/** The private chat between the bot and a user. */
export function privateChat(user: User): Chat.PrivateChat {
  return { id: user.id, type: 'private', first_name: user.first_name };
}

/** What every message from a user carries: its id, time, chat and sender. */
function fromUser(from: User, chat: Chat = privateChat(from)) {
  return { message_id: messageCounter++, date: now(), chat, from };
}

/** A text message; a leading `/command` gets the bot_command entity Telegram adds. */
export function textMessage(from: User, text: string, chat: Chat = privateChat(from)): UpdateBody {
  const command = /^\/\w+(@\w+)?/.exec(text);
  return {
    message: {
      ...fromUser(from, chat),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  } as UpdateBody;
}

/** A contact card, as Telegram's "share my number" button sends it; `userId` is whose card it is (absent for a typed-in contact). */
export function contactMessage(from: User, phoneNumber: string, userId?: number): UpdateBody {
  return { message: { ...fromUser(from), contact: { phone_number: phoneNumber, first_name: from.first_name, ...(userId === undefined ? {} : { user_id: userId }) } } } as UpdateBody;
}

/** A photo message, optionally with a caption. */
export function photoMessage(from: User, fileId: string, caption?: string): UpdateBody {
  return {
    message: {
      ...fromUser(from),
      photo: [
        { file_id: `${fileId}-small`, file_unique_id: `${fileId}-s`, width: 90, height: 90 },
        { file_id: fileId, file_unique_id: fileId, width: 1280, height: 960 },
      ],
      ...(caption ? { caption } : {}),
    },
  } as UpdateBody;
}

/** A voice note. */
export function voiceMessage(from: User, fileId: string, seconds = 12): UpdateBody {
  return {
    message: {
      ...fromUser(from),
      voice: { file_id: fileId, file_unique_id: fileId, duration: seconds, mime_type: 'audio/ogg' },
    },
  } as UpdateBody;
}

/** A video, optionally with a caption. */
export function videoMessage(from: User, fileId: string, caption?: string, seconds = 20): UpdateBody {
  return {
    message: {
      ...fromUser(from),
      video: { file_id: fileId, file_unique_id: fileId, width: 1280, height: 720, duration: seconds, mime_type: 'video/mp4' },
      ...(caption ? { caption } : {}),
    },
  } as UpdateBody;
}

/** A round video note (Telegram gives it no caption). */
export function videoNoteMessage(from: User, fileId: string, seconds = 15): UpdateBody {
  return {
    message: {
      ...fromUser(from),
      video_note: { file_id: fileId, file_unique_id: fileId, length: 384, duration: seconds },
    },
  } as UpdateBody;
}

/** A file sent as a document (a CSV, a PDF …). */
export function documentMessage(from: User, fileId: string, fileName: string, mimeType: string, fileSize?: number): UpdateBody {
  return {
    message: {
      ...fromUser(from),
      document: { file_id: fileId, file_unique_id: fileId, file_name: fileName, mime_type: mimeType, ...(fileSize === undefined ? {} : { file_size: fileSize }) },
    },
  } as UpdateBody;
}

/** A press on an inline button of a message the bot sent. */
export function callbackQuery(from: User, data: string, messageId: number, chat: Chat = privateChat(from)): UpdateBody {
  return {
    callback_query: {
      id: `cb-${messageCounter++}`,
      from,
      chat_instance: `instance-${chat.id}`,
      data,
      message: { message_id: messageId, date: now(), chat, from: { id: 123456789, is_bot: true, first_name: 'Jiashu' }, text: '' },
    },
  } as UpdateBody;
}

/** The bot being added to (or removed from) a chat. */
export function myChatMember(from: User, chat: Chat, status: 'member' | 'left' | 'kicked'): UpdateBody {
  const bot = { id: 123456789, is_bot: true, first_name: 'Jiashu' };
  return {
    my_chat_member: {
      chat,
      from,
      date: now(),
      old_chat_member: { user: bot, status: status === 'member' ? 'left' : 'member' },
      new_chat_member: { user: bot, status },
    },
  } as UpdateBody;
}
