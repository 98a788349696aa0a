import type { Db } from '../db/client.js';
import { queueMessages } from '../delivery/outbox.js';
import type { InterruptedImport } from '../domain/import-runs.js';
import { callTime } from '../i18n/call-time.js';
import { translatorForRecipient, type RenderDeps } from './recipient-language.js';

/**
 * Tells a teacher, in their language, that the import of the file they sent did not finish
 * because the bot restarted and nothing of it was saved: queued under
 * `child-import-interrupted:<importId>`, so queuing it again (a crash before the import is
 * closed) sends nothing twice. Returns how many messages were newly queued.
 */
export async function queueImportInterrupted(deps: RenderDeps & { db: Db }, interrupted: InterruptedImport, now: Date): Promise<number> {
  const { teacher } = interrupted;
  if (!teacher) return 0;
  const t = translatorForRecipient(deps, teacher);
  const file = interrupted.fileName ? t('childImport.namedFile', { name: interrupted.fileName }) : t('childImport.unnamedFile');
  const text = t('childImport.interrupted', { file, when: callTime(t, interrupted.startedAt, teacher.timezone) });
  return queueMessages(deps.db, [{ idempotencyKey: `child-import-interrupted:${interrupted.importId}`, recipientId: teacher.id, message: { kind: 'text', text } }], now);
}
