import type { Db } from '../db/client.js';
import { systemClock } from '../domain/clock.js';
import { createDomain, type DomainOptions } from '../domain/index.js';
import { createNotifications } from '../notifications/index.js';
import type { RenderDeps } from '../notifications/recipient-language.js';
import { createCallUseCases } from './calls.js';
import { createCheckInUseCases } from './check-ins.js';
import { createChildUseCases } from './children.js';
import { createContactUseCases } from './contacts.js';
import { createExportUseCases } from './exports.js';
import { createFamilyMessageUseCases } from './family-messages.js';
import { createImportUseCases } from './imports.js';
import { createInviteUseCases } from './invites.js';
import { createLetterUseCases } from './letters.js';
import { createMyDataUseCases } from './my-data.js';
import { createReportUseCases } from './reports.js';
import { createSafeguardingUseCases } from './safeguarding.js';
import { createSchoolAdminUseCases } from './school-admin.js';
import { createSettingsUseCases } from './settings.js';
import { runInTransaction } from './transaction.js';
import type { InTransaction } from './unit.js';
import { createUpdateUseCases } from './updates.js';
import { createWeeklyNoteUseCases } from './weekly-notes.js';

export interface AppDeps extends RenderDeps {
  db: Db;
  /** The same options the domain was made with (its clock above all). */
  domainOptions?: DomainOptions;
}

/**
 * The users' actions, each one transaction: its domain change and the messages it queues
 * for other people are kept together or not at all, so a crash between them loses nothing.
 * Each answers in words and choices (`Reply`), for any channel to say, with the data its
 * caller needs. Chat handlers reach it as `ctx.app`.
 */
export function createApp(deps: AppDeps) {
  const inTransaction: InTransaction = (work) =>
    runInTransaction(deps.db, (db) => {
      const domain = createDomain(db, deps.domainOptions);
      const notifications = createNotifications({ db, translations: deps.translations, defaultLocale: deps.defaultLocale });
      return work({ domain, notifications, now: domain.clock() });
    });
  return {
    letters: createLetterUseCases(inTransaction),
    invites: createInviteUseCases(inTransaction),
    updates: createUpdateUseCases(inTransaction),
    checkIns: createCheckInUseCases(inTransaction),
    calls: createCallUseCases(inTransaction),
    contacts: createContactUseCases(inTransaction),
    safeguarding: createSafeguardingUseCases(inTransaction),
    familyMessages: createFamilyMessageUseCases(inTransaction),
    schoolAdmin: createSchoolAdminUseCases(inTransaction),
    settings: createSettingsUseCases(inTransaction),
    children: createChildUseCases(inTransaction),
    weeklyNotes: createWeeklyNoteUseCases(inTransaction),
    imports: createImportUseCases(inTransaction, createDomain(deps.db, deps.domainOptions).childImport),
    myData: createMyDataUseCases(inTransaction, deps.translations),
    exports: createExportUseCases(inTransaction, deps.translations),
    reports: createReportUseCases(inTransaction),
    /** The injected clock, for a channel checking answers against it as they come (a birth date not in the future). */
    clock: deps.domainOptions?.clock ?? systemClock,
  };
}

export type App = ReturnType<typeof createApp>;
