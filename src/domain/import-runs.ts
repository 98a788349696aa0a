import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';
import { recordAudit } from './audit.js';
import { cleanProfileName } from './names.js';

/**
 * A CSV import's life, kept in the audit log: a `children.import.started` entry written
 * before the file is read, and one closing entry pointing at it (entity `ChildImport`,
 * `entityId` the start's id) when it ends: imported, refused, failed, or interrupted (the
 * process stopped during it, found at the next start). The start holds the file's name
 * only while the import is open: closing clears it, so the log keeps no text for good.
 */

const ENTITY = 'ChildImport';
const FILE_NAME_LIMIT = 100;
/** Where a teacher's time is shown when neither they nor their school has a time zone. */
const FALLBACK_TIMEZONE = 'Asia/Shanghai';

/** How an import ended. */
export type ImportEnd = 'children.imported' | 'children.import.refused' | 'children.import.failed' | 'children.import.interrupted';

/** An import that started and never ended, with what telling its teacher needs. */
export interface InterruptedImport {
  importId: number;
  fileName: string;
  startedAt: Date;
  /** Who sent the file; null when their account has been deleted since. */
  teacher: { id: number; locale: string | null; languageCode: string | null; timezone: string } | null;
}

/** Records that a teacher began an import, before anything is read, so a crash during it is found later. Returns its id. */
export function recordImportStart(db: Db, actor: Actor, fileName: string, at: Date): Promise<number> {
  const file = cleanProfileName(fileName).slice(0, FILE_NAME_LIMIT);
  return recordAudit(db, actor, { action: 'children.import.started', entity: ENTITY, details: { file }, at });
}

/**
 * Writes an import's closing entry and clears the file name from its start. Call it inside
 * the transaction that writes the import's result, so a crash leaves both or neither.
 */
export async function recordImportEnd(
  tx: Pick<Db, 'auditLog'>,
  actor: Actor | null,
  importId: number,
  end: { action: ImportEnd; at: Date; details?: Record<string, string | number> },
): Promise<void> {
  await recordAudit(tx, actor, { action: end.action, entity: ENTITY, entityId: importId, details: end.details, at: end.at });
  await tx.auditLog.update({ where: { id: importId }, data: { details: null } });
}

function fileNameOf(details: string | null): string {
  const parsed: unknown = details ? JSON.parse(details) : null;
  const file = parsed && typeof parsed === 'object' ? (parsed as { file?: unknown }).file : undefined;
  return typeof file === 'string' ? file : '';
}

/**
 * Imports started before `before` that have no closing entry: the process stopped while
 * they ran (their writes are one transaction, so nothing of them was saved). Called at
 * start-up with the start time, so imports of the new process are never among them.
 */
export async function findInterruptedImports(db: Db, before: Date): Promise<InterruptedImport[]> {
  const started = await db.auditLog.findMany({
    where: { action: 'children.import.started', createdAt: { lt: before } },
    select: { id: true, actorId: true, details: true, createdAt: true },
    orderBy: { id: 'asc' },
  });
  if (started.length === 0) return [];
  const ended = await db.auditLog.findMany({ where: { entity: ENTITY, entityId: { in: started.map((s) => s.id) } }, select: { entityId: true } });
  const closed = new Set(ended.map((e) => e.entityId));
  const open = started.filter((s) => !closed.has(s.id));
  const teacherIds = [...new Set(open.flatMap((s) => (s.actorId === null ? [] : [s.actorId])))];
  const teachers = await db.user.findMany({
    where: { id: { in: teacherIds } },
    select: {
      id: true,
      locale: true,
      languageCode: true,
      timezone: true,
      memberships: { where: { role: { in: ['TEACHER', 'ADMIN'] } }, orderBy: { id: 'asc' }, take: 1, select: { school: { select: { timezone: true } } } },
    },
  });
  const byId = new Map(teachers.map((t) => [t.id, t]));
  return open.map((s) => {
    const teacher = s.actorId === null ? undefined : byId.get(s.actorId);
    return {
      importId: s.id,
      fileName: fileNameOf(s.details),
      startedAt: s.createdAt,
      teacher: teacher
        ? {
            id: teacher.id,
            locale: teacher.locale,
            languageCode: teacher.languageCode,
            timezone: teacher.timezone ?? teacher.memberships[0]?.school.timezone ?? FALLBACK_TIMEZONE,
          }
        : null,
    };
  });
}

/** Closes an import found interrupted, once its teacher's message is queued, so no later start tells of it again. */
export async function closeInterruptedImport(db: Db, interrupted: InterruptedImport, at: Date): Promise<void> {
  const actor = interrupted.teacher ? { userId: interrupted.teacher.id } : null;
  await db.$transaction((tx) => recordImportEnd(tx, actor, interrupted.importId, { action: 'children.import.interrupted', at }));
}
