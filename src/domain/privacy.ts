import type { Db } from '../db/client.js';
import type { ParentsAway, Relation, Role } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { TELEGRAM } from './channel-accounts.js';
import { recordAudit } from './audit.js';
import { fieldText } from './children.js';
import type { Clock } from './clock.js';
import { eraseFamilyRecords, type ErasureCounts } from './erasure.js';
import { readMyRecords, type MyRecords } from './my-records.js';
import { formatTimeOfDay } from './time-of-day.js';

/** What is stored about the person themselves. Instants are ISO 8601 in UTC. */
export interface MyProfile {
  displayName: string;
  /** Their Telegram account's user id; null if they have none. */
  telegramId: number | null;
  /** Telegram's language code as last seen. */
  telegramLanguage: string | null;
  /** The language they chose with /language. */
  locale: string | null;
  /** The time zone they set; null means their school's. */
  timezone: string | null;
  /** The zone their quiet hours and dates are read in: their own, else their school's. */
  timezoneInEffect: string | null;
  quietHours: { start: string; end: string } | null;
  /** The number they shared for staff to call them, and their usual free time for a call (end 00:00: until midnight). */
  phone: string | null;
  freeHours: { start: string; end: string } | null;
  joinedAt: string;
  /** Messages addressed to them that are kept, waiting or already sent. */
  messagesKept: number;
  /** When they had their data deleted (name and settings cleared); null if never. */
  erasedAt: string | null;
}

/** A staff role held at a school. */
export interface MyRole {
  role: Role;
  school: string;
  className: string | null;
  classTeacher: boolean;
  since: string;
}

/** One child linked to the person, with the link and the child's file as stored. */
export interface MyChild {
  role: Role;
  relation: Relation;
  consentedAt: string;
  linkedAt: string;
  name: string;
  /** YYYY-MM-DD. */
  birthday: string | null;
  school: string;
  className: string | null;
  parentsAway: ParentsAway;
  workCity: string | null;
  boarding: boolean;
  notes: string | null;
  guardianName: string | null;
  guardianRelation: Relation | null;
  guardianPhone: string | null;
}

/** Everything Jiashu keeps about one person, the children linked to them, and what they wrote and received; JSON-safe. */
export interface MyData extends MyRecords {
  you: MyProfile;
  roles: MyRole[];
  children: MyChild[];
}

/** What a deletion removed. */
export interface DeletionCounts extends ErasureCounts {
  /** False when the person is also staff: their name and settings serve that role. */
  profileCleared: boolean;
}

/** A downloadable copy of MyData. */
export interface DataFile {
  fileName: string;
  body: Buffer;
}

export type ExportFormat = 'json' | 'csv';

/** The display name an erased profile keeps; the column cannot be null. */
const ERASED_NAME = '';

const BOM = '\uFEFF';

/** A CSV cell, quoted when needed; a leading = + - @ is defused so a spreadsheet shows it as text. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Flattens one section to `field, value` pairs; nested objects become `outer.inner`. */
function fieldsOf(record: object, prefix = ''): [string, string][] {
  return Object.entries(record).flatMap(([key, value]): [string, string][] => {
    if (value !== null && typeof value === 'object') return fieldsOf(value, `${prefix}${key}.`);
    return [[`${prefix}${key}`, value === null ? '' : String(value)]];
  });
}

/** The CSV file: one row per field, as `section,field,value`, UTF-8 with BOM for Excel. */
function toCsv(data: MyData): string {
  const sections: [string, object][] = [
    ['you', data.you],
    ...data.roles.map((role, i): [string, object] => [`role ${i + 1}`, role]),
    ...data.children.map((child, i): [string, object] => [`child ${i + 1}`, child]),
    ...data.letters.map((letter, i): [string, object] => [`letter ${i + 1}`, letter]),
    ...data.checkIns.map((checkIn, i): [string, object] => [`check-in ${i + 1}`, checkIn]),
    ...data.messages.map((message, i): [string, object] => [`message ${i + 1}`, message]),
    ...data.calls.map((call, i): [string, object] => [`call ${i + 1}`, call]),
    ...data.weeklyNotes.map((note, i): [string, object] => [`weekly note ${i + 1}`, note]),
    ...data.log.map((entry, i): [string, object] => [`log ${i + 1}`, entry]),
  ];
  const rows = [['section', 'field', 'value'], ...sections.flatMap(([section, record]) => fieldsOf(record).map((pair) => [section, ...pair]))];
  return BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * A parent's or guardian's rights over their own data (PIPL art. 44–47; children's data is
 * sensitive under art. 28): see it, take a copy, have it deleted. Every function reads and
 * changes the actor's own records only; other families are never reached.
 */
export function createPrivacy(db: Db, clock: Clock) {
  /** What is stored about the actor and their linked children, read fresh from the database. */
  async function myData(actor: Actor): Promise<MyData> {
    const [user, memberships, links, messagesKept, records] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { id: actor.userId }, include: { accounts: { where: { channel: TELEGRAM }, orderBy: { id: 'asc' }, take: 1 } } }),
      db.membership.findMany({
        where: { userId: actor.userId },
        include: { school: { select: { name: true, timezone: true } }, class: { select: { name: true } } },
        orderBy: { id: 'asc' },
      }),
      db.guardianLink.findMany({
        where: { userId: actor.userId },
        include: { child: { include: { school: { select: { name: true, timezone: true } }, class: { select: { name: true } } } } },
        orderBy: { id: 'asc' },
      }),
      db.outboxMessage.count({ where: { recipientId: actor.userId } }),
      readMyRecords(db, actor.userId),
    ]);
    const schoolZone = links[0]?.child.school.timezone ?? memberships[0]?.school.timezone ?? null;
    return {
      you: {
        displayName: user.displayName,
        telegramId: user.accounts[0] ? Number(user.accounts[0].externalId) : null,
        telegramLanguage: user.languageCode,
        locale: user.locale,
        timezone: user.timezone,
        timezoneInEffect: user.timezone ?? schoolZone,
        quietHours:
          user.quietStart === null || user.quietEnd === null || user.quietStart === user.quietEnd
            ? null
            : { start: formatTimeOfDay(user.quietStart), end: formatTimeOfDay(user.quietEnd) },
        phone: user.phone,
        freeHours: user.freeStart === null || user.freeEnd === null ? null : { start: formatTimeOfDay(user.freeStart), end: formatTimeOfDay(user.freeEnd) },
        joinedAt: user.createdAt.toISOString(),
        messagesKept,
        erasedAt: user.erasedAt?.toISOString() ?? null,
      },
      roles: memberships.map((m) => ({
        role: m.role,
        school: m.school.name,
        className: m.class?.name ?? null,
        classTeacher: m.classTeacher,
        since: m.createdAt.toISOString(),
      })),
      children: links.map(({ child, ...link }) => ({
        role: link.role,
        relation: link.relation,
        consentedAt: link.consentedAt.toISOString(),
        linkedAt: link.createdAt.toISOString(),
        name: child.name,
        birthday: fieldText(child.birthday),
        school: child.school.name,
        className: child.class?.name ?? null,
        parentsAway: child.parentsAway,
        workCity: child.workCity,
        boarding: child.boarding,
        notes: child.notes,
        guardianName: child.guardianName,
        guardianRelation: child.guardianRelation,
        guardianPhone: child.guardianPhone,
      })),
      ...records,
    };
  }

  return {
    myData,

    /** A copy of the actor's data to download; the export (its format, nothing else) is audited. */
    async exportMyData(actor: Actor, format: ExportFormat): Promise<DataFile> {
      const data = await myData(actor);
      const day = clock().toISOString().slice(0, 10);
      const body = format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : toCsv(data);
      await recordAudit(db, actor, { action: 'mydata.exported', entity: 'User', entityId: actor.userId, details: { format } });
      return { fileName: `jiashu-my-data-${day}.${format}`, body: Buffer.from(body, 'utf8') };
    },

    /**
     * Deletes the actor's family data in one transaction: everything they wrote or received
     * as family and every copy of it (see `eraseFamilyRecords`), and their name and settings.
     * The User row itself stays, with its channel accounts: the audit log and used invitations
     * point to it, so a used invitation cannot be re-used and the record of who did what
     * stays whole. The children's files are the school's record and stay untouched, and a
     * person who is also staff keeps their memberships, name and settings (only family data
     * goes). The audit entry holds counts only.
     */
    async deleteMyData(actor: Actor): Promise<DeletionCounts> {
      const counts = await db.$transaction(async (tx) => {
        const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { displayName: true, accounts: { where: { channel: TELEGRAM }, select: { externalId: true } } } });
        const isStaff = (await tx.membership.count({ where: { userId: actor.userId } })) > 0;
        const erased = await eraseFamilyRecords(tx, { userId: actor.userId, telegramChats: user.accounts.map((account) => account.externalId), nameToRemove: isStaff ? null : user.displayName });
        // The number and free time were given as family: they go even for someone who is also staff.
        await tx.user.update({ where: { id: actor.userId }, data: { phone: null, freeStart: null, freeEnd: null } });
        if (!isStaff) {
          await tx.user.update({
            where: { id: actor.userId },
            data: {
              displayName: ERASED_NAME,
              languageCode: null,
              locale: null,
              timezone: null,
              quietStart: null,
              quietEnd: null,
              unreachableAt: null,
              erasedAt: clock(),
            },
          });
        }
        return { ...erased, profileCleared: !isStaff };
      });
      await recordAudit(db, actor, { action: 'mydata.deleted', entity: 'User', entityId: actor.userId, details: { ...counts } });
      return counts;
    },
  };
}

export type Privacy = ReturnType<typeof createPrivacy>;
