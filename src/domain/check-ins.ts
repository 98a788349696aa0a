import type { Db } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import { authorizeChild } from './access.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { instantOf, localTime } from './zoned-time.js';

/** How often a parent talked with their child this month. */
export const talkFrequencies = ['DAILY', 'WEEKLY', 'MONTHLY', 'RARELY'] as const;
export type TalkFrequency = (typeof talkFrequencies)[number];

/** The worries a parent may tick; none ticked means no worries. */
export const worryKinds = ['STUDY', 'HEALTH', 'MOOD', 'SAFETY'] as const;
export type Worry = (typeof worryKinds)[number];

/** A guardian at home's one answer: how the child is at home this month. */
export const atHomeAnswers = ['GOOD', 'OK', 'WORRIED'] as const;
export type AtHome = (typeof atHomeAnswers)[number];

/**
 * The questionnaire's steps in order; `done` once every question has an answer. A guardian
 * at home (a grandparent, role GUARDIAN) has one step instead: `atHome`.
 */
export type CheckInStep = 'talk' | 'worries' | 'home' | 'call' | 'atHome' | 'done';

/** Answering "when will you come home": this month and the five after it, or not sure. */
export const HOME_MONTHS = 6;
export const UNSURE = 'UNSURE';

/** The check-ins are asked on the first Saturday of the month at 10:00, school time. */
const ASK_MINUTE = 10 * 60;
const DAY_MS = 86_400_000;
/** Days after asking with no answer before the gentle reminder. */
export const REMIND_AFTER_MS = 3 * DAY_MS;
/** Days after asking with no answer before the paired teacher is asked to call. */
export const ESCALATE_AFTER_MS = 7 * DAY_MS;

/** Someone a message goes to, with what picks their language. */
export interface CheckInRecipient {
  userId: number;
  displayName: string;
  locale: string | null;
  languageCode: string | null;
}

/** One parent's check-in about one child, as messages about it need it. */
export interface CheckInView {
  id: number;
  month: string;
  childId: number;
  childName: string;
  parent: CheckInRecipient;
  relation: string | null;
  sentAt: Date;
  timezone: string;
  step: CheckInStep;
  /** A guardian at home, asked only how the child is at home. */
  atHomeForm: boolean;
}

/** A check-in with its answers, and the teachers who should read them. */
export interface CheckInSummary extends CheckInView {
  talkFrequency: TalkFrequency;
  worries: Worry[];
  comingHome: string;
  wantsCall: boolean;
  /** A guardian at home's answer; null for a parent. */
  atHome: AtHome | null;
  message: string | null;
  voiceFileId: string | null;
  /** Answered after the reminder was due. */
  late: boolean;
  /** The paired teacher, else the class teachers. */
  teachers: CheckInRecipient[];
}

/** An unanswered check-in whose reminder or escalation is due, with the teachers to ask. */
export interface OverdueCheckIn extends CheckInView {
  teachers: CheckInRecipient[];
}

const recipientFields = { id: true, displayName: true, locale: true, languageCode: true } as const;
const checkInInclude = {
  user: { select: recipientFields },
  child: { select: { name: true, classId: true, school: { select: { timezone: true } }, guardianLinks: { select: { userId: true, relation: true, role: true } } } },
} as const;

type CheckInRow = Prisma.CheckInGetPayload<{ include: typeof checkInInclude }>;
type Answers = Partial<Pick<CheckInRow, 'talkFrequency' | 'worries' | 'comingHome' | 'wantsCall' | 'atHome'>>;

function recipient(user: CheckInRow['user']): CheckInRecipient {
  return { userId: user.id, displayName: user.displayName, locale: user.locale, languageCode: user.languageCode };
}

/** Whether the check-in belongs to a guardian at home rather than a parent away. */
function isAtHomeForm(row: CheckInRow): boolean {
  return row.child.guardianLinks.find((link) => link.userId === row.userId)?.role === 'GUARDIAN';
}

function stepOf(row: CheckInRow): CheckInStep {
  if (isAtHomeForm(row)) return row.atHome === null ? 'atHome' : 'done';
  if (row.talkFrequency === null) return 'talk';
  if (row.worries === null) return 'worries';
  if (row.comingHome === null) return 'home';
  if (row.wantsCall === null) return 'call';
  return 'done';
}

function viewOf(row: CheckInRow): CheckInView {
  return {
    id: row.id,
    month: row.month,
    childId: row.childId,
    childName: row.child.name,
    parent: recipient(row.user),
    relation: row.child.guardianLinks.find((link) => link.userId === row.userId)?.relation ?? null,
    sentAt: row.sentAt,
    timezone: row.child.school.timezone,
    step: stepOf(row),
    atHomeForm: isAtHomeForm(row),
  };
}

function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The months a parent may say they come home in: the check-in's month and the five after it. */
export function homeMonths(month: string): string[] {
  const [year, first] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: HOME_MONTHS }, (_, i) => {
    const date = new Date(Date.UTC(year, first - 1 + i, 1));
    return monthKey(date.getUTCFullYear(), date.getUTCMonth() + 1);
  });
}

/**
 * The month running at `at` in the school's time zone and when its check-ins are due: the
 * Saturday of the month's first weekend at 10:00 local time.
 */
export function checkInMonth(timezone: string, at: Date): { month: string; dueAt: Date } {
  const local = localTime(at, timezone);
  const firstWeekday = new Date(Date.UTC(local.year, local.month - 1, 1)).getUTCDay();
  const saturday = 1 + ((6 - firstWeekday + 7) % 7);
  return { month: monthKey(local.year, local.month), dueAt: instantOf(local.year, local.month, saturday, ASK_MINUTE, timezone) };
}

/** Reads worries from the stored comma-separated list (empty for none). */
function worriesOf(stored: string | null): Worry[] {
  return (stored ?? '').split(',').filter((w): w is Worry => (worryKinds as readonly string[]).includes(w));
}

/**
 * The monthly check-in: created once per parent, child and month, answered step by step
 * (only by the parent it belongs to, late answers welcome), reminded on day 3 and handed to
 * the paired teacher on day 7. Returns data; the chat and notification layers word it.
 */
export function createCheckIns(db: Db, clock: Clock) {
  /** The paired teacher, else the class teachers of the child's class. */
  async function teachersOf(childId: number, classId: number | null): Promise<CheckInRecipient[]> {
    const pairing = await db.pairing.findUnique({ where: { childId }, select: { teacher: { select: recipientFields } } });
    if (pairing) return [recipient(pairing.teacher)];
    if (classId === null) return [];
    const rows = await db.membership.findMany({ where: { classId, role: 'TEACHER', classTeacher: true }, select: { user: { select: recipientFields } } });
    return rows.map((row) => recipient(row.user));
  }

  /** Loads a check-in for the parent it belongs to; anyone else (or a stale child link) is refused and audited. */
  async function ownCheckIn(actor: Actor, checkInId: number): Promise<CheckInRow> {
    const row = Number.isSafeInteger(checkInId) ? await db.checkIn.findUnique({ where: { id: checkInId }, include: checkInInclude }) : null;
    if (!row || row.userId !== actor.userId) {
      await recordAudit(db, actor, { action: 'access.refused', entity: 'CheckIn', entityId: Number.isSafeInteger(checkInId) ? checkInId : undefined, details: { attempted: 'answer' } });
      throw new DomainError('forbidden');
    }
    await authorizeChild(db, actor, row.childId, 'read');
    return row;
  }

  /** Saves one answer if the check-in is at that step; a repeated or out-of-turn press is refused. */
  async function answer(actor: Actor, checkInId: number, step: Exclude<CheckInStep, 'done'>, data: Answers): Promise<CheckInView> {
    const row = await ownCheckIn(actor, checkInId);
    if (stepOf(row) !== step) throw new DomainError('checkIn:answered');
    const updated: CheckInRow = { ...row, ...data };
    await db.checkIn.update({ where: { id: row.id }, data: { ...data, ...(stepOf(updated) === 'done' ? { answeredAt: clock() } : {}) } });
    return viewOf(updated);
  }

  async function summaryOf(row: CheckInRow): Promise<CheckInSummary> {
    return {
      ...viewOf(row),
      talkFrequency: row.talkFrequency as TalkFrequency,
      worries: worriesOf(row.worries),
      comingHome: row.comingHome ?? UNSURE,
      wantsCall: row.wantsCall ?? false,
      atHome: (atHomeAnswers as readonly string[]).includes(row.atHome ?? '') ? (row.atHome as AtHome) : null,
      message: row.message,
      voiceFileId: row.voiceFileId,
      late: row.answeredAt !== null && row.answeredAt.getTime() - row.sentAt.getTime() >= REMIND_AFTER_MS,
      teachers: await teachersOf(row.childId, row.child.classId),
    };
  }

  async function overdue(where: { remindedAt?: null; escalatedAt?: null }, before: Date): Promise<OverdueCheckIn[]> {
    const rows = await db.checkIn.findMany({ where: { ...where, answeredAt: null, sentAt: { lte: before }, child: { archivedAt: null } }, include: checkInInclude, orderBy: { id: 'asc' } });
    return Promise.all(rows.map(async (row) => ({ ...viewOf(row), teachers: await teachersOf(row.childId, row.child.classId) })));
  }

  return {
    /**
     * Creates this month's check-in for every parent and guardian at home linked to a child of
     * the school (not archived) that has none yet, and returns the month's unanswered check-ins of the
     * school, so a run that died half-way can queue what it did not.
     */
    async createForMonth(schoolId: number, month: string, now: Date): Promise<CheckInView[]> {
      const links = await db.guardianLink.findMany({ where: { role: { in: ['PARENT', 'GUARDIAN'] }, child: { schoolId, archivedAt: null } }, select: { userId: true, childId: true } });
      const existing = await db.checkIn.findMany({ where: { month, child: { schoolId } }, select: { userId: true, childId: true } });
      const have = new Set(existing.map((c) => `${c.userId}:${c.childId}`));
      const missing = links.filter((link) => !have.has(`${link.userId}:${link.childId}`));
      if (missing.length > 0) await db.checkIn.createMany({ data: missing.map((link) => ({ userId: link.userId, childId: link.childId, month, sentAt: now })) });
      const rows = await db.checkIn.findMany({ where: { month, answeredAt: null, child: { schoolId } }, include: checkInInclude, orderBy: { id: 'asc' } });
      return rows.map(viewOf);
    },

    /** The check-in as its parent sees it now, e.g. to show the question they stopped at. */
    async current(actor: Actor, checkInId: number): Promise<CheckInView> {
      return viewOf(await ownCheckIn(actor, checkInId));
    },

    /** Checks the parent may still answer the worries question (a toggle changes nothing stored). */
    async atWorries(actor: Actor, checkInId: number): Promise<CheckInView> {
      const row = await ownCheckIn(actor, checkInId);
      if (stepOf(row) !== 'worries') throw new DomainError('checkIn:answered');
      return viewOf(row);
    },

    /** First question: how often they talked with the child this month. */
    answerTalk(actor: Actor, checkInId: number, frequency: TalkFrequency): Promise<CheckInView> {
      return answer(actor, checkInId, 'talk', { talkFrequency: frequency });
    },

    /** Second question: the worries ticked (none is an answer too). */
    answerWorries(actor: Actor, checkInId: number, worries: readonly Worry[]): Promise<CheckInView> {
      return answer(actor, checkInId, 'worries', { worries: worryKinds.filter((w) => worries.includes(w)).join(',') });
    },

    /** Third question: the month they plan to come home in, or not sure. */
    async answerComingHome(actor: Actor, checkInId: number, comingHome: string): Promise<CheckInView> {
      const row = await ownCheckIn(actor, checkInId);
      if (comingHome !== UNSURE && !homeMonths(row.month).includes(comingHome)) throw new DomainError('forbidden');
      return answer(actor, checkInId, 'home', { comingHome });
    },

    /** Last question: whether they want the teacher to call. Completes the check-in and returns its summary. */
    async answerWantsCall(actor: Actor, checkInId: number, wantsCall: boolean): Promise<CheckInSummary> {
      await answer(actor, checkInId, 'call', { wantsCall });
      return summaryOf(await ownCheckIn(actor, checkInId));
    },

    /** A guardian at home's one question: how the child is at home. Completes the check-in and returns its summary. */
    async answerAtHome(actor: Actor, checkInId: number, atHome: AtHome): Promise<CheckInSummary> {
      if (!atHomeAnswers.includes(atHome)) throw new DomainError('forbidden');
      await answer(actor, checkInId, 'atHome', { atHome });
      return summaryOf(await ownCheckIn(actor, checkInId));
    },

    /**
     * The optional text or voice note after the questions, kept with the check-in and
     * returned with the teachers to pass it to; only one per check-in.
     */
    async addMessage(actor: Actor, checkInId: number, content: { text?: string; voiceFileId?: string }): Promise<CheckInSummary> {
      const row = await ownCheckIn(actor, checkInId);
      if (stepOf(row) !== 'done' || row.message !== null || row.voiceFileId !== null) throw new DomainError('checkIn:answered');
      const text = content.text?.trim();
      if (!text && !content.voiceFileId) throw new DomainError('invalid:required');
      if (text && text.length > 2000) throw new DomainError('invalid:tooLong');
      const data = { message: text ?? null, voiceFileId: content.voiceFileId ?? null };
      await db.checkIn.update({ where: { id: row.id }, data });
      return summaryOf({ ...row, ...data });
    },

    /** Unanswered check-ins asked 3 days ago or more and not yet reminded. */
    dueReminders(now: Date): Promise<OverdueCheckIn[]> {
      return overdue({ remindedAt: null }, new Date(now.getTime() - REMIND_AFTER_MS));
    },

    /** Unanswered check-ins asked 7 days ago or more whose teacher has not yet been asked to call. */
    dueEscalations(now: Date): Promise<OverdueCheckIn[]> {
      return overdue({ escalatedAt: null }, new Date(now.getTime() - ESCALATE_AFTER_MS));
    },

    /** Records that the reminders were queued, so they are not looked at again. */
    async markReminded(ids: readonly number[], now: Date): Promise<void> {
      await db.checkIn.updateMany({ where: { id: { in: [...ids] }, remindedAt: null }, data: { remindedAt: now } });
    },

    /** Records that the teachers were asked to call. */
    async markEscalated(ids: readonly number[], now: Date): Promise<void> {
      await db.checkIn.updateMany({ where: { id: { in: [...ids] }, escalatedAt: null }, data: { escalatedAt: now } });
    },
  };
}

export type CheckIns = ReturnType<typeof createCheckIns>;
