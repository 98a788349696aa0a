import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InlineKeyboardMarkup, Message, Update, UserFromGetMe } from 'grammy/types';

/** One Bot API call the bot made, as Telegram would have received it. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** Telegram's error description when the fake refused the call. */
  refused?: string;
  /** When the call arrived (Date.now()). */
  at?: number;
}

/** How strict the fake is about limits that real Telegram enforces. */
export interface FakeTelegramOptions {
  /** Accept at most this many sends (send* methods) in any second; others get 429 with retry_after. */
  rateLimit?: { perSecond: number; retryAfterSeconds?: number };
  /** Answers every call this many milliseconds after it arrived, as a distant server would (0 by default). */
  latencyMs?: number;
}

/** A message the bot has in a chat, as it looks now (after any edits). */
export interface ChatMessage {
  messageId: number;
  chatId: number;
  text?: string;
  caption?: string;
  kind: string;
  keyboard?: InlineKeyboardMarkup;
}

/** A file the bot uploaded (a document, a photo …), with its bytes. */
export interface Upload {
  method: string;
  filename: string;
  content: Buffer;
}

interface InjectedFailure {
  method: string;
  status: number;
  description: string;
  retryAfter?: number;
}

export const TEST_TOKEN = '123456789:TEST-token-for-the-fake-telegram-server';

export const testBotInfo: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: 'Jiashu',
  username: 'jiashu_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const MEDIA_METHODS: Record<string, string> = {
  sendPhoto: 'photo',
  sendVoice: 'voice',
  sendDocument: 'document',
  sendAudio: 'audio',
  sendVideo: 'video',
  sendVideoNote: 'video_note',
};
/** The calls that post a message into a chat, which Telegram's flood limits count. */
const SENDS = /^send(?!ChatAction)\w+$|^(copy|forward)Messages?$/;
const ALWAYS_TRUE = new Set([
  'answerCallbackQuery',
  'setMyCommands',
  'deleteMyCommands',
  'setWebhook',
  'deleteWebhook',
  'setChatMenuButton',
  'sendChatAction',
  'deleteMessage',
  'leaveChat',
  'close',
  'logOut',
]);

class BotApiError extends Error {
  constructor(readonly status: number, description: string, readonly retryAfter?: number) {
    super(description);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseField(value: string): unknown {
  if (!/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Reads multipart/form-data as grammY writes it for uploads (`filename=a.csv`, unquoted and
 * without spaces), which Node's own form parser refuses. A file comes back as its name and
 * size (its bytes go to `files`), also where another field points to it with `attach://`.
 */
function readMultipart(body: Buffer, type: string, files: Omit<Upload, 'method'>[]): Record<string, unknown> {
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  const fields: Record<string, unknown> = {};
  for (const part of body.toString('latin1').split(`--${boundary}`).slice(1, -1)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    const head = part.slice(0, headerEnd);
    const content = Buffer.from(part.slice(headerEnd + 4, -2), 'latin1');
    const name = /[;\s]name="?([^";\r\n]+)"?/i.exec(head)?.[1];
    const rawFilename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (!name) continue;
    if (rawFilename === undefined) {
      fields[name] = parseField(content.toString('utf8'));
      continue;
    }
    const filename = Buffer.from(rawFilename, 'latin1').toString('utf8');
    files.push({ filename, content });
    fields[name] = { filename, size: content.length };
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.startsWith('attach://')) fields[key] = fields[value.slice('attach://'.length)];
  }
  return fields;
}

/** Reads a Bot API request the way Telegram does: query string, JSON, form or multipart. */
async function readPayload(req: IncomingMessage, url: URL, files: Omit<Upload, 'method'>[]): Promise<Record<string, unknown>> {
  const payload: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  if (body.length === 0) return payload;
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return { ...payload, ...(JSON.parse(body.toString('utf8')) as object) };
  if (type.includes('multipart/form-data')) return { ...payload, ...readMultipart(body, type, files) };
  const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
  for (const [key, value] of form) {
    payload[key] = typeof value === 'string' ? parseField(value) : { filename: value.name, size: value.size };
  }
  return payload;
}

/**
 * A small Bot API server on 127.0.0.1 for tests: it records every call, answers like
 * Telegram (message ids per chat, 400 for a too long text, edits), serves `getUpdates`
 * with offsets and long polling, and can be told to fail a call.
 */
export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  /** Every file the bot uploaded, in order, with its bytes (calls record only name and size). */
  readonly uploads: Upload[] = [];
  private readonly messages = new Map<string, ChatMessage>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly failures: InjectedFailure[] = [];
  private readonly pendingUpdates: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  private nextUpdateId = 1;
  private server?: Server;
  private readonly blocked = new Map<number, string>();
  private readonly recentSends: number[] = [];
  private stalled?: { gate: Promise<void>; release: () => void };
  private latencyMs: number;

  constructor(private readonly options: FakeTelegramOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** The `apiRoot` to give grammY. */
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.pollers) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Makes the next call of `method` fail as Telegram would (400, 403, 429 with retry_after …). */
  failNext(method: string, status: number, description: string, retryAfter?: number): void {
    this.failures.push({ method, status, description, retryAfter });
  }

  /** Makes every send to this chat fail with 403, as for a person who blocked the bot. */
  block(chatId: number, description = 'Forbidden: bot was blocked by the user'): void {
    this.blocked.set(chatId, description);
  }

  /** Records calls but answers none until `resume()`, as a request in flight would hang. */
  stall(): void {
    if (this.stalled) return;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.stalled = { gate, release };
  }

  /** Answers the held calls and those to come. */
  resume(): void {
    this.stalled?.release();
    this.stalled = undefined;
  }

  /** From now on answers every call `ms` milliseconds after it arrived (0: at once). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Lets sends to a blocked chat through again. */
  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }

  /** Queues an update for `getUpdates`, numbering it; returns its update_id. */
  pushUpdate(update: Omit<Update, 'update_id'>): number {
    const full = { ...update, update_id: this.nextUpdateId++ } as Update;
    this.pendingUpdates.push(full);
    for (const wake of this.pollers) wake();
    return full.update_id;
  }

  /** Stores a file a user sends, so `getFile` and `GET /file/bot<token>/<path>` serve it. */
  addFile(fileId: string, content: Buffer | string, fileName: string): void {
    const extension = /\.\w+$/.exec(fileName)?.[0] ?? '';
    this.files.set(fileId, { path: `documents/file_${this.files.size + 1}${extension}`, content: Buffer.from(content) });
  }

  /** The size in bytes of a stored file, as Telegram tells it in the message. */
  fileSize(fileId: string): number | undefined {
    return this.files.get(fileId)?.content.length;
  }

  /** A fresh update id for updates handed to the bot directly. */
  takeUpdateId(): number {
    return this.nextUpdateId++;
  }

  /** The current state of a message the bot sent. */
  message(chatId: number, messageId: number): ChatMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** The newest message in the chat that shows inline buttons. */
  lastMessageWithButtons(chatId: number): ChatMessage | undefined {
    return [...this.messages.values()].filter((m) => m.chatId === chatId && m.keyboard).at(-1);
  }

  /** Resolves with the first recorded call that matches, waiting for it up to `timeoutMs`. */
  async waitForCall(match: (call: ApiCall) => boolean, timeoutMs = 5_000, from = 0): Promise<ApiCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching Bot API call within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const reply = (status: number, body: unknown) => {
      if (res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/file/')) return this.download(url.pathname, res);
    try {
      if (!match || match[1] !== TEST_TOKEN) throw new BotApiError(401, 'Unauthorized');
      const method = match[2]!;
      const files: Omit<Upload, 'method'>[] = [];
      const call: ApiCall = { method, payload: await readPayload(req, url, files), at: Date.now() };
      this.uploads.push(...files.map((file) => ({ method, ...file })));
      this.calls.push(call);
      if (this.stalled) await this.stalled.gate;
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      try {
        reply(200, { ok: true, result: await this.answer(method, call.payload, res) });
      } catch (error) {
        call.refused = error instanceof Error ? error.message : String(error);
        throw error;
      }
    } catch (error) {
      const failure = error instanceof BotApiError ? error : new BotApiError(500, `Internal Server Error: ${String(error)}`);
      reply(failure.status, {
        ok: false,
        error_code: failure.status,
        description: failure.message,
        ...(failure.retryAfter ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
  }

  private async answer(method: string, payload: Record<string, unknown>, res: ServerResponse): Promise<unknown> {
    const failureIndex = this.failures.findIndex((f) => f.method === method);
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      throw new BotApiError(failure!.status, failure!.description, failure!.retryAfter);
    }
    if (SENDS.test(method)) this.admitSend(Number(payload.chat_id));
    if (ALWAYS_TRUE.has(method)) return true;
    switch (method) {
      case 'getMe':
        return testBotInfo;
      case 'getUpdates':
        return this.updatesFrom(Number(payload.offset ?? 0), Number(payload.timeout ?? 0), res);
      case 'sendMessage':
        return this.store(payload, 'text');
      case 'sendMediaGroup':
        return (payload.media as { type: string; caption?: string }[]).map((item) =>
          this.store({ ...payload, caption: item.caption }, item.type),
        );
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup':
        return this.edit(method, payload);
      case 'getFile': {
        const file = this.files.get(String(payload.file_id));
        const stored = { file_size: file?.content.length ?? 1024, file_path: file?.path ?? 'files/file.bin' };
        return { file_id: payload.file_id, file_unique_id: `u-${String(payload.file_id)}`, ...stored };
      }
      default: {
        const kind = MEDIA_METHODS[method];
        if (kind) return this.store(payload, kind);
        throw new BotApiError(404, 'Not Found: method not found');
      }
    }
  }

  /** Refuses a send to a blocked chat (403) or beyond the rate limit over the last second (429). */
  private admitSend(chatId: number): void {
    const blocked = this.blocked.get(chatId);
    if (blocked !== undefined) throw new BotApiError(403, blocked);
    const limit = this.options.rateLimit;
    if (!limit) return;
    const now = Date.now();
    while (this.recentSends.length > 0 && this.recentSends[0]! <= now - 1000) this.recentSends.shift();
    if (this.recentSends.length >= limit.perSecond) {
      throw new BotApiError(429, `Too Many Requests: retry after ${limit.retryAfterSeconds ?? 1}`, limit.retryAfterSeconds ?? 1);
    }
    this.recentSends.push(now);
  }

  /** Serves a stored file as Telegram's file server does, at `/file/bot<token>/<file_path>`. */
  private download(pathname: string, res: ServerResponse): void {
    const prefix = `/file/bot${TEST_TOKEN}/`;
    const file = pathname.startsWith(prefix) ? [...this.files.values()].find((f) => f.path === pathname.slice(prefix.length)) : undefined;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length }).end(file.content);
  }

  private store(payload: Record<string, unknown>, kind: string): Message {
    const chatId = Number(payload.chat_id);
    if (!Number.isSafeInteger(chatId)) throw new BotApiError(400, 'Bad Request: chat not found');
    const text = kind === 'text' ? String(payload.text ?? '') : undefined;
    const caption = payload.caption === undefined ? undefined : String(payload.caption);
    if (text !== undefined && text.trim() === '') throw new BotApiError(400, 'Bad Request: message text is empty');
    if (text !== undefined && text.length > TEXT_LIMIT) throw new BotApiError(400, 'Bad Request: message is too long');
    if (caption !== undefined && caption.length > CAPTION_LIMIT) throw new BotApiError(400, 'Bad Request: message caption is too long');
    // Telegram silently drops a video note's caption; the fake refuses it, so a lost caption shows in tests.
    if (caption !== undefined && kind === 'video_note') throw new BotApiError(400, 'Bad Request: a video note has no caption');
    const messageId = (this.nextMessageId.get(chatId) ?? 1000) + 1;
    this.nextMessageId.set(chatId, messageId);
    const keyboard = (payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ? (payload.reply_markup as InlineKeyboardMarkup) : undefined;
    this.messages.set(`${chatId}:${messageId}`, { messageId, chatId, text, caption, kind, keyboard });
    const fileId = `file-${chatId}-${messageId}`;
    const media = kind === 'text' ? {} : { [kind]: kind === 'photo' ? [{ file_id: fileId, file_unique_id: fileId, width: 800, height: 600 }] : { file_id: fileId, file_unique_id: fileId } };
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId > 0 ? 'private' : 'group', first_name: 'User' },
      from: testBotInfo,
      ...(text !== undefined ? { text } : {}),
      ...(caption !== undefined ? { caption } : {}),
      ...(keyboard ? { reply_markup: keyboard } : {}),
      ...media,
    } as unknown as Message;
  }

  private edit(method: string, payload: Record<string, unknown>): Message {
    const chatId = Number(payload.chat_id);
    const existing = this.message(chatId, Number(payload.message_id));
    if (!existing) throw new BotApiError(400, 'Bad Request: message to edit not found');
    const keyboard = (payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ? (payload.reply_markup as InlineKeyboardMarkup) : undefined;
    const next = { ...existing, keyboard };
    if (method === 'editMessageText') next.text = String(payload.text ?? '');
    if (method === 'editMessageCaption') next.caption = String(payload.caption ?? '');
    if (next.text !== undefined && next.text.length > TEXT_LIMIT) throw new BotApiError(400, 'Bad Request: message is too long');
    this.messages.set(`${chatId}:${existing.messageId}`, next);
    return {
      message_id: next.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'User' },
      text: next.text,
    } as Message;
  }

  private async updatesFrom(offset: number, timeoutSeconds: number, res: ServerResponse): Promise<Update[]> {
    const confirmed = this.pendingUpdates.findIndex((u) => u.update_id >= offset);
    this.pendingUpdates.splice(0, confirmed < 0 ? this.pendingUpdates.length : confirmed);
    if (this.pendingUpdates.length > 0 || timeoutSeconds <= 0) return this.pendingUpdates.slice(0, 100);
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pollers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(timeoutSeconds, 5) * 1000);
      this.pollers.add(wake);
      res.once('close', wake);
    });
    return this.pendingUpdates.slice(0, 100);
  }
}
