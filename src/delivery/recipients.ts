import type { Db } from '../db/client.js';
import { quietWindowOf, type QuietWindow } from './quiet-hours.js';

/** What the worker needs to know about the person a message goes to. */
export interface Recipient {
  id: number;
  /** The person's account id on the worker's channel (a Telegram user id, as a string). */
  address: string;
  timeZone: string;
  /** Null: no quiet hours at all. */
  quietWindow: QuietWindow | null;
  unreachable: boolean;
}

/** What applies to someone who has set nothing themselves. */
export interface RecipientDefaults {
  timeZone: string;
  quietHours: QuietWindow | null;
}

const zoneValidity = new Map<string, boolean>();

function isKnownZone(name: string): boolean {
  let valid = zoneValidity.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    zoneValidity.set(name, valid);
  }
  return valid;
}

/** The first known zone of: the person's own, their linked child's school, their school as staff. */
function pickZone(candidates: (string | null | undefined)[], fallback: string): string {
  return candidates.find((zone): zone is string => typeof zone === 'string' && isKnownZone(zone)) ?? fallback;
}

/**
 * Loads the recipients of a batch in one query: their address on `channel` (their oldest
 * account there; someone with none is left out, so their messages are given up), whether the
 * channel said they are unreachable, and the quiet window and time zone that apply to them
 * (their own, else the school of a linked child or of their membership, else the defaults).
 */
export async function loadRecipients(db: Db, channel: string, ids: readonly number[], defaults: RecipientDefaults): Promise<Map<number, Recipient>> {
  const rows = await db.user.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: {
      id: true,
      accounts: { where: { channel }, select: { externalId: true }, orderBy: { id: 'asc' }, take: 1 },
      timezone: true,
      quietStart: true,
      quietEnd: true,
      unreachableAt: true,
      guardianLinks: { select: { child: { select: { school: { select: { timezone: true } } } } }, orderBy: { id: 'asc' }, take: 1 },
      memberships: { select: { school: { select: { timezone: true } } }, orderBy: { id: 'asc' }, take: 1 },
    },
  });
  return new Map(
    rows.flatMap((row) => {
      const account = row.accounts[0];
      if (!account) return [];
      const recipient: Recipient = {
        id: row.id,
        address: account.externalId,
        timeZone: pickZone([row.timezone, row.guardianLinks[0]?.child.school.timezone, row.memberships[0]?.school.timezone], defaults.timeZone),
        quietWindow: quietWindowOf(row, defaults.quietHours),
        unreachable: row.unreachableAt !== null,
      };
      return [[row.id, recipient] as const];
    }),
  );
}
