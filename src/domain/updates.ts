import type { Db } from '../db/client.js';
import { UpdateCategory } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, childActions, loadScope, readableChildren, readsAsFamilyOnly, type ChildAction, type Scope } from './access.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { currentSchoolWeek } from './school-week.js';

/** The growth record's categories, in the order pickers show them. */
export const updateCategories: readonly UpdateCategory[] = Object.values(UpdateCategory);

/** How a paired teacher followed up a concern. */
export const followUpKinds = ['CALL', 'VISIT', 'TALK'] as const;
export type FollowUpKind = (typeof followUpKinds)[number];

/** A photo, voice note, video or round video note of an update, by the channel's file id. */
export interface UpdateMediaItem {
  kind: 'photo' | 'voice' | 'video' | 'video_note';
  fileId: string;
}

/** Whom an update is about: some children, or every child of a class. */
export type UpdateTarget = { childIds: number[] } | { classId: number };

/** A new update as the author gives it. */
export interface NewUpdate {
  target: UpdateTarget;
  category: UpdateCategory;
  text: string | null;
  media: UpdateMediaItem[];
  concern: boolean;
  /** May break quiet hours; only for a concern. */
  urgent: boolean;
}

/** Someone a message about an update goes to, with what is needed to speak their language. */
export interface Recipient {
  userId: number;
  displayName: string;
  locale: string | null;
  languageCode: string | null;
}

/** One child of a concern: the parents and guardians to tell, and the teacher to follow up. */
export interface ConcernChild {
  childId: number;
  childName: string;
  guardians: Recipient[];
  /** The paired teacher, else the class teacher; null when the child has neither. */
  followUpBy: Recipient | null;
}

/** A child an update is about. */
export interface UpdateChildView {
  id: number;
  name: string;
}

/** An update as its author sees it. Instants are ISO 8601 in UTC. */
export interface UpdateView {
  id: number;
  category: UpdateCategory;
  text: string | null;
  media: UpdateMediaItem[];
  concern: boolean;
  urgent: boolean;
  createdAt: string;
  editedAt: string | null;
  /** The school's time zone, to show times as the school's clocks do. */
  timezone: string;
  children: UpdateChildView[];
}

/** A saved update, with whom to tell when it is a concern (empty otherwise). */
export interface SavedUpdate extends UpdateView {
  authorName: string;
  concernChildren: ConcernChild[];
}

/** A child to offer in the picker. */
export interface ChildChoice {
  id: number;
  name: string;
  className: string | null;
}

/** The picker's choices: children (recently updated first) and the classes taught. */
export interface TargetChoices {
  children: ChildChoice[];
  classes: { id: number; name: string }[];
}

/** What a checked target is: its children and, for a whole class, the class's name. */
export interface CheckedTarget {
  schoolId: number;
  children: UpdateChildView[];
  className: string | null;
}

/** One line of a child's growth record. */
export interface RecordEntry {
  id: number;
  category: UpdateCategory;
  text: string | null;
  media: UpdateMediaItem[];
  concern: boolean;
  createdAt: string;
  authorName: string;
  followUps: { kind: FollowUpKind; by: string; at: string }[];
}

/** One page of a child's growth record, newest first, and where it stands in the whole record. */
export interface GrowthRecord {
  childName: string;
  timezone: string;
  entries: RecordEntry[];
  /** The page shown, counted from 0 (the newest updates). */
  page: number;
  /** How many pages the whole record has; at least 1. */
  pages: number;
  /** How many updates the whole record has. */
  total: number;
}

/** Updates on one page of a growth record: a school year's record (about 200) is some twenty pages. */
export const RECORD_PAGE_SIZE = 10;

const EDIT_WINDOW_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 4000;
const MAX_MEDIA = 10;
const MEDIA_KINDS: readonly string[] = ['photo', 'voice', 'video', 'video_note'];
const PICKER_SIZE = 8;
const RECENT_UPDATES_SCANNED = 50;

const recipientSelect = { id: true, displayName: true, locale: true, languageCode: true } as const;
const viewInclude = {
  media: { orderBy: { position: 'asc' } },
  children: { include: { child: { select: { id: true, name: true } } }, orderBy: { childId: 'asc' } },
} as const;

type RecipientRow = { id: number; displayName: string; locale: string | null; languageCode: string | null };
type ViewRow = {
  id: number;
  category: UpdateCategory;
  text: string | null;
  concern: boolean;
  urgent: boolean;
  createdAt: Date;
  editedAt: Date | null;
  media: { kind: string; fileId: string }[];
  children: { child: { id: number; name: string } }[];
};

function toRecipient(row: RecipientRow): Recipient {
  return { userId: row.id, displayName: row.displayName, locale: row.locale, languageCode: row.languageCode };
}

function toMedia(rows: { kind: string; fileId: string }[]): UpdateMediaItem[] {
  return rows.map((row) => ({ kind: row.kind as UpdateMediaItem['kind'], fileId: row.fileId }));
}

function toView(row: ViewRow, timezone: string): UpdateView {
  return {
    id: row.id,
    category: row.category,
    text: row.text,
    media: toMedia(row.media),
    concern: row.concern,
    urgent: row.urgent,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    timezone,
    children: row.children.map((link) => link.child),
  };
}

/** The outbox key of one part of a concern's message to one person, so an edit can tell whether parents were sent it. */
export function concernMessageKey(updateId: number, userId: number, part: string): string {
  return `concern:${updateId}:${userId}:${part}`;
}

/** Narrows untrusted input (callback data) to a category. */
export function isUpdateCategory(value: unknown): value is UpdateCategory {
  return (updateCategories as readonly unknown[]).includes(value);
}

/** The text as kept: trimmed, null when empty; too long is refused. */
function checkedText(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed.length > MAX_TEXT) throw new DomainError('invalid:tooLong');
  return trimmed === '' ? null : trimmed;
}

/** Quick updates: the growth record's lines, their 24-hour edit window, concerns and their follow-ups. */
export function createUpdates(db: Db, clock: Clock) {
  /** Writes the refusal to the audit log and throws `forbidden`. */
  async function refuse(actor: Actor, entity: string, entityId: number, attempted: string): Promise<never> {
    await recordAudit(db, actor, {
      action: 'access.refused',
      entity,
      entityId: Number.isSafeInteger(entityId) ? entityId : undefined,
      details: { attempted },
    });
    throw new DomainError('forbidden');
  }

  /** Checks one action on several children with one scope load; refuses (audited) on the first that fails. */
  async function authorizeChildren(actor: Actor, childIds: readonly number[], action: ChildAction) {
    const scope = await loadScope(db, actor);
    const rows = await db.child.findMany({ where: { id: { in: childIds.filter(Number.isSafeInteger) } } });
    for (const id of childIds) {
      const child = rows.find((row) => row.id === id);
      if (!child || !childActions(scope, child).has(action)) await refuse(actor, 'Child', id, action);
    }
    return rows;
  }

  async function checkTarget(actor: Actor, target: UpdateTarget): Promise<CheckedTarget> {
    if ('classId' in target) {
      const found = Number.isSafeInteger(target.classId) ? await db.class.findUnique({ where: { id: target.classId } }) : null;
      const scope = await loadScope(db, actor);
      const allowed = found && (scope.adminOf.has(found.schoolId) || scope.teaches.get(found.id)?.schoolId === found.schoolId);
      if (!found || !allowed) return refuse(actor, 'Class', target.classId, 'update');
      const children = await db.child.findMany({
        where: { classId: found.id, archivedAt: null },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
      });
      if (children.length === 0) throw new DomainError('noChildren');
      return { schoolId: found.schoolId, children, className: found.name };
    }
    const ids = [...new Set(target.childIds)];
    if (ids.length === 0) throw new DomainError('invalid:required');
    const rows = await authorizeChildren(actor, ids, 'edit');
    if (rows.some((row) => row.archivedAt)) throw new DomainError('archived');
    if (new Set(rows.map((row) => row.schoolId)).size > 1) throw new DomainError('forbidden');
    return { schoolId: rows[0]!.schoolId, children: rows.map((row) => ({ id: row.id, name: row.name })), className: null };
  }

  async function timezoneOf(schoolId: number): Promise<string> {
    return (await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timezone: true } })).timezone;
  }

  /**
   * Whether the families already hold the update's words, which an edit cannot reach: a
   * concern queued to one of the children's parents, or a weekly note of its week sent.
   */
  async function alreadyWithFamilies(row: { id: number; concern: boolean; createdAt: Date; schoolId: number; children: { childId: number }[] }): Promise<boolean> {
    const childIds = row.children.map((link) => link.childId);
    if (row.concern) {
      const guardians = await db.guardianLink.findMany({ where: { childId: { in: childIds } }, select: { userId: true } });
      const keys = guardians.map((guardian) => concernMessageKey(row.id, guardian.userId, 'text'));
      return (await db.outboxMessage.count({ where: { idempotencyKey: { in: keys } } })) > 0;
    }
    const school = await db.school.findUniqueOrThrow({ where: { id: row.schoolId }, select: { timezone: true, weekEndDay: true, weekEndMinute: true } });
    const week = currentSchoolWeek(school, row.createdAt).week;
    return (await db.weeklyNote.count({ where: { childId: { in: childIds }, week, status: 'SENT' } })) > 0;
  }

  async function concernChildren(childIds: readonly number[]): Promise<ConcernChild[]> {
    const children = await db.child.findMany({
      where: { id: { in: [...childIds] } },
      select: {
        id: true,
        name: true,
        classId: true,
        guardianLinks: { select: { user: { select: recipientSelect } }, orderBy: { id: 'asc' } },
        pairing: { select: { teacher: { select: recipientSelect } } },
      },
      orderBy: { name: 'asc' },
    });
    const classTeachers = await db.membership.findMany({
      where: { classId: { in: children.flatMap((child) => (child.classId === null ? [] : [child.classId])) }, role: 'TEACHER', classTeacher: true },
      select: { classId: true, user: { select: recipientSelect } },
      orderBy: { id: 'asc' },
    });
    return children.map((child) => {
      const followUp = child.pairing?.teacher ?? classTeachers.find((m) => m.classId === child.classId)?.user;
      return {
        childId: child.id,
        childName: child.name,
        guardians: child.guardianLinks.map((link) => toRecipient(link.user)),
        followUpBy: followUp ? toRecipient(followUp) : null,
      };
    });
  }

  /**
   * The child's updates that reached this family member: concerns queued to them, and the
   * updates of weeks whose note they received as compiled (a held note sent nothing; a note
   * the class teacher rewrote sent the teacher's words, not the updates).
   */
  async function sentToFamily(actor: Actor, child: { id: number; schoolId: number }): Promise<number[]> {
    const rows = await db.growthUpdate.findMany({
      where: { deletedAt: null, children: { some: { childId: child.id } } },
      select: { id: true, concern: true, createdAt: true },
    });
    const concernKeys = rows.filter((row) => row.concern).map((row) => concernMessageKey(row.id, actor.userId, 'text'));
    const queued = await db.outboxMessage.findMany({ where: { idempotencyKey: { in: concernKeys } }, select: { idempotencyKey: true } });
    const toldKeys = new Set(queued.map((message) => message.idempotencyKey));
    const copies = await db.weeklyNoteRecipient.findMany({
      where: { userId: actor.userId, note: { childId: child.id, status: 'SENT', teacherText: null } },
      select: { note: { select: { week: true } } },
    });
    const sentWeeks = new Set(copies.map((copy) => copy.note.week));
    const school = await db.school.findUniqueOrThrow({ where: { id: child.schoolId }, select: { timezone: true, weekEndDay: true, weekEndMinute: true } });
    return rows
      .filter((row) => toldKeys.has(concernMessageKey(row.id, actor.userId, 'text')) || sentWeeks.has(currentSchoolWeek(school, row.createdAt).week))
      .map((row) => row.id);
  }

  /** The author's own update, not deleted, still about children they may edit, and young enough to change. */
  async function ownChangeableUpdate(actor: Actor, updateId: number) {
    const row = Number.isSafeInteger(updateId) ? await db.growthUpdate.findUnique({ where: { id: updateId }, include: viewInclude }) : null;
    if (!row || row.deletedAt || row.authorId !== actor.userId) return refuse(actor, 'GrowthUpdate', updateId, 'change');
    await authorizeChildren(actor, row.children.map((link) => link.childId), 'edit');
    if (clock().getTime() - row.createdAt.getTime() > EDIT_WINDOW_MS) throw new DomainError('tooLate');
    return row;
  }

  /** The children the scope may write about (not archived), with their class names, by name. */
  async function postableChildren(scope: Scope, nameContains?: string): Promise<ChildChoice[]> {
    const rows = await db.child.findMany({
      where: { AND: [readableChildren(scope), { archivedAt: null }, nameContains ? { name: { contains: nameContains } } : {}] },
      include: { class: { select: { name: true } } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
    return rows
      .filter((row) => childActions(scope, row).has('edit'))
      .map((row) => ({ id: row.id, name: row.name, className: row.class?.name ?? null }));
  }

  return {
    /**
     * Checks that the actor may post about the target (edit right on every child, or
     * teaching the class) and returns its children; used when a picker button is pressed.
     */
    checkTarget,

    /**
     * Saves an update to each child's growth record. The actor must be allowed to edit
     * every child (or teach the class, for a whole class). Returns the update and, for a
     * concern, the parents and follow-up teacher of each child.
     */
    async createUpdate(actor: Actor, input: NewUpdate): Promise<SavedUpdate> {
      if (!isUpdateCategory(input.category)) throw new DomainError('invalid:category');
      const text = checkedText(input.text);
      if (text === null && input.media.length === 0) throw new DomainError('invalid:required');
      if (input.media.length > MAX_MEDIA) throw new DomainError('invalid:tooMany');
      if (input.media.some((item) => !MEDIA_KINDS.includes(item.kind) || item.fileId === '')) throw new DomainError('invalid:media');
      if (input.urgent && !input.concern) throw new DomainError('invalid:urgent');
      const target = await checkTarget(actor, input.target);
      const row = await db.growthUpdate.create({
        data: {
          authorId: actor.userId,
          schoolId: target.schoolId,
          category: input.category,
          text,
          concern: input.concern,
          urgent: input.urgent,
          createdAt: clock(),
          media: { create: input.media.map((item, position) => ({ kind: item.kind, fileId: item.fileId, position })) },
          children: { create: target.children.map((child) => ({ childId: child.id })) },
        },
        include: { ...viewInclude, author: { select: { displayName: true } } },
      });
      return {
        ...toView(row, await timezoneOf(target.schoolId)),
        authorName: row.author.displayName,
        concernChildren: input.concern ? await concernChildren(target.children.map((child) => child.id)) : [],
      };
    },

    /**
     * The picker's choices: the children the actor may post about, those they wrote about
     * most recently (one child at a time) first, then by name; and the classes they teach
     * that have children, for "whole class".
     */
    async targetChoices(actor: Actor): Promise<TargetChoices> {
      const scope = await loadScope(db, actor);
      const children = await postableChildren(scope);
      const recent = await db.growthUpdate.findMany({
        where: { authorId: actor.userId, deletedAt: null },
        orderBy: { createdAt: 'desc' },
        take: RECENT_UPDATES_SCANNED,
        select: { children: { select: { childId: true } } },
      });
      const order = recent.filter((update) => update.children.length === 1).map((update) => update.children[0]!.childId);
      const rank = (id: number) => (order.includes(id) ? order.indexOf(id) : order.length);
      const sorted = children.map((child, index) => ({ child, index })).sort((a, b) => rank(a.child.id) - rank(b.child.id) || a.index - b.index);
      const classes = await db.class.findMany({
        where: { id: { in: [...scope.teaches.keys()] }, children: { some: { archivedAt: null } } },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
      });
      return { children: sorted.slice(0, PICKER_SIZE).map((entry) => entry.child), classes };
    },

    /** Children the actor may post about whose name contains the query. */
    async searchChildren(actor: Actor, query: string): Promise<ChildChoice[]> {
      const trimmed = query.trim();
      // No name is longer than 40 characters (child-fields.ts), and SQLite refuses a LIKE pattern over 50,000 bytes.
      if (trimmed === '' || trimmed.length > 40) return [];
      return (await postableChildren(await loadScope(db, actor), trimmed)).slice(0, PICKER_SIZE);
    },

    /** The actor's own updates of the last 24 hours, newest first: the ones they may still change. */
    async myRecentUpdates(actor: Actor): Promise<UpdateView[]> {
      const rows = await db.growthUpdate.findMany({
        where: { authorId: actor.userId, deletedAt: null, createdAt: { gte: new Date(clock().getTime() - EDIT_WINDOW_MS) } },
        include: viewInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      const schools = await db.school.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.schoolId))] } } });
      return rows.map((row) => toView(row, schools.find((school) => school.id === row.schoolId)!.timezone));
    },

    /** One of the actor's own updates that they may still change; refuses `forbidden` or `tooLate`. */
    async myUpdate(actor: Actor, updateId: number): Promise<UpdateView> {
      const row = await ownChangeableUpdate(actor, updateId);
      return toView(row, await timezoneOf(row.schoolId));
    },

    /** Changes the text or the category, only by the author within 24 hours of posting; says whether families already hold the old words. */
    async editUpdate(actor: Actor, updateId: number, changes: { text?: string | null; category?: UpdateCategory }): Promise<UpdateView & { familiesHaveOld: boolean }> {
      const row = await ownChangeableUpdate(actor, updateId);
      if (changes.category !== undefined && !isUpdateCategory(changes.category)) throw new DomainError('invalid:category');
      const text = changes.text === undefined ? row.text : checkedText(changes.text);
      if (text === null && row.media.length === 0) throw new DomainError('invalid:required');
      const updated = await db.growthUpdate.update({
        where: { id: row.id },
        data: { text, category: changes.category ?? row.category, editedAt: clock() },
        include: viewInclude,
      });
      return { ...toView(updated, await timezoneOf(row.schoolId)), familiesHaveOld: await alreadyWithFamilies(row) };
    },

    /** Removes an update from the growth record (kept as deleted), only by the author within 24 hours. */
    async deleteUpdate(actor: Actor, updateId: number): Promise<void> {
      const row = await ownChangeableUpdate(actor, updateId);
      await db.growthUpdate.update({ where: { id: row.id }, data: { deletedAt: clock() } });
      await recordAudit(db, actor, { action: 'update.deleted', entity: 'GrowthUpdate', entityId: row.id });
    },

    /**
     * One page of a child's growth record for anyone who may read the child's file, so the
     * whole record can be paged back through: its updates, newest first, `RECORD_PAGE_SIZE`
     * a page; `page` (untrusted, from a button) is held to a real page. A parent or guardian
     * sees only what was sent to them (their concern messages and the weeks whose compiled
     * note they received), and not the staff's follow-up log. Access is checked on every call.
     */
    async growthRecord(actor: Actor, childId: number, page = 0): Promise<GrowthRecord> {
      const child = await authorizeChild(db, actor, childId, 'read');
      const familyOnly = readsAsFamilyOnly(await loadScope(db, actor), child);
      const where = { deletedAt: null, children: { some: { childId } }, ...(familyOnly ? { id: { in: await sentToFamily(actor, child) } } : {}) };
      const total = await db.growthUpdate.count({ where });
      const pages = Math.max(1, Math.ceil(total / RECORD_PAGE_SIZE));
      const shown = Number.isSafeInteger(page) ? Math.min(Math.max(page, 0), pages - 1) : 0;
      const rows = await db.growthUpdate.findMany({
        where,
        include: {
          media: { orderBy: { position: 'asc' } },
          author: { select: { displayName: true } },
          followUps: { where: { childId }, include: { teacher: { select: { displayName: true } } }, orderBy: { id: 'asc' } },
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: shown * RECORD_PAGE_SIZE,
        take: RECORD_PAGE_SIZE,
      });
      return {
        childName: child.name,
        timezone: await timezoneOf(child.schoolId),
        page: shown,
        pages,
        total,
        entries: rows.map((row) => ({
          id: row.id,
          category: row.category,
          text: row.text,
          media: toMedia(row.media),
          concern: row.concern,
          createdAt: row.createdAt.toISOString(),
          authorName: row.author.displayName,
          followUps: familyOnly ? [] : row.followUps.map((f) => ({ kind: f.kind as FollowUpKind, by: f.teacher.displayName, at: f.createdAt.toISOString() })),
        })),
      };
    },

    /**
     * Logs how a concern about a child was followed up: by the child's paired teacher,
     * a class teacher of the child's class, or an admin of the school.
     */
    async logFollowUp(actor: Actor, updateId: number, childId: number, kind: FollowUpKind): Promise<{ id: number }> {
      if (!followUpKinds.includes(kind)) throw new DomainError('invalid:kind');
      const link =
        Number.isSafeInteger(updateId) && Number.isSafeInteger(childId)
          ? await db.updateChild.findUnique({ where: { updateId_childId: { updateId, childId } }, include: { update: true, child: true } })
          : null;
      if (!link || !link.update.concern || link.update.deletedAt) return refuse(actor, 'GrowthUpdate', updateId, 'followUp');
      const scope = await loadScope(db, actor);
      const { child } = link;
      const classTeacher = child.classId !== null && scope.teaches.get(child.classId)?.classTeacher === true;
      if (!(scope.pairedWith.has(child.id) || classTeacher || scope.adminOf.has(child.schoolId))) {
        return refuse(actor, 'Child', child.id, 'followUp');
      }
      const row = await db.concernFollowUp.create({ data: { updateId, childId, teacherId: actor.userId, kind, createdAt: clock() } });
      return { id: row.id };
    },

    /** Adds a short note to a follow-up the actor logged. */
    async noteFollowUp(actor: Actor, followUpId: number, note: string): Promise<void> {
      const row = Number.isSafeInteger(followUpId) ? await db.concernFollowUp.findUnique({ where: { id: followUpId } }) : null;
      if (!row || row.teacherId !== actor.userId) return refuse(actor, 'ConcernFollowUp', followUpId, 'note');
      const text = checkedText(note);
      if (text === null) throw new DomainError('invalid:required');
      await db.concernFollowUp.update({ where: { id: row.id }, data: { note: text } });
    },
  };
}

export type Updates = ReturnType<typeof createUpdates>;
