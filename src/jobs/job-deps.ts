import type { Db } from '../db/client.js';
import type { Domain } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { RenderDeps } from '../notifications/recipient-language.js';

/** What every scheduled job works with; its own module, so the jobs share it without importing each other. */
export interface WeeklyCycleDeps extends RenderDeps {
  db: Db;
  domain: Domain;
  logger: Logger;
  /** Days after a child leaves the school before their messages and letters are deleted; 730 when absent. */
  retentionDays?: number;
}
