import { sqliteOf, type Db } from '../db/client.js';
import type { Role } from '../db/generated/enums.js';
import type { Locale } from '../i18n/locales.js';
import type { Actor } from './actor.js';
import type { ChannelAddress, ChannelName } from './channel-accounts.js';
import { DomainError } from './errors.js';
import type { MinuteOfDay } from './time-of-day.js';

/** What a person tells us about themselves by writing to the bot. */
export interface ChatProfile {
  /** The account the person wrote from. */
  account: ChannelAddress;
  displayName: string;
  languageCode?: string;
}

/** A user as the rest of the app sees it: plain, JSON-safe values. */
export interface UserView {
  id: number;
  displayName: string;
  languageCode: string | null;
  locale: string | null;
  /** The person's own quiet hours; null when they have none (see `quietHoursChosen`). */
  quietHours: QuietHours | null;
  /** False until the person sets quiet hours: then the default night window applies. */
  quietHoursChosen: boolean;
  /** True after they had their data deleted (/mydata), until they join again. */
  erased: boolean;
}

/** A daily window, in the user's local time, when only urgent messages may reach them. */
export interface QuietHours {
  start: MinuteOfDay;
  end: MinuteOfDay;
}

type UserRow = {
  id: number;
  displayName: string;
  languageCode: string | null;
  locale: string | null;
  quietStart: number | null;
  quietEnd: number | null;
  erasedAt?: Date | string | null;
};

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    displayName: row.displayName,
    languageCode: row.languageCode,
    locale: row.locale,
    quietHours: row.quietStart === null || row.quietEnd === null || row.quietStart === row.quietEnd ? null : { start: row.quietStart, end: row.quietEnd },
    quietHoursChosen: row.quietStart !== null,
    erased: Boolean(row.erasedAt),
  };
}

/** The user row every update needs, found through their channel account by one prepared statement rather than a Prisma query. */
type SeenUserRow = UserRow & { unreachableAt: string | null; erasedAt: string | null };

/** Roles in the order menus and help list them: staff first, then family. */
const ROLE_ORDER: readonly Role[] = ['ADMIN', 'TEACHER', 'KEEPER', 'PARENT', 'GUARDIAN'];

/** People and their own settings: each function acts on the actor's own record only. */
export function createUsers(db: Db) {
  const connection = sqliteOf(db);
  const findByAccount = (account: ChannelAddress) =>
    connection.get<SeenUserRow>(
      'SELECT "User"."id", "displayName", "languageCode", "locale", "quietStart", "quietEnd", "unreachableAt", "erasedAt" FROM "ChannelAccount" JOIN "User" ON "User"."id" = "ChannelAccount"."userId" WHERE "channel" = ? AND "externalId" = ?',
      account.channel,
      account.externalId,
    );
  return {
    /**
     * Finds or creates the user behind an update. Writes only when something changed,
     * since it runs on every update, and never for someone whose data was erased. Someone
     * marked unreachable (they had blocked the bot) who writes again is reachable again.
     */
    async ensureUser(profile: ChatProfile): Promise<UserView> {
      const languageCode = profile.languageCode ?? null;
      const existing = await findByAccount(profile.account);
      if (!existing) {
        return toView(await db.user.create({ data: { displayName: profile.displayName, languageCode, accounts: { create: profile.account } } }));
      }
      if (existing.erasedAt) return toView(existing);
      const unchanged = existing.displayName === profile.displayName && existing.languageCode === languageCode;
      if (unchanged && !existing.unreachableAt) return toView(existing);
      return toView(
        await db.user.update({
          where: { id: existing.id },
          data: { displayName: profile.displayName, languageCode, unreachableAt: null },
        }),
      );
    },

    /** A user by their channel account, read only; null for someone who never wrote to the bot. */
    async byAccount(account: ChannelAddress): Promise<UserView | null> {
      const row = await findByAccount(account);
      return row ? toView(row) : null;
    },

    /** Where a person is reached on a channel (their oldest account there), for a message sent to someone else; null when they have none. */
    async addressOn(person: Actor, channel: ChannelName): Promise<string | null> {
      const account = await db.channelAccount.findFirst({ where: { userId: person.userId, channel }, orderBy: { id: 'asc' }, select: { externalId: true } });
      return account?.externalId ?? null;
    },

    /** The actor's record as it is now. */
    async me(actor: Actor): Promise<UserView> {
      return toView(await db.user.findUniqueOrThrow({ where: { id: actor.userId } }));
    },

    /** Stores the language the actor chose; it wins over Telegram's language from now on. */
    async chooseLocale(actor: Actor, locale: Locale): Promise<void> {
      await db.user.update({ where: { id: actor.userId }, data: { locale } });
    },

    /**
     * Sets the actor's quiet hours, or turns them off (null): stored as an empty window, so
     * that "none, write to me any time" differs from "never chosen" (the default night window).
     */
    async setQuietHours(actor: Actor, hours: QuietHours | null): Promise<void> {
      if (hours && hours.start === hours.end) throw new DomainError('quiet-hours-empty');
      await db.user.update({
        where: { id: actor.userId },
        data: { quietStart: hours?.start ?? 0, quietEnd: hours?.end ?? 0 },
      });
    },

    /** Every role the actor holds anywhere, for menus and help; access checks look deeper. */
    async rolesOf(actor: Actor): Promise<Role[]> {
      const rows = await connection.all<{ role: Role }>('SELECT "role" FROM "Membership" WHERE "userId" = ? UNION SELECT "role" FROM "GuardianLink" WHERE "userId" = ?', actor.userId, actor.userId);
      const held = new Set(rows.map((row) => row.role));
      return ROLE_ORDER.filter((role) => held.has(role));
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
