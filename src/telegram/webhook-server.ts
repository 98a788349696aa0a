import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BotError, type Bot, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import { listen, type ListeningServer } from '../http/listen.js';
import type { Logger } from '../logger.js';

/** The update kinds the bot handles; Telegram sends no others. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
/** Telegram's updates are a few kilobytes; anything far larger is not one. */
const MAX_UPDATE_BYTES = 1 << 20;
/**
 * Telegram is answered when the update is handled or after this long, whichever comes
 * first; a slow update (a PDF, a CSV import) goes on in the background, so Telegram never
 * times out and re-sends it, and the chat's later updates still wait their turn behind it.
 */
const ANSWER_WITHIN_MS = 2_000;

export interface WebhookOptions<C extends Context> {
  bot: Bot<C>;
  /** The public URL registered with Telegram. */
  url: string;
  secret: string;
  port: number;
  /** The interface to listen on; every interface when undefined. */
  host?: string;
  logger: Logger;
  answerWithinMs?: number;
  /** Serves the requests that are not Telegram's posts (GET /healthz when the ports are shared). */
  otherRequests?: RequestListener;
}

/** The running webhook server. */
export interface WebhookServer {
  port: number;
  /** Stops taking updates and waits for those in hand to be handled. */
  close(): Promise<void>;
}

class RefusedRequest extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** 401 without the secret header, 403 with a wrong one; compared in constant time. */
function checkSecret(req: IncomingMessage, secret: string): void {
  const header = req.headers['x-telegram-bot-api-secret-token'];
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined) throw new RefusedRequest(401, 'no secret token');
  if (!timingSafeEqual(digest(given), digest(secret))) throw new RefusedRequest(403, 'wrong secret token');
}

/**
 * Reads the body, refusing one over MAX_UPDATE_BYTES as soon as it is known to be (from its
 * Content-Length, or once that many bytes came). The request stream is never destroyed
 * from here: the rest of a refused body is read and dropped, so the 413 still reaches the
 * sender and the socket stays the server's to close.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_UPDATE_BYTES) {
      reject(new RefusedRequest(413, 'body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_UPDATE_BYTES) return;
      size += chunk.length;
      if (size <= MAX_UPDATE_BYTES) chunks.push(chunk);
      else {
        chunks.length = 0;
        reject(new RefusedRequest(413, 'body too large'));
      }
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

async function readUpdate(req: IncomingMessage): Promise<Update> {
  const body = await readBody(req);
  let update: unknown;
  try {
    update = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RefusedRequest(400, 'body is not JSON');
  }
  if (typeof update !== 'object' || update === null || !Number.isSafeInteger((update as Update).update_id)) {
    throw new RefusedRequest(400, 'not an update');
  }
  return update as Update;
}

function settledWithin<T>(task: Promise<T>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void task.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Serves the bot as a webhook: listens on the port, then registers the URL with Telegram
 * together with the secret token that Telegram will send back with every post. Requests
 * without that token are refused and logged (never their bodies). Each update is handed to
 * the bot as it arrives; the bot's own middleware keeps each chat's updates in order and
 * skips a repeated update_id.
 */
export async function serveWebhook<C extends Context>(options: WebhookOptions<C>): Promise<WebhookServer> {
  const { bot, logger, secret } = options;
  const answerWithinMs = options.answerWithinMs ?? ANSWER_WITHIN_MS;
  const inHand = new Set<Promise<void>>();
  await bot.init();

  const handle = (update: Update): Promise<void> => {
    const task: Promise<void> = bot
      .handleUpdate(update)
      .catch(async (error: unknown) => {
        if (!(error instanceof BotError)) throw error;
        await bot.errorHandler(error as BotError<C>);
      })
      .catch((error: unknown) => logger.error({ err: error, update_id: update.update_id }, 'update failed'));
    inHand.add(task);
    void task.finally(() => inHand.delete(task));
    return task;
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      if (options.otherRequests) options.otherRequests(req, res);
      else res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    try {
      checkSecret(req, secret);
      const update = await readUpdate(req);
      await settledWithin(handle(update), answerWithinMs);
      res.writeHead(200).end();
    } catch (error) {
      if (!(error instanceof RefusedRequest)) {
        logger.warn({ err: error }, 'webhook request broke off');
        res.destroy();
        return;
      }
      logger.warn({ status: error.status, reason: error.message, remote: req.socket?.remoteAddress }, 'webhook request refused');
      req.resume();
      res.writeHead(error.status, { connection: 'close' }).end();
    }
  };
  // Whatever a request does, the server answers or drops it and runs on: nothing escapes as a rejection.
  const onRequest: RequestListener = (req, res) => {
    answer(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'webhook request failed');
      res.destroy();
    });
  };

  const server: ListeningServer = await listen(onRequest, options.port, options.host);
  try {
    await bot.api.setWebhook(options.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    port: server.port,
    close: () =>
      server.close(async () => {
        await Promise.all(inHand);
      }),
  };
}
