import { performance } from 'node:perf_hooks';

/**
 * A sleep that `wake()` cuts short, so stopping the worker never waits out a pause.
 * Resolves true when the full time passed, false when woken.
 */
export class Sleeper {
  private readonly waiting = new Set<() => void>();

  /** Waits `ms` milliseconds, or less if woken. */
  sleep(ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (full: boolean) => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve(full);
      };
      const wake = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      this.waiting.add(wake);
    });
  }

  /** Ends every sleep now. */
  wake(): void {
    for (const wake of [...this.waiting]) wake();
  }
}

/**
 * How fast the worker may send, on a monotonic clock (the injected wall clock may stand still
 * in tests): a global token bucket holding one token, refilled `ratePerSecond` times a second,
 * so sends start at least 1/rate apart and no second ever holds more than the rate, however
 * many are in flight together (the worker checks `waitFor` and calls `take` with nothing in
 * between that could let another send start); at most one message per chat every
 * `perChatIntervalMs`; and a pause for everyone after a 429.
 */
export class Pacer {
  private readonly spacingMs: number;
  private nextGlobalAt = 0;
  private pausedUntil = 0;
  private readonly lastSendToChat = new Map<number, number>();

  constructor(
    ratePerSecond: number,
    private readonly perChatIntervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be more than 0');
    this.spacingMs = 1000 / ratePerSecond;
  }

  /** Milliseconds until the next send to this chat may start (0: now). */
  waitFor(chat: number): number {
    const now = this.now();
    const chatReadyAt = (this.lastSendToChat.get(chat) ?? -Infinity) + this.perChatIntervalMs;
    return Math.max(0, this.nextGlobalAt - now, this.pausedUntil - now, chatReadyAt - now);
  }

  /** Milliseconds until this chat's own interval has passed, ignoring the global limits. */
  chatWait(chat: number): number {
    return Math.max(0, (this.lastSendToChat.get(chat) ?? -Infinity) + this.perChatIntervalMs - this.now());
  }

  /** Takes the token for a send to this chat starting now. */
  take(chat: number): void {
    const now = this.now();
    this.nextGlobalAt = Math.max(now, this.nextGlobalAt) + this.spacingMs;
    this.lastSendToChat.set(chat, now);
    if (this.lastSendToChat.size > 10_000) this.forgetIdleChats(now);
  }

  /** Holds every send for this long (Telegram's retry_after). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private forgetIdleChats(now: number): void {
    for (const [chat, at] of this.lastSendToChat) {
      if (at + this.perChatIntervalMs <= now) this.lastSendToChat.delete(chat);
    }
  }
}
