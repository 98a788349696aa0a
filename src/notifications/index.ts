import type { Db } from '../db/client.js';
import type { FamilyMessageView } from '../domain/family-messages.js';
import type { SavedUpdate } from '../domain/updates.js';
import { createCheckInNotifications } from './check-ins.js';
import { queueConcernNotices } from './concern.js';
import { queueFamilyMessage } from './family-message.js';
import { queueFamilyNote } from './family-notes.js';
import { createHomeVisitNotifications } from './home-visits.js';
import type { FamilyNote } from '../domain/family-notes.js';
import { createLetterNotifications } from './letters.js';
import type { RenderDeps } from './recipient-language.js';
import { queueAlertRaised, queueParentsNotice } from './safeguarding.js';
import { queueCallBackRequest } from './call-back.js';
import type { CallBackTarget } from '../domain/family-phones.js';
import type { AlertView, RaisedAlert } from '../domain/safeguarding.js';
import type { Recipient } from '../domain/duties.js';

/**
 * Messages that go to other people than the one acting, put into each reader's language
 * and queued in the outbox. Chat handlers reach it as `ctx.notifications`.
 */
export function createNotifications(deps: RenderDeps & { db: Db }) {
  return {
    /** A family member's message to the class teachers, or a teacher's reply to the family. */
    familyMessage: (message: FamilyMessageView, direction: 'toTeachers' | 'toFamily', now: Date) => queueFamilyMessage(deps, message, direction, now),
    /** A paired teacher's note, semester letter or introduction to the child's family. */
    familyNote: (note: FamilyNote, now: Date) => queueFamilyNote(deps, note, now),
    /** Planned home visits: the notice to the guardians at home, their answer to the teacher. */
    homeVisits: createHomeVisitNotifications(deps),
    /** A concern: to each child's parents and guardians, and a follow-up request to the paired (or class) teacher. */
    concern: (update: SavedUpdate, now: Date) => queueConcernNotices(deps, update, now),
    /** Letters: read receipts, held letters, the child's replies and campaign invitations. */
    letters: createLetterNotifications(deps),
    /** Monthly check-ins: the questions, reminders, the teacher's summary and calls asked for. */
    checkIns: createCheckInNotifications(deps),
    /** A safeguarding alert: to the school's admins (else a fallback the domain chose) at once, urgent. */
    alertRaised: (alert: RaisedAlert, now: Date) => queueAlertRaised(deps, alert, now),
    /** "Notify the parents" on an alert card: an urgent, calm message to the child's family. */
    alertParents: (alert: AlertView, parents: readonly Recipient[], now: Date) => queueParentsNotice(deps, alert, parents, now),
    /** Staff ask a family member with no number to call back or leave one, once a day per asker. */
    callBack: (target: CallBackTarget, now: Date) => queueCallBackRequest(deps, target, now),
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
