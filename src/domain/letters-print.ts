import type { Db } from '../db/client.js';
import type { Prisma } from '../db/generated/client.js';
import type { Relation } from '../db/generated/enums.js';
import type { Actor } from './actor.js';
import { childActions, loadScope, readableChildren, type Scope } from './access.js';
import { recordAudit } from './audit.js';
import { DomainError } from './errors.js';
import { instantOf } from './zoned-time.js';

/** One part of a letter as it is printed: its text, a photo (by file id), the fact of a voice note, or of a video with its caption. */
export type PrintablePart = { kind: 'text'; text: string } | { kind: 'photo'; fileId: string } | { kind: 'voice' } | { kind: 'video'; caption?: string };

/** A letter to a child with everything the printed page shows. */
export interface PrintableLetter {
  id: number;
  childName: string;
  authorName: string;
  /** How the author is related to the child; null when they are no longer linked. */
  relation: Relation | null;
  writtenAt: Date;
  /** The school's time zone, in which the date is printed. */
  timezone: string;
  parts: PrintablePart[];
}

/** A calendar date such as 2026-12-01, as a keeper types it after /print. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const letterInclude = {
  child: { include: { school: { select: { timezone: true } }, guardianLinks: { select: { userId: true, relation: true } } } },
  author: { select: { displayName: true } },
  parts: { orderBy: { position: 'asc' } },
} satisfies Prisma.LetterInclude;

type LoadedLetter = Prisma.LetterGetPayload<{ include: typeof letterInclude }>;

function printablePart(part: LoadedLetter['parts'][number]): PrintablePart | undefined {
  if (part.kind === 'text' && part.text) return { kind: 'text', text: part.text };
  if (part.kind === 'photo' && part.fileId) return { kind: 'photo', fileId: part.fileId };
  if (part.kind === 'voice') return { kind: 'voice' };
  if (part.kind === 'video' || part.kind === 'video_note') return { kind: 'video', ...(part.text ? { caption: part.text } : {}) };
  return undefined;
}

function printable(letter: LoadedLetter): PrintableLetter {
  return {
    id: letter.id,
    childName: letter.child.name,
    authorName: letter.author.displayName,
    relation: letter.child.guardianLinks.find((link) => link.userId === letter.authorId)?.relation ?? null,
    writtenAt: letter.createdAt,
    timezone: letter.child.school.timezone,
    parts: letter.parts.map(printablePart).filter((part) => part !== undefined),
  };
}

/** The schools whose letters the actor may print: those they keep the Children's Home of, or run. */
function printingSchools(scope: Scope): number[] {
  return [...new Set([...scope.keeperOf, ...scope.adminOf])];
}

/** Reads `YYYY-MM-DD` into a real calendar date; undefined for anything else. */
export function parseLocalDate(value: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : undefined;
}

/** Printing letters for the Children's Home: keepers and admins of the child's school only. */
export function createLetterPrinting(db: Db) {
  async function audited(actor: Actor, letters: PrintableLetter[]): Promise<PrintableLetter[]> {
    if (letters.length > 0) {
      await recordAudit(db, actor, { action: 'letters.printed', entity: 'Letter', entityId: letters.length === 1 ? letters[0]!.id : undefined, details: { count: letters.length } });
    }
    return letters;
  }

  return {
    /**
     * One letter to a child, for a keeper or admin of the child's school who may read the
     * child's file. Anything else, a missing letter included, is refused as `forbidden`.
     */
    async letter(actor: Actor, letterId: number): Promise<PrintableLetter> {
      const letter = Number.isSafeInteger(letterId) ? await db.letter.findUnique({ where: { id: letterId }, include: letterInclude }) : null;
      const scope = await loadScope(db, actor);
      const allowed =
        letter !== null &&
        letter.direction === 'TO_CHILD' &&
        printingSchools(scope).includes(letter.child.schoolId) &&
        childActions(scope, letter.child).has('read');
      if (!allowed) {
        await recordAudit(db, actor, { action: 'access.refused', entity: 'Letter', entityId: Number.isSafeInteger(letterId) ? letterId : undefined, details: { attempted: 'print' } });
        throw new DomainError('forbidden');
      }
      return (await audited(actor, [printable(letter)]))[0]!;
    },

    /**
     * The letters still waiting at the Children's Homes the actor keeps (or runs), by child
     * and then by arrival: all of them, or only those that arrived on `day` in each school's
     * time zone. Refused as `forbidden` for someone who is neither keeper nor admin.
     */
    async waiting(actor: Actor, day?: LocalDate): Promise<PrintableLetter[]> {
      const scope = await loadScope(db, actor);
      const schoolIds = printingSchools(scope);
      if (schoolIds.length === 0) throw new DomainError('forbidden');
      const schools = await db.school.findMany({ where: { id: { in: schoolIds } }, select: { id: true, timezone: true } });
      const arrived = schools.map(({ id, timezone }): Prisma.LetterWhereInput => {
        if (!day) return { child: { schoolId: id } };
        const from = instantOf(day.year, day.month, day.day, 0, timezone);
        const to = instantOf(day.year, day.month, day.day, 24 * 60, timezone);
        return { child: { schoolId: id }, createdAt: { gte: from, lt: to } };
      });
      const letters = await db.letter.findMany({
        where: { status: 'WAITING', direction: 'TO_CHILD', child: readableChildren(scope), OR: arrived },
        include: letterInclude,
        orderBy: [{ child: { name: 'asc' } }, { createdAt: 'asc' }],
      });
      return audited(actor, letters.map(printable));
    },
  };
}
