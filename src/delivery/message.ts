/** A button under a message: its label and the callback data it sends back. */
export interface OutgoingButton {
  text: string;
  data: string;
}

/**
 * One rendered message as a channel sends it, in one call: the outbox stores it as JSON.
 * Media are referred to by the channel's file ids, so nothing is downloaded to re-send;
 * a file the bot made itself (a chart) is kept in OutboxFile until the channel has it.
 */
export type OutgoingMessage =
  | { kind: 'text'; text: string; buttons?: OutgoingButton[][] }
  | { kind: 'photo'; fileId: string; caption?: string; buttons?: OutgoingButton[][] }
  | { kind: 'voice'; fileId: string; caption?: string; buttons?: OutgoingButton[][] }
  | { kind: 'video'; fileId: string; caption?: string; buttons?: OutgoingButton[][] }
  /** A round video note: Telegram gives it no caption, so a caption follows as a text message. */
  | { kind: 'videoNote'; fileId: string; caption?: string; buttons?: OutgoingButton[][] }
  | { kind: 'album'; photos: { fileId: string; caption?: string }[] }
  /** A photo the outbox keeps itself (a report chart, OutboxFile): uploaded once, then sent by the channel's file id. */
  | { kind: 'storedPhoto'; outboxFileId: number; caption?: string; buttons?: OutgoingButton[][] };

/** A file's bytes, for a channel that does not have the file yet. */
export interface FileUpload {
  bytes: Uint8Array;
  filename: string;
}

/**
 * What the worker hands a channel: the stored message, with a stored photo resolved to the
 * channel's file id or, while the channel has never had it, to its bytes.
 */
export type ChannelMessage =
  | Exclude<OutgoingMessage, { kind: 'storedPhoto' }>
  | { kind: 'photoUpload'; upload: FileUpload; caption?: string; buttons?: OutgoingButton[][] };

/** What a channel answers for a sent message. */
export interface ChannelReceipt {
  /** The channel's id of the sent message. */
  messageId: string;
  /** For an upload: the channel's id of the file, to send it by from now on. */
  uploadedFileId?: string;
}

/** How a send failed, as far as the outbox worker needs to know. */
export type ChannelFailure =
  /** Too many messages: try again after this many seconds. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** The person blocked the bot or the account is gone: do not try again. */
  | { kind: 'unreachable'; reason: string }
  /** A network error or a server error: try again later. */
  | { kind: 'transient'; reason: string }
  /** The channel refused this message as it is: trying again will not help. */
  | { kind: 'rejected'; reason: string };

/** Thrown by a channel when a send fails; `failure` says what the worker should do. */
export class ChannelError extends Error {
  constructor(readonly failure: ChannelFailure) {
    super(failure.kind === 'rate-limited' ? `rate limited for ${failure.retryAfterSeconds}s` : `${failure.kind}: ${failure.reason}`);
    this.name = 'ChannelError';
  }
}

/** A way to reach people (Telegram now; WeCom or SMS later). */
export interface Channel {
  /** The name recipients' accounts carry for this channel (`ChannelAccount.channel`): "telegram". */
  readonly name: string;
  /** Sends one message to one address. */
  send(address: string, message: ChannelMessage): Promise<ChannelReceipt>;
}
