import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Keeps what helps an operator (kind, message, code, stack) and drops what may hold a
 * family's words: grammY errors carry the whole request payload, message text included.
 */
function errorWithoutPayload(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const { name, stack } = err;
  const extra = err as { method?: unknown; error_code?: unknown; code?: unknown; meta?: { modelName?: unknown } };
  // Prisma's messages quote the query's arguments (names, phone numbers): keep only its code and model.
  const message = name.startsWith('PrismaClient') ? `${name} ${String(extra.code ?? '')} on ${String(extra.meta?.modelName ?? '?')}` : err.message;
  return { type: name, message, method: extra.method, error_code: extra.error_code, stack: name.startsWith('PrismaClient') ? undefined : stack };
}

/**
 * JSON log lines for the operator. Message text, names and phone numbers are never
 * logged at info level: log ids and kinds of things instead.
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'jiashu' }, serializers: { err: errorWithoutPayload } }, destination);
}
