import { closeInterruptedImport, findInterruptedImports } from '../domain/import-runs.js';
import { queueImportInterrupted } from '../notifications/child-import.js';
import type { WeeklyCycleDeps } from './job-deps.js';

/**
 * At start-up, before updates are taken: every CSV import the previous process started and
 * never ended (it stopped during it) gets its teacher a message through the outbox, and is
 * then closed, so the next start tells nothing again. A failure is logged, never stops the
 * bot. Returns how many imports were found interrupted.
 */
export async function tellOfInterruptedImports(deps: Pick<WeeklyCycleDeps, 'db' | 'translations' | 'defaultLocale' | 'logger'>, now: Date): Promise<number> {
  try {
    const interrupted = await findInterruptedImports(deps.db, now);
    for (const item of interrupted) {
      await queueImportInterrupted(deps, item, now);
      await closeInterruptedImport(deps.db, item, now);
    }
    if (interrupted.length > 0) deps.logger.info({ imports: interrupted.length }, 'interrupted imports told to their teachers');
    return interrupted.length;
  } catch (error) {
    deps.logger.error({ err: error }, 'could not check for interrupted imports');
    return 0;
  }
}
