import type { Logger } from '../logger.js';

/** What a rejection's reason may tell an operator without its message, which may quote a family's words. */
function describeReason(reason: unknown): Record<string, unknown> {
  if (!(reason instanceof Error)) return { kind: typeof reason };
  const code = (reason as { code?: unknown }).code;
  // The stack's first line repeats the message; the frames below it say where it came from.
  const frames = reason.stack?.split('\n').slice(1).join('\n');
  return { kind: reason.name, code: typeof code === 'string' || typeof code === 'number' ? code : undefined, stack: frames };
}

/**
 * Node ends the process on a promise rejection nobody handles: one missed `catch` in a rare
 * path would stop the bot for every school. This logs such a rejection at error level (its
 * kind, code and stack frames, never its message) and lets the process run on. Returns a
 * function that removes the handler again.
 */
export function surviveUnhandledRejections(logger: Logger, target: NodeJS.EventEmitter = process): () => void {
  const onRejection = (reason: unknown) => logger.error({ rejection: describeReason(reason) }, 'unhandled promise rejection; running on');
  target.on('unhandledRejection', onRejection);
  return () => void target.off('unhandledRejection', onRejection);
}
