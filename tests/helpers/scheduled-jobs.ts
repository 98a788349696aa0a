import { createDomain } from '../../src/domain/index.js';
import { loadTranslations } from '../../src/i18n/translator.js';
import { runCalendarJobs } from '../../src/jobs/calendar.js';
import { runDutyJobs } from '../../src/jobs/duties.js';
import { createLogger } from '../../src/logger.js';
import type { Harness } from './harness.js';

/** Runs the duty, no-contact and family-calendar jobs as the scheduler's tick would at `at`, with the harness's clock set there. */
export async function runDutyAndCalendarJobs(h: Harness, at: string): Promise<number> {
  h.now = Date.parse(at);
  const deps = { db: h.db, domain: createDomain(h.db, { clock: () => new Date(h.now) }), translations: await loadTranslations(), defaultLocale: 'zh-CN' as const, logger: createLogger('silent') };
  await runDutyJobs(deps, new Date(h.now));
  await runCalendarJobs(deps, new Date(h.now));
  return h.db.outboxMessage.count();
}
