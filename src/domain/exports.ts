import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { loadScope } from './access.js';
import { recordAudit, type AuditAction } from './audit.js';
import { DomainError } from './errors.js';

/** What an admin may export for inspectors. */
export type ExportKind = 'children' | 'contacts' | 'letters';

/** The export kinds, in the order the buttons show them. */
export const EXPORT_KINDS: readonly ExportKind[] = ['children', 'contacts', 'letters'];

/** A table to write out: column keys (localized by the chat layer) and rows of plain values. */
export interface ExportTable {
  kind: ExportKind;
  timezone: string;
  columns: readonly ExportColumn[];
  rows: (string | number | boolean | Date | null)[][];
}

const COLUMNS = {
  children: ['id', 'name', 'class', 'birthday', 'parentsAway', 'guardianName', 'guardianRelation', 'guardianPhone', 'workCity', 'boarding', 'pairedTeacher', 'linkedFamily', 'createdAt', 'archivedAt'],
  contacts: ['id', 'child', 'class', 'teacher', 'kind', 'happenedAt', 'note', 'voice', 'loggedAt'],
  letters: ['id', 'child', 'class', 'author', 'direction', 'status', 'parts', 'writtenAt', 'handledBy', 'handledAt'],
} as const satisfies Record<ExportKind, readonly string[]>;

/** A column of an export; the chat layer heads it in the reader's language. */
export type ExportColumn = (typeof COLUMNS)[ExportKind][number];

const AUDIT: Record<ExportKind, AuditAction> = {
  children: 'export.children',
  contacts: 'export.contacts',
  letters: 'export.letters',
};

/** Whether a piece of callback data or text names an export kind. */
export function isExportKind(value: string): value is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(value);
}

/** Children's files, contact logs and letters' metadata (never their content) of an admin's school, for inspectors. */
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

  return {
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
