import { Writable } from 'node:stream';
import { Api, type Bot } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, User } from 'grammy/types';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createApp } from '../../src/app/index.js';
import { createDomain } from '../../src/domain/index.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { createLogger } from '../../src/logger.js';
import { createBot } from '../../src/telegram/bot.js';
import { runWeeklyCycle } from '../../src/jobs/weekly-cycle.js';
import { createOutboxWorker } from '../../src/delivery/worker.js';
import { createTelegramChannel } from '../../src/telegram/telegram-channel.js';
import type { BotContext } from '../../src/telegram/context.js';
import { freshDatabaseUrl } from './database.js';
import { FakeTelegram, TEST_TOKEN, testBotInfo, type ApiCall } from './fake-telegram.js';
import { Transcript } from './transcript.js';
import { callbackQuery, contactMessage, documentMessage, photoMessage, telegramUser, textMessage, videoMessage, videoNoteMessage, voiceMessage, type UpdateBody } from './updates.js';

/** What a user saw the bot do in answer to one of their actions. */
export interface BotReply {
  method: string;
  text?: string;
  /** Button labels, row by row. */
  buttons: string[][];
}

const SENDING = /^(send\w+|edit\w+|answerCallbackQuery)$/;

function buttonsOf(markup: unknown): string[][] {
  const keyboard = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? (markup as ReplyKeyboardMarkup | undefined)?.keyboard ?? [];
  return keyboard.map((row) => row.map((button) => (typeof button === 'string' ? button : button.text)));
}

/** Plays one person's side of a chat with the bot. */
export class TestUser {
  readonly from: User;

  constructor(
    private readonly harness: Harness,
    readonly name: string,
    id: number,
    languageCode?: string,
  ) {
    this.from = telegramUser(id, name, languageCode);
  }

  get id(): number {
    return this.from.id;
  }

  /** Sends a text (or a /command) and returns what the bot did in answer. */
  send(text: string): Promise<BotReply[]> {
    return this.deliver(text.length > 200 ? `(${text.length} characters of text)` : text, textMessage(this.from, text));
  }

  sendPhoto(fileId: string, caption?: string): Promise<BotReply[]> {
    return this.deliver(`(photo${caption ? `: ${caption}` : ''})`, photoMessage(this.from, fileId, caption));
  }

  /** Shares a contact card: by default their own, as the "share my number" button does. */
  sendContact(phoneNumber: string, userId: number | undefined = this.id): Promise<BotReply[]> {
    return this.deliver(`(shares the contact ${phoneNumber}${userId === this.id ? '' : ', not their own'})`, contactMessage(this.from, phoneNumber, userId));
  }

  sendVoice(fileId: string): Promise<BotReply[]> {
    return this.deliver('(voice note)', voiceMessage(this.from, fileId));
  }

  sendVideo(fileId: string, caption?: string): Promise<BotReply[]> {
    return this.deliver(`(video${caption ? `: ${caption}` : ''})`, videoMessage(this.from, fileId, caption));
  }

  sendVideoNote(fileId: string): Promise<BotReply[]> {
    return this.deliver('(video note)', videoNoteMessage(this.from, fileId));
  }

  /** Sends a file as a document; its size is the one given to `telegram.addFile`, if any. */
  sendDocument(fileId: string, fileName: string, mime: string, fileSize = this.harness.telegram.fileSize(fileId)): Promise<BotReply[]> {
    return this.deliver(`(document ${fileName})`, documentMessage(this.from, fileId, fileName, mime, fileSize));
  }

  /** Presses the button with this label on the newest message that has buttons. */
  press(label: string): Promise<BotReply[]> {
    const message = this.harness.telegram.lastMessageWithButtons(this.id);
    const button = message?.keyboard?.inline_keyboard.flat().find((b) => b.text === label);
    if (!message || !button || !('callback_data' in button)) {
      const shown = message?.keyboard?.inline_keyboard.flat().map((b) => b.text).join(', ') ?? 'none';
      throw new Error(`${this.name} sees no button "${label}" (buttons: ${shown})`);
    }
    return this.deliver(`presses [${label}]`, callbackQuery(this.from, button.callback_data, message.messageId));
  }

  /** Sends callback data of the caller's choosing, as a forged or stale button would. */
  pressData(data: string, messageId = 1): Promise<BotReply[]> {
    return this.deliver(`presses a button with data "${data}"`, callbackQuery(this.from, data, messageId));
  }

  private async deliver(action: string, update: UpdateBody): Promise<BotReply[]> {
    this.harness.transcript.user(this.name, action);
    return this.harness.deliver(update, this);
  }
}

/**
 * A bot wired as in production (domain, translations, conversations, error boundary) on a
 * fresh migrated database, talking to a fake Telegram over HTTP.
 */
export class Harness {
  readonly transcript = new Transcript();
  /** Every log line the bot wrote, at info level and above. */
  readonly logs: string[] = [];
  private readonly names = new Map<number, string>();
  bot!: Bot<BotContext>;
  /** The domain's clock: a fixed day, so transcripts do not change with the date; tests move it. */
  now = Date.parse('2026-12-01T02:00:00Z');

  private constructor(
    readonly db: Db,
    readonly telegram: FakeTelegram,
    private readonly translations: Translations,
    readonly databaseUrl: string,
  ) {}

  static async create(): Promise<Harness> {
    const databaseUrl = await freshDatabaseUrl();
    const harness = new Harness(
      await openDatabase(databaseUrl),
      await new FakeTelegram().start(),
      await loadTranslations(),
      databaseUrl,
    );
    harness.bot = harness.buildBot();
    return harness;
  }

  /** Moves the domain's clock forward, as time passing would. */
  advance(milliseconds: number): void {
    this.now += milliseconds;
  }

  /** A person writing to the bot; `languageCode` is their Telegram app's language. */
  user(name: string, id: number, languageCode?: string): TestUser {
    this.names.set(id, name);
    return new TestUser(this, name, id, languageCode);
  }

  /**
   * Sends what is due in the outbox through the real worker and Telegram channel to the
   * fake Telegram, at the harness's time, and writes what each person received into the transcript.
   */
  async deliverOutbox(): Promise<ApiCall[]> {
    const before = this.telegram.calls.length;
    const worker = createOutboxWorker({
      db: this.db,
      channel: createTelegramChannel(new Api(TEST_TOKEN, { apiRoot: this.telegram.url })),
      logger: this.logger(),
      clock: () => new Date(this.now),
      ratePerSecond: 1000,
      perChatIntervalMs: 0,
      defaultTimezone: 'Asia/Shanghai',
      // One at a time, so a transcript has one order; sending in parallel is tested in tests/delivery.
      maxInFlight: 1,
    });
    await worker.runOnce();
    const sent = this.telegram.calls.slice(before).filter((call) => SENDING.test(call.method));
    for (const call of sent) {
      const name = this.names.get(Number(call.payload.chat_id)) ?? String(call.payload.chat_id);
      const kind = call.method === 'sendMessage' ? '' : `(${call.method.replace(/^send/, '').toLowerCase()}) `;
      const text = (call.payload.text ?? call.payload.caption ?? '') as string;
      this.transcript.bot(`outbox → ${name}: ${kind}`, text, call.payload.reply_markup as InlineKeyboardMarkup);
    }
    return sent;
  }

  /** Replaces the bot with a new instance on the same database, as a restart would. */
  restart(): void {
    this.transcript.note('the bot restarts');
    this.bot = this.buildBot();
  }

  /** Hands an update to the bot and returns what it did in that user's chat. */
  async deliver(update: UpdateBody, user: TestUser): Promise<BotReply[]> {
    const before = this.telegram.calls.length;
    await this.bot.handleUpdate({ ...update, update_id: this.telegram.takeUpdateId() } as Parameters<Bot['handleUpdate']>[0]);
    const calls = this.telegram.calls.slice(before).filter((call) => this.isReplyTo(call, user));
    return calls.map((call) => this.record(call));
  }

  /** Bot API calls made so far with this method. */
  callsOf(method: string): ApiCall[] {
    return this.telegram.calls.filter((call) => call.method === method);
  }

  async close(): Promise<void> {
    await this.telegram.stop();
    await this.db.$disconnect();
  }

  /** A second connection to the same database file, as another process would have. */
  async openSameDatabase(): Promise<Db> {
    return openDatabase(this.databaseUrl);
  }

  /** Runs the scheduled weekly work (notes, reminders, drafts) as the scheduler would at `at`. */
  async runWeeklyCycle(at: Date): Promise<void> {
    this.now = at.getTime();
    await runWeeklyCycle(this.jobDeps(), at);
  }

  /** What the scheduled jobs need, wired as in production on the harness's database and clock. */
  jobDeps() {
    return { db: this.db, domain: this.domain(), translations: this.translations, defaultLocale: 'zh-CN' as const, logger: this.logger() };
  }

  private domain() {
    return createDomain(this.db, this.domainOptions());
  }

  /** The users' actions as the bot runs them, on the harness's database and clock. */
  app() {
    return createApp({ db: this.db, domainOptions: this.domainOptions(), translations: this.translations, defaultLocale: 'zh-CN' });
  }

  private domainOptions() {
    return { clock: () => new Date(this.now) };
  }

  private logger() {
    const sink = new Writable({
      write: (chunk, _encoding, done) => {
        this.logs.push(String(chunk));
        done();
      },
    });
    return createLogger('info', sink);
  }

  private buildBot(): Bot<BotContext> {
    return createBot({
      token: TEST_TOKEN,
      apiRoot: this.telegram.url,
      botInfo: testBotInfo,
      db: this.db,
      domain: this.domain(),
      app: this.app(),
      translations: this.translations,
      logger: this.logger(),
      defaultLocale: 'zh-CN',
    });
  }

  private isReplyTo(call: ApiCall, user: TestUser): boolean {
    if (!SENDING.test(call.method)) return false;
    return call.method === 'answerCallbackQuery' || Number(call.payload.chat_id) === user.id;
  }

  private record(call: ApiCall): BotReply {
    const { method, payload, refused } = call;
    const text = (payload.text ?? payload.caption) as string | undefined;
    const reply = { method, text, buttons: buttonsOf(payload.reply_markup) };
    if (method === 'answerCallbackQuery') {
      if (text) this.transcript.bot('bot (toast): ', text);
    } else if (method === 'editMessageReplyMarkup' && buttonsOf(payload.reply_markup).length === 0) {
      this.transcript.bot('bot removes the buttons', '');
    } else if (method.startsWith('edit')) {
      this.transcript.bot('bot edits: ', text, payload.reply_markup as InlineKeyboardMarkup);
    } else {
      const kind = method === 'sendMessage' ? '' : `(${method.replace(/^send/, '').toLowerCase()}) `;
      this.transcript.bot(`bot: ${kind}`, text, payload.reply_markup as InlineKeyboardMarkup);
      if (refused) this.transcript.note(`Telegram refused the message above: ${refused}`);
    }
    return reply;
  }
}
