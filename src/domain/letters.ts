import type { Db } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import type { LetterDirection, LetterStatus, Relation } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { authorizeChild, childActions, loadScope, readableChildren, type Scope } from './access.js';
import { recordAudit } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import type { NoteRecipient } from './weekly-notes.js';

/** Letters one letterbox view loads: the oldest first, far more than a keeper handles in a day. */
const INBOX_LETTERS = 300;

/** What a part of a letter is: a text, a voice note, a photo, a video or a round video note (a caption is the part's text). */
export type LetterPartKind = 'text' | 'voice' | 'photo' | 'video' | 'video_note';

/** One part of a letter, as written or recorded; media by the channel's file id. */
export interface LetterPartInput {
  kind: LetterPartKind;
  text?: string;
  fileId?: string;
}

/** What one letter may hold, stated to the writer before they start. */
export const LETTER_LIMITS = { parts: 10, characters: 4000 } as const;

/** Why a part does not fit into a letter. */
export type LetterLimitReason = 'letters:tooManyParts' | 'letters:tooMuchText';

/** A letter or a child's reply, with what is needed to show it. */
export interface LetterView {
  id: number;
  childId: number;
  childName: string;
  /** The school's time zone, to show times as its clocks do. */
  timezone: string;
  direction: LetterDirection;
  status: LetterStatus;
  authorId: number;
  authorName: string;
  /** How the author is related to the child; null for a reply recorded by the keeper. */
  relation: Relation | null;
  holdReason: string | null;
  createdAt: Date;
  campaignTitle: string | null;
  parts: LetterPartInput[];
}

/** A letter waiting in the letterbox, as the inbox lists it. */
export interface InboxLetter {
  id: number;
  authorName: string;
  relation: Relation | null;
  status: LetterStatus;
  createdAt: Date;
  parts: number;
}

/** One child's waiting letters in the letterbox. */
export interface InboxChild {
  childId: number;
  childName: string;
  timezone: string;
  letters: InboxLetter[];
}

/** What the parent's receipt needs when a letter was read with the child. */
export interface LetterHandled {
  letter: LetterView;
  author: NoteRecipient;
  keeperName: string;
}

/** A held letter: the author and the school's admins are told. */
export interface LetterHeld extends LetterHandled {
  admins: NoteRecipient[];
}

/** A child's reply, with the linked parents and guardians who receive it. */
export interface ReplyRecorded {
  letter: LetterView;
  keeperName: string;
  /** Empty when no family member has joined yet: the letter is kept until one does. */
  recipients: NoteRecipient[];
  /** Whether the letter was kept for a family member who joined after it was written. */
  kept: boolean;
  /** Whether the family had written to the child before: the child answers rather than writes first. */
  answering: boolean;
}

/** A child the keeper may record a letter for, as the picker shows it. */
export interface ChildLetterChoice {
  id: number;
  name: string;
  className: string | null;
}

/** The children offered when the keeper records a child's letter, and how many more a name search reaches. */
export interface ChildLetterChoices {
  children: ChildLetterChoice[];
  more: number;
}

/** The child whose letter is about to be recorded, and how many family members will receive it (0: kept until one joins). */
export interface ChildLetterTarget {
  childId: number;
  childName: string;
  family: number;
}

/** One page of a child's thread of letters and replies, oldest first on the page. */
export interface ThreadPage {
  childId: number;
  childName: string;
  page: number;
  pages: number;
  letters: LetterView[];
}

/** New or still waiting letters of a school's Children's Home, for summaries and reminders. */
export interface LetterboxDigest {
  holders: NoteRecipient[];
  /** Per child, how many letters; in the order of the children's names. */
  children: { childName: string; count: number }[];
  total: number;
}

/** Which side of the letters someone acts on: the child's family, or the school's letterbox (keeper, admin). */
type Side = 'family' | 'letterbox' | 'either';

const THREAD_PAGE = 5;
/** Children the keeper's picker offers as buttons; the others are found by name. */
const PICKER_SIZE = 20;
const HOLD_REASON_MAX = 500;
const RECIPIENT = { id: true, locale: true, languageCode: true } as const;
const LETTER_INCLUDE = {
  parts: { orderBy: { position: 'asc' } },
  author: { select: { displayName: true } },
  campaign: { select: { title: true } },
  child: { select: { name: true, school: { select: { timezone: true } }, guardianLinks: { select: { userId: true, relation: true } } } },
} as const;

function textLength(parts: readonly LetterPartInput[]): number {
  return parts.reduce((sum, part) => sum + (part.text?.length ?? 0), 0);
}

/**
 * Adds a part to a letter being written, or says why it does not fit: more than
 * `LETTER_LIMITS.parts` parts or `LETTER_LIMITS.characters` characters of text. The parts
 * collected so far are never changed, so nothing is lost by a refusal.
 */
export function addLetterPart(parts: readonly LetterPartInput[], part: LetterPartInput): { parts: LetterPartInput[] } | { refused: LetterLimitReason } {
  if (parts.length >= LETTER_LIMITS.parts) return { refused: 'letters:tooManyParts' };
  if (textLength(parts) + (part.text?.length ?? 0) > LETTER_LIMITS.characters) return { refused: 'letters:tooMuchText' };
  return { parts: [...parts, part] };
}

/** Characters of text a letter's parts hold, for the writer's preview. */
export function letterTextLength(parts: readonly LetterPartInput[]): number {
  return textLength(parts);
}

function checkedParts(parts: readonly LetterPartInput[]): LetterPartInput[] {
  const cleaned = parts.map((part) => ({ kind: part.kind, text: part.text?.trim() || undefined, fileId: part.fileId }));
  if (cleaned.length === 0) throw new DomainError('invalid:required');
  let kept: LetterPartInput[] = [];
  for (const part of cleaned) {
    if (part.kind === 'text' ? !part.text : !part.fileId) throw new DomainError('invalid:required');
    const added = addLetterPart(kept, part);
    if ('refused' in added) throw new DomainError(added.refused);
    kept = added.parts;
  }
  return kept;
}

/** The part of a scope that acts for one side: family links, or the school's keeper and admin roles. */
function sideOf(scope: Scope, side: Side): Scope {
  const family = side !== 'letterbox';
  const letterbox = side !== 'family';
  return {
    adminOf: letterbox ? scope.adminOf : new Set(),
    keeperOf: letterbox ? scope.keeperOf : new Set(),
    teaches: new Map(),
    teacherOf: new Set(),
    pairedWith: new Set(),
    linkedTo: family ? scope.linkedTo : new Set(),
  };
}

type LetterRow = Prisma.LetterGetPayload<{ include: typeof LETTER_INCLUDE }>;

function toView(row: LetterRow): LetterView {
  const relation = row.direction === 'TO_CHILD' ? (row.child.guardianLinks.find((link) => link.userId === row.authorId)?.relation ?? null) : null;
  return {
    id: row.id,
    childId: row.childId,
    childName: row.child.name,
    timezone: row.child.school.timezone,
    direction: row.direction,
    status: row.status,
    authorId: row.authorId,
    authorName: row.author.displayName,
    relation,
    holdReason: row.holdReason,
    createdAt: row.createdAt,
    campaignTitle: row.campaign?.title ?? null,
    parts: row.parts.map((part) => ({ kind: part.kind as LetterPartKind, text: part.text ?? undefined, fileId: part.fileId ?? undefined })),
  };
}

const asRecipient = (user: { id: number; locale: string | null; languageCode: string | null }): NoteRecipient => ({
  userId: user.id,
  locale: user.locale,
  languageCode: user.languageCode,
});

/**
 * Letters through the Children's Home: a parent or guardian writes to their linked child,
 * the keeper (or an admin) reads it with the child, holds it, or records the child's
 * reply, and both sides scroll the child's thread. Every call checks the actor's side
 * through `access.ts`.
 */
export function createLetters(db: Db, clock: Clock) {
  /** The child, if the actor acts for this side of the child's letters; refusals are audited. */
  async function authorizeSide(actor: Actor, childId: number, side: Side) {
    const child = await authorizeChild(db, actor, childId, 'read');
    if (childActions(sideOf(await loadScope(db, actor), side), child).has('read')) return child;
    await recordAudit(db, actor, { action: 'access.refused', entity: 'Child', entityId: child.id, details: { attempted: `letters:${side}` } });
    throw new DomainError('forbidden');
  }

  /** A letter the actor may see from this side; unknown ids are refused like forbidden ones. */
  async function letterFor(actor: Actor, letterId: number, side: Side): Promise<LetterView> {
    const row = Number.isSafeInteger(letterId) ? await db.letter.findUnique({ where: { id: letterId }, include: LETTER_INCLUDE }) : null;
    if (!row) throw new DomainError('forbidden');
    await authorizeSide(actor, row.childId, side);
    return toView(row as LetterRow);
  }

  /**
   * The campaign open for the child's class or school that a letter belongs to: a parent's
   * letter to a families' campaign; a child's letter to a children's campaign first, else
   * (as a reply) to a families' campaign.
   */
  async function openCampaignId(schoolId: number, classId: number | null, now: Date, direction: LetterDirection): Promise<number | null> {
    const open = await db.letterCampaign.findMany({
      where: { schoolId, OR: [{ classId: null }, ...(classId === null ? [] : [{ classId }])], createdAt: { lte: now }, closesAt: { gt: now } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, audience: true },
    });
    const preferred = direction === 'TO_FAMILY' ? ['CHILDREN', 'FAMILIES'] : ['FAMILIES'];
    for (const audience of preferred) {
      const campaign = open.find((each) => each.audience === audience);
      if (campaign) return campaign.id;
    }
    return null;
  }

  async function displayName(actor: Actor): Promise<string> {
    return (await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true } })).displayName;
  }

  async function handled(actor: Actor, letterId: number, status: LetterStatus, holdReason: string | null): Promise<LetterHandled> {
    const now = clock();
    const changed = await db.letter.updateMany({
      where: { id: letterId, direction: 'TO_CHILD', status: status === 'READ' ? { in: ['WAITING', 'HELD'] } : 'WAITING' },
      data: { status, holdReason, handledById: actor.userId, handledAt: now },
    });
    if (changed.count !== 1) throw new DomainError(status === 'READ' ? 'letters:alreadyRead' : 'letters:notWaiting');
    const row = await db.letter.findUniqueOrThrow({ where: { id: letterId }, include: { ...LETTER_INCLUDE, author: { select: { displayName: true, ...RECIPIENT } } } });
    return { letter: toView(row as LetterRow), author: asRecipient(row.author), keeperName: await displayName(actor) };
  }

  /** The children the actor may write to: their own linked children whose files are open. */
  async function familyChildren(actor: Actor): Promise<{ id: number; name: string }[]> {
    const links = await db.guardianLink.findMany({
      where: { userId: actor.userId, child: { archivedAt: null } },
      select: { child: { select: { id: true, name: true } } },
      orderBy: { childId: 'asc' },
    });
    return links.map((link) => link.child);
  }

  /** A letter to a child, opened by a keeper or admin of the child's school from the letterbox. */
  async function open(actor: Actor, letterId: number): Promise<LetterView> {
    const letter = await letterFor(actor, letterId, 'letterbox');
    if (letter.direction !== 'TO_CHILD') throw new DomainError('forbidden');
    return letter;
  }

  /** Checks that a letter may be held (waiting, and the actor keeps its letterbox) before the reason is asked. */
  async function holdable(actor: Actor, letterId: number): Promise<LetterView> {
    const letter = await open(actor, letterId);
    if (letter.status !== 'WAITING') throw new DomainError('letters:notWaiting');
    return letter;
  }

  /** The children a keeper may record a reply for, those with letters first (newest letter first), at most 20. */
  async function replyChildren(actor: Actor): Promise<{ id: number; name: string }[]> {
    const scope = await loadScope(db, actor);
    const schools = [...scope.keeperOf, ...scope.adminOf];
    const rows = await db.letter.findMany({
      where: { child: { schoolId: { in: schools }, archivedAt: null } },
      select: { child: { select: { id: true, name: true, schoolId: true, classId: true, parentsAway: true } } },
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
    const box = sideOf(scope, 'letterbox');
    const children = new Map<number, { id: number; name: string }>();
    for (const { child } of rows) if (childActions(box, child).has('read')) children.set(child.id, { id: child.id, name: child.name });
    return [...children.values()].slice(0, 20);
  }

  /** Of these children, those in a children's campaign open now for their class or school who have not written for it yet. */
  async function campaignNotYetWritten(children: readonly { id: number; schoolId: number; classId: number | null; parentsAway: string }[]): Promise<Set<number>> {
    const now = clock();
    const campaigns = await db.letterCampaign.findMany({
      where: { audience: 'CHILDREN', schoolId: { in: [...new Set(children.map((child) => child.schoolId))] }, createdAt: { lte: now }, closesAt: { gt: now } },
      select: { id: true, schoolId: true, classId: true },
    });
    if (campaigns.length === 0) return new Set();
    const written = await db.letter.findMany({ where: { direction: 'TO_FAMILY', campaignId: { in: campaigns.map((c) => c.id) } }, select: { childId: true, campaignId: true } });
    const wrote = new Set(written.map((row) => `${row.campaignId}:${row.childId}`));
    const waiting = children.filter((child) =>
      child.parentsAway !== 'NONE' &&
      campaigns.some((c) => c.schoolId === child.schoolId && (c.classId === null || c.classId === child.classId) && !wrote.has(`${c.id}:${child.id}`)),
    );
    return new Set(waiting.map((child) => child.id));
  }

  /**
   * Stores a letter or a child's reply with its parts, after the limits are checked, linked
   * to the campaign open for the child's class or school (if any).
   */
  async function writeLetter(
    actor: Actor,
    child: { id: number; schoolId: number; classId: number | null; archivedAt: Date | null },
    parts: readonly LetterPartInput[],
    how: { direction: LetterDirection; status: 'WAITING' | 'SENT'; handledById?: number },
  ): Promise<LetterRow> {
    if (child.archivedAt) throw new DomainError('archived');
    const checked = checkedParts(parts);
    const now = clock();
    const letter = await db.letter.create({
      data: {
        childId: child.id,
        authorId: actor.userId,
        ...how,
        handledAt: how.handledById === undefined ? null : now,
        campaignId: await openCampaignId(child.schoolId, child.classId, now, how.direction),
        createdAt: now,
        parts: { create: checked.map((part, position) => ({ position, kind: part.kind, text: part.text ?? null, fileId: part.fileId ?? null })) },
      },
      include: LETTER_INCLUDE,
    });
    return letter as LetterRow;
  }

  return {
    familyChildren,

    /** Checks that the actor may write to this child (their own linked child, file open) before they start. */
    async writeTarget(actor: Actor, childId: number): Promise<{ childId: number; childName: string }> {
      const child = await authorizeSide(actor, childId, 'family');
      if (child.archivedAt) throw new DomainError('archived');
      return { childId: child.id, childName: child.name };
    },

    /**
     * A parent or guardian sends a letter to their linked child: it waits in the school's
     * letterbox, linked to the campaign open for the child's class or school, if any.
     */
    async send(actor: Actor, childId: number, parts: readonly LetterPartInput[]): Promise<LetterView> {
      const child = await authorizeSide(actor, childId, 'family');
      return toView(await writeLetter(actor, child, parts, { direction: 'TO_CHILD', status: 'WAITING' }));
    },

    /**
     * The letterbox of a keeper (or admin): letters waiting or held for the children they
     * may read, grouped by child, oldest first (the oldest few hundred: Prisma cannot load
     * more in one query on SQLite). Null when the actor keeps no letterbox.
     */
    async inbox(actor: Actor): Promise<InboxChild[] | null> {
      const scope = await loadScope(db, actor);
      const schools = [...scope.keeperOf, ...scope.adminOf];
      if (schools.length === 0) return null;
      const rows = await db.letter.findMany({
        where: { direction: 'TO_CHILD', status: { in: ['WAITING', 'HELD'] }, child: { schoolId: { in: schools }, archivedAt: null } },
        include: { ...LETTER_INCLUDE, child: { select: { ...LETTER_INCLUDE.child.select, id: true, schoolId: true, classId: true, parentsAway: true } }, _count: { select: { parts: true } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: INBOX_LETTERS,
      });
      const box = sideOf(scope, 'letterbox');
      const children = new Map<number, InboxChild>();
      for (const row of rows) {
        if (!childActions(box, row.child).has('read')) continue;
        const view = toView(row as unknown as LetterRow);
        const entry = children.get(row.childId) ?? { childId: row.childId, childName: row.child.name, timezone: view.timezone, letters: [] };
        entry.letters.push({ id: view.id, authorName: view.authorName, relation: view.relation, status: view.status, createdAt: view.createdAt, parts: row._count.parts });
        children.set(row.childId, entry);
      }
      return [...children.values()];
    },

    open,

    /** A letter or reply of the child's thread, shown again to the family or the letterbox. */
    async show(actor: Actor, letterId: number): Promise<LetterView> {
      return letterFor(actor, letterId, 'either');
    },

    /** The keeper read the letter with the child: it is marked read, once. */
    async markRead(actor: Actor, letterId: number): Promise<LetterHandled> {
      const letter = await open(actor, letterId);
      return handled(actor, letter.id, 'READ', letter.holdReason);
    },

    holdable,

    /** The keeper holds a waiting letter with a reason; the school's admins (but the actor) are returned to be told. */
    async hold(actor: Actor, letterId: number, reason: string): Promise<LetterHeld> {
      const letter = await holdable(actor, letterId);
      const trimmed = reason.trim();
      if (trimmed === '') throw new DomainError('invalid:required');
      if (trimmed.length > HOLD_REASON_MAX) throw new DomainError('invalid:tooLong');
      const result = await handled(actor, letter.id, 'HELD', trimmed);
      const child = await db.child.findUniqueOrThrow({ where: { id: letter.childId }, select: { schoolId: true } });
      const admins = await db.membership.findMany({
        where: { schoolId: child.schoolId, role: 'ADMIN', userId: { not: actor.userId } },
        select: { user: { select: RECIPIENT } },
        orderBy: { userId: 'asc' },
      });
      return { ...result, admins: admins.map((row) => asRecipient(row.user)) };
    },

    replyChildren,

    /**
     * The children a keeper (or admin) may record a letter from, so a child whose parents
     * never write can write first: without a query, those of an open children's campaign
     * who have not written yet, then those with letters (newest first), then by name; with
     * a query, those whose name contains it. Null when the actor keeps no letterbox.
     */
    async childLetterChoices(actor: Actor, query?: string): Promise<ChildLetterChoices | null> {
      const scope = await loadScope(db, actor);
      if (scope.keeperOf.size === 0 && scope.adminOf.size === 0) return null;
      const trimmed = query?.trim() ?? '';
      // No name is longer than 40 characters (child-fields.ts), and SQLite refuses a LIKE pattern over 50,000 bytes.
      if (query !== undefined && (trimmed === '' || trimmed.length > 40)) return { children: [], more: 0 };
      const box = sideOf(scope, 'letterbox');
      const rows = await db.child.findMany({
        where: { AND: [readableChildren(box), { archivedAt: null }, trimmed ? { name: { contains: trimmed } } : {}] },
        select: { id: true, name: true, schoolId: true, classId: true, parentsAway: true, class: { select: { name: true } } },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      const children = rows.filter((row) => childActions(box, row).has('read'));
      const waiting = query === undefined ? await campaignNotYetWritten(children) : new Set<number>();
      const recent = query === undefined ? (await replyChildren(actor)).map((child) => child.id) : [];
      const rank = (id: number) => (waiting.has(id) ? 0 : recent.includes(id) ? 1 + recent.indexOf(id) : 1 + recent.length);
      const sorted = children.map((child, index) => ({ child, index })).sort((a, b) => rank(a.child.id) - rank(b.child.id) || a.index - b.index);
      return {
        children: sorted.slice(0, PICKER_SIZE).map(({ child }) => ({ id: child.id, name: child.name, className: child.class?.name ?? null })),
        more: Math.max(0, sorted.length - PICKER_SIZE),
      };
    },

    /** Checks that the actor may record a letter or reply for the child before they start, and says how many family members will get it. */
    async replyTarget(actor: Actor, childId: number): Promise<ChildLetterTarget> {
      const child = await authorizeSide(actor, childId, 'letterbox');
      if (child.archivedAt) throw new DomainError('archived');
      return { childId: child.id, childName: child.name, family: await db.guardianLink.count({ where: { childId: child.id } }) };
    },

    /**
     * The keeper records a child's letter, a reply or one the child writes first (text, a
     * photo of a handwritten letter or drawing, voice, video); it goes to the linked family.
     * With no family member linked yet it is kept, waiting, until one joins.
     */
    async recordReply(actor: Actor, childId: number, parts: readonly LetterPartInput[]): Promise<ReplyRecorded> {
      const child = await authorizeSide(actor, childId, 'letterbox');
      const links = await db.guardianLink.findMany({ where: { childId: child.id }, select: { user: { select: RECIPIENT } }, orderBy: { userId: 'asc' } });
      const status = links.length > 0 ? 'SENT' : 'WAITING';
      const letter = await writeLetter(actor, child, parts, { direction: 'TO_FAMILY', status, handledById: actor.userId });
      const answering = (await db.letter.count({ where: { childId: child.id, direction: 'TO_CHILD' } })) > 0;
      return { letter: toView(letter as LetterRow), keeperName: await displayName(actor), recipients: links.map((link) => asRecipient(link.user)), kept: false, answering };
    },

    /**
     * The children's letters kept because no family member had joined, for someone who just
     * joined: each is marked sent once and returned with the child's family members now linked.
     */
    async keptForFamily(actor: Actor): Promise<ReplyRecorded[]> {
      const rows = await db.letter.findMany({
        where: { direction: 'TO_FAMILY', status: 'WAITING', child: { archivedAt: null, guardianLinks: { some: { userId: actor.userId } } } },
        include: LETTER_INCLUDE,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const delivered: ReplyRecorded[] = [];
      for (const row of rows) {
        const claimed = await db.letter.updateMany({ where: { id: row.id, status: 'WAITING' }, data: { status: 'SENT' } });
        if (claimed.count !== 1) continue;
        const links = await db.guardianLink.findMany({ where: { childId: row.childId }, select: { user: { select: RECIPIENT } }, orderBy: { userId: 'asc' } });
        const letter = toView({ ...row, status: 'SENT' } as LetterRow);
        delivered.push({ letter, keeperName: letter.authorName, recipients: links.map((link) => asRecipient(link.user)), kept: true, answering: false });
      }
      return delivered;
    },

    /** The children whose thread the actor may scroll: their linked children, and for keepers the children with letters. */
    async threadChildren(actor: Actor): Promise<{ id: number; name: string }[]> {
      const own = await familyChildren(actor);
      const kept = await replyChildren(actor);
      return [...new Map([...own, ...kept].map((child) => [child.id, child])).values()];
    },

    /** One page of the child's letters and replies (the last page when `page` is absent), for the family or the letterbox. */
    async thread(actor: Actor, childId: number, page?: number): Promise<ThreadPage> {
      const child = await authorizeSide(actor, childId, 'either');
      const total = await db.letter.count({ where: { childId: child.id } });
      const pages = Math.max(1, Math.ceil(total / THREAD_PAGE));
      const shown = page === undefined || !Number.isSafeInteger(page) ? pages - 1 : Math.min(Math.max(page, 0), pages - 1);
      const rows = await db.letter.findMany({
        where: { childId: child.id },
        include: LETTER_INCLUDE,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        skip: shown * THREAD_PAGE,
        take: THREAD_PAGE,
      });
      return { childId: child.id, childName: child.name, page: shown, pages, letters: rows.map((row) => toView(row as LetterRow)) };
    },

    /**
     * The letters to a school's left-behind children that wait in its letterbox, created
     * in [from, to), by child; and who keeps the letterbox (the keepers, else the admins).
     * Null when there is no such letter.
     */
    async letterboxDigest(schoolId: number, from: Date | null, to: Date): Promise<LetterboxDigest | null> {
      const rows = await db.letter.groupBy({
        by: ['childId'],
        where: {
          direction: 'TO_CHILD',
          status: 'WAITING',
          createdAt: { ...(from ? { gte: from } : {}), lt: to },
          child: { schoolId, archivedAt: null, parentsAway: { not: 'NONE' } },
        },
        _count: { _all: true },
      });
      if (rows.length === 0) return null;
      const names = new Map((await db.child.findMany({ where: { id: { in: rows.map((row) => row.childId) } }, select: { id: true, name: true } })).map((c) => [c.id, c.name]));
      const holders = async (role: 'KEEPER' | 'ADMIN') =>
        (await db.membership.findMany({ where: { schoolId, role }, select: { user: { select: RECIPIENT } }, orderBy: { userId: 'asc' } })).map((row) => asRecipient(row.user));
      const keepers = await holders('KEEPER');
      const children = rows.map((row) => ({ childName: names.get(row.childId) ?? '', count: row._count._all })).sort((a, b) => a.childName.localeCompare(b.childName, 'zh-CN'));
      return { holders: keepers.length > 0 ? keepers : await holders('ADMIN'), children, total: children.reduce((sum, child) => sum + child.count, 0) };
    },
  };
}

export type Letters = ReturnType<typeof createLetters>;
