import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { recordAudit, type AuditAction } from './audit.js';
import { DomainError } from './errors.js';

/** What an admin may export for inspectors. */
export type ExportKind = 'children' | 'contacts' | 'letters';

/** The export kinds, in the order the buttons show them. */
export const EXPORT_KINDS: readonly ExportKind[] = ['children', 'contacts', 'letters'];

/**
 * A voice note, photo, video or video note of a letter in an export: the chat layer writes
 * a placeholder in the reader's language with the file id, and the caption.
 */
export interface ExportMedia {
  media: (typeof EXPORT_MEDIA)[number];
  fileId: string | null;
  caption: string | null;
}

/** One cell of an export, before the chat layer writes it out. */
export type ExportValue = string | number | boolean | Date | null | ExportMedia;

/** A table to write out: column keys (localized by the chat layer) and rows of plain values. */
export interface ExportTable {
  kind: ExportKind | 'letterContent';
  timezone: string;
  columns: readonly ExportColumn[];
  rows: ExportValue[][];
}

/** The letters of one child with their content, one row per part. */
export interface ChildLettersExport extends ExportTable {
  kind: 'letterContent';
  childId: number;
  childName: string;
  letters: number;
}

/** A child whose letters an admin may export, as the picker shows them. */
export interface LetterExportChild {
  id: number;
  name: string;
  archived: boolean;
}

/** A class to pick children from; `id` null gathers the children without a class. */
export interface LetterExportClass {
  id: number | null;
  name: string | null;
}

const COLUMNS = {
  children: ['id', 'name', 'class', 'birthday', 'parentsAway', 'guardianName', 'guardianRelation', 'guardianPhone', 'workCity', 'boarding', 'pairedTeacher', 'linkedFamily', 'createdAt', 'archivedAt'],
  contacts: ['id', 'child', 'class', 'teacher', 'kind', 'happenedAt', 'note', 'voice', 'loggedAt'],
  letters: ['id', 'child', 'class', 'author', 'direction', 'status', 'parts', 'writtenAt', 'handledBy', 'handledAt'],
} as const satisfies Record<ExportKind, readonly string[]>;

const LETTER_CONTENT_COLUMNS = ['id', 'direction', 'author', 'status', 'writtenAt', 'part', 'content'] as const;

/** A column of an export; the chat layer heads it in the reader's language. */
export type ExportColumn = (typeof COLUMNS)[ExportKind][number] | (typeof LETTER_CONTENT_COLUMNS)[number];

const AUDIT: Record<ExportKind, AuditAction> = {
  children: 'export.children',
  contacts: 'export.contacts',
  letters: 'export.letters',
};

/** Children per page when an admin picks whose letters to export (Telegram shows at most 100 buttons). */
export const LETTER_EXPORT_PAGE = 60;

/** Whether a piece of callback data or text names an export kind. */
export function isExportKind(value: string): value is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(value);
}

/** The kinds of media a letter's part may be. */
const EXPORT_MEDIA = ['voice', 'photo', 'video', 'video_note'] as const;

/** A letter part's cell: a text as it is, media as its file id (and its caption). */
function contentOf(part: { kind: string; text: string | null; fileId: string | null }): ExportValue {
  const media = EXPORT_MEDIA.find((kind) => kind === part.kind);
  if (media) return { media, fileId: part.fileId, caption: part.text };
  return part.text;
}

/**
 * Children's files, contact logs and letters' metadata of an admin's school, for inspectors;
 * letters' content only for one child at a time, when an admin asks for it.
 */
export function createExports(db: Db) {
  async function children(schoolId: number) {
    const rows = await db.child.findMany({
      where: { schoolId },
      include: { class: { select: { name: true } }, pairing: { select: { teacher: { select: { displayName: true } } } }, guardianLinks: { select: { id: true } } },
      orderBy: [{ classId: 'asc' }, { name: 'asc' }],
    });
    return rows.map((c) => [c.id, c.name, c.class?.name ?? null, c.birthday, c.parentsAway, c.guardianName, c.guardianRelation, c.guardianPhone, c.workCity, c.boarding, c.pairing?.teacher.displayName ?? null, c.guardianLinks.length, c.createdAt, c.archivedAt]);
  }

  async function contacts(schoolId: number) {
    const rows = await db.contactLog.findMany({
      where: { child: { schoolId } },
      include: { child: { select: { name: true, class: { select: { name: true } } } }, teacher: { select: { displayName: true } } },
      orderBy: [{ happenedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((c) => [c.id, c.child.name, c.child.class?.name ?? null, c.teacher.displayName, c.kind, c.happenedAt, c.note, c.voiceFileId !== null, c.createdAt]);
  }

  async function letters(schoolId: number) {
    const rows = await db.letter.findMany({
      where: { child: { schoolId } },
      select: {
        id: true,
        direction: true,
        status: true,
        createdAt: true,
        handledAt: true,
        child: { select: { name: true, class: { select: { name: true } } } },
        author: { select: { displayName: true } },
        handledBy: { select: { displayName: true } },
        _count: { select: { parts: true } },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((l) => [l.id, l.child.name, l.child.class?.name ?? null, l.author.displayName, l.direction, l.status, l._count.parts, l.createdAt, l.handledBy?.displayName ?? null, l.handledAt]);
  }

  const builders = { children, contacts, letters };

  /** The schools the actor administers; for anyone else the refusal is audit-logged and thrown. */
  async function adminSchools(actor: Actor, attempted: AuditAction): Promise<number[]> {
    const scope = await loadScope(db, actor);
    if (scope.adminOf.size > 0) return [...scope.adminOf].sort((a, b) => a - b);
    await recordAudit(db, actor, { action: 'access.refused', entity: 'School', details: { attempted } });
    throw new DomainError('forbidden');
  }

  /**
   * The child, when the actor administers the child's school. Anyone else, and a child that
   * does not exist, gets the same audit-logged refusal, so ids cannot be probed.
   */
  async function childOfAdminSchool(actor: Actor, childId: number) {
    const valid = Number.isSafeInteger(childId);
    const child = valid
      ? await db.child.findUnique({ where: { id: childId }, select: { id: true, name: true, schoolId: true, class: { select: { name: true } }, school: { select: { timezone: true } } } })
      : null;
    if (child && (await loadScope(db, actor)).adminOf.has(child.schoolId)) return child;
    await recordAudit(db, actor, { action: 'access.refused', entity: 'Child', entityId: valid ? childId : undefined, details: { attempted: 'export.letterContent' } });
    throw new DomainError('forbidden');
  }

  return {
    /** The classes with children that an admin picks from before exporting one child's letters. */
    async letterExportClasses(actor: Actor): Promise<LetterExportClass[]> {
      const schoolIds = await adminSchools(actor, 'export.letterContent');
      const classes = await db.class.findMany({
        where: { schoolId: { in: schoolIds } },
        select: { id: true, name: true, _count: { select: { children: true } } },
        orderBy: [{ schoolId: 'asc' }, { name: 'asc' }],
      });
      const unclassed = await db.child.count({ where: { schoolId: { in: schoolIds }, classId: null } });
      const listed: LetterExportClass[] = classes.filter((c) => c._count.children > 0).map((c) => ({ id: c.id, name: c.name }));
      return unclassed > 0 ? [...listed, { id: null, name: null }] : listed;
    },

    /**
     * The class's name and one page of its children (classId null: those without a class) in
     * the admin's schools, archived ones too, since inspectors may ask about a child who has
     * left. Another school's class is refused.
     */
    async letterExportChildren(actor: Actor, classId: number | null, page = 0): Promise<{ className: string | null; children: LetterExportChild[]; more: boolean }> {
      const schoolIds = await adminSchools(actor, 'export.letterContent');
      let className: string | null = null;
      if (classId !== null) {
        const found = Number.isSafeInteger(classId) ? await db.class.findUnique({ where: { id: classId }, select: { schoolId: true, name: true } }) : null;
        if (!found || !schoolIds.includes(found.schoolId)) {
          await recordAudit(db, actor, { action: 'access.refused', entity: 'Class', entityId: Number.isSafeInteger(classId) ? classId : undefined, details: { attempted: 'export.letterContent' } });
          throw new DomainError('forbidden');
        }
        className = found.name;
      }
      const rows = await db.child.findMany({
        where: { schoolId: { in: schoolIds }, classId },
        select: { id: true, name: true, archivedAt: true },
        orderBy: [{ archivedAt: 'asc' }, { name: 'asc' }, { id: 'asc' }],
        skip: Math.max(0, page) * LETTER_EXPORT_PAGE,
        take: LETTER_EXPORT_PAGE + 1,
      });
      const children = rows.slice(0, LETTER_EXPORT_PAGE).map((c) => ({ id: c.id, name: c.name, archived: c.archivedAt !== null }));
      return { className, children, more: rows.length > LETTER_EXPORT_PAGE };
    },

    /** The child and how many letters they have, for the admin to confirm before exporting their content. */
    async letterContentTarget(actor: Actor, childId: number): Promise<{ id: number; name: string; className: string | null; letters: number }> {
      const child = await childOfAdminSchool(actor, childId);
      const letters = await db.letter.count({ where: { childId: child.id } });
      return { id: child.id, name: child.name, className: child.class?.name ?? null, letters };
    },

    /**
     * Every letter of one child with its content (one row per part), for an admin of the
     * child's school who asked for it: private letters, so each export is audit-logged with the child.
     */
    async childLetters(actor: Actor, childId: number): Promise<ChildLettersExport> {
      const child = await childOfAdminSchool(actor, childId);
      const letters = await db.letter.findMany({
        where: { childId: child.id },
        select: {
          id: true,
          direction: true,
          status: true,
          createdAt: true,
          author: { select: { displayName: true } },
          parts: { select: { position: true, kind: true, text: true, fileId: true }, orderBy: { position: 'asc' } },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const rows = letters.flatMap((l) => {
        const head = [l.id, l.direction, l.author.displayName, l.status, l.createdAt];
        if (l.parts.length === 0) return [[...head, null, null]];
        return l.parts.map((part, index) => [...head, index + 1, contentOf(part)]);
      });
      await recordAudit(db, actor, { action: 'export.letterContent', entity: 'Child', entityId: child.id, details: { letters: letters.length, rows: rows.length } });
      return { kind: 'letterContent', timezone: child.school.timezone, columns: LETTER_CONTENT_COLUMNS, rows, childId: child.id, childName: child.name, letters: letters.length };
    },

    /**
     * One export of the actor's school, for admins only; every export is audit-logged with
     * its kind and row count, and a refusal is logged too.
     */
    async export(actor: Actor, kind: ExportKind): Promise<ExportTable> {
      const scope = await loadScope(db, actor);
      const schoolId = [...scope.adminOf].sort((a, b) => a - b)[0];
      if (schoolId === undefined) {
        await recordAudit(db, actor, { action: 'access.refused', entity: 'School', details: { attempted: AUDIT[kind] } });
        throw new DomainError('forbidden');
      }
      const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { timezone: true } });
      const rows = await builders[kind](schoolId);
      await recordAudit(db, actor, { action: AUDIT[kind], entity: 'School', entityId: schoolId, details: { rows: rows.length } });
      return { kind, timezone: school.timezone, columns: COLUMNS[kind], rows };
    },
  };
}

export type Exports = ReturnType<typeof createExports>;
