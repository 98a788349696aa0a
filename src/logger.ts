import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Keeps what helps an operator (kind, message, code, stack) and drops what may hold a
 * family's words: grammY errors carry the whole request payload, message text included.
 */
function errorWithoutPayload(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { name, message, stack } = err;
  const extra = err as { method?: unknown; error_code?: unknown };
  return { type: name, message, method: extra.method, error_code: extra.error_code, stack };
}

/**
 * JSON log lines for the operator. Message text, names and phone numbers are never
 * logged at info level: log ids and kinds of things instead.
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'jiashu' }, serializers: { err: errorWithoutPayload } }, destination);
}
