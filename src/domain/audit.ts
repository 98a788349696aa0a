import type { Db } from '../db/client.js';
import type { Actor } from './actor.js';

/** What the audit log records: reads of contact data, exports, role changes, deletions. */
export type AuditAction =
  | 'child.contact.read'
  | 'family.phone.read'
  | 'child.created'
  | 'child.updated'
  | 'child.archived'
  | 'child.paired'
  | 'children.import.started'
  | 'children.imported'
  | 'children.import.refused'
  | 'children.import.failed'
  | 'children.import.interrupted'
  | 'invite.created'
  | 'invite.revoked'
  | 'invite.accepted'
  | 'membership.created'
  | 'membership.removed'
  | 'pairing.ended'
  | 'school.created'
  | 'school.updated'
  | 'class.created'
  | 'access.refused'
  | 'mydata.exported'
  | 'export.children'
  | 'export.contacts'
  | 'export.letters'
  | 'export.letterContent'
  | 'letters.printed'
  | 'mydata.deleted'
  | 'update.deleted'
  | 'alert.raised'
  | 'alert.step';

/** The entry to write; `details` holds ids and codes, never names, text or phone numbers. */
export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: number;
  details?: Record<string, string | number | boolean | null>;
  /** When it happened, from the injected clock; the database's time when absent. */
  at?: Date;
}

/** Writes one audit log entry for the actor (null for the operator's command line); returns its id. */
export async function recordAudit(db: Pick<Db, 'auditLog'>, actor: Actor | null, entry: AuditEntry): Promise<number> {
  const { id } = await db.auditLog.create({
    data: {
      actorId: actor?.userId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      ...(entry.at ? { createdAt: entry.at } : {}),
    },
    select: { id: true },
  });
  return id;
}
