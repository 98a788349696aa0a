import type { Db } from '../db/client.js';
import { createFamilyCalendar } from './calendar.js';
import { createCalls } from './calls.js';
import { createCampaigns } from './campaigns.js';
import { createCheckIns } from './check-ins.js';
import { createChildImport } from './child-import.js';
import { createChildren } from './children.js';
import { createContacts } from './contacts.js';
import { createDuties } from './duties.js';
import { createFamilyMessages } from './family-messages.js';
import { createFamilyPhones } from './family-phones.js';
import { createKeptMessages } from './kept-messages.js';
import { createFamilyNotes } from './family-notes.js';
import { createPlannedVisits } from './planned-visits.js';
import { createInvites } from './invites.js';
import { createLetters } from './letters.js';
import { createLetterPrinting } from './letters-print.js';
import { createNoContact } from './no-contact.js';
import { systemClock, type Clock } from './clock.js';
import { createExports } from './exports.js';
import { createPrivacy } from './privacy.js';
import { createReports } from './reports.js';
import { createSafeguarding } from './safeguarding.js';
import { createSchoolCalendar } from './school-calendar.js';
import { createSchools } from './schools.js';
import { createStaff } from './staff.js';
import { createUpdates } from './updates.js';
import { createUsers } from './users.js';
import { createWeeklyNotes } from './weekly-notes.js';

export interface DomainOptions {
  clock?: Clock;
  /** Days an invitation stays valid. */
  inviteTtlDays?: number;
}

/**
 * The school's rules in one object, wired once in `main.ts` and reached from chat
 * handlers as `ctx.domain`. Nothing in here knows about Telegram.
 */
export function createDomain(db: Db, options: DomainOptions = {}) {
  const clock = options.clock ?? systemClock;
  return {
    clock,
    users: createUsers(db),
    schools: createSchools(db),
    staff: createStaff(db),
    children: createChildren(db, clock),
    childImport: createChildImport(db, clock),
    invites: createInvites(db, clock, options.inviteTtlDays ?? 14),
    privacy: createPrivacy(db, clock),
    updates: createUpdates(db, clock),
    weeklyNotes: createWeeklyNotes(db, clock),
    familyMessages: createFamilyMessages(db, clock),
    familyPhones: createFamilyPhones(db),
    keptMessages: createKeptMessages(db, clock),
    familyNotes: createFamilyNotes(db, clock),
    plannedVisits: createPlannedVisits(db, clock),
    letters: createLetters(db, clock),
    campaigns: createCampaigns(db, clock),
    calls: createCalls(db, clock),
    letterPrinting: createLetterPrinting(db),
    contacts: createContacts(db, clock),
    duties: createDuties(db),
    noContact: createNoContact(db),
    familyCalendar: createFamilyCalendar(db, clock),
    schoolCalendar: createSchoolCalendar(db, clock),
    checkIns: createCheckIns(db, clock),
    reports: createReports(db),
    exports: createExports(db),
    safeguarding: createSafeguarding(db, clock),
  };
}

export type Domain = ReturnType<typeof createDomain>;
