import type { Db } from '../../src/db/client.js';
import type { Prisma } from '../../src/db/generated/client.js';
import { TELEGRAM } from '../../src/domain/channel-accounts.js';

/**
 * A new user's Telegram account, nested in the user's create:
 * `db.user.create({ data: { accounts: onTelegram(6001n), displayName: '陈静' } })`.
 */
export function onTelegram(telegramUserId: number | bigint): Prisma.ChannelAccountCreateNestedManyWithoutUserInput {
  return { create: { channel: TELEGRAM, externalId: String(telegramUserId) } };
}

/** Matches the user with this Telegram id in any `where` on users: `findFirstOrThrow({ where: withTelegram(6001n) })`. */
export function withTelegram(telegramUserId: number | bigint): Prisma.UserWhereInput {
  return { accounts: { some: { channel: TELEGRAM, externalId: String(telegramUserId) } } };
}

/**
 * Creates many users with their Telegram accounts in two statements (Prisma's `createMany`
 * cannot nest); returns their ids in the order given.
 */
export async function createTelegramUsers(db: Db, users: readonly (Omit<Prisma.UserCreateManyInput, 'id'> & { telegramId: number | bigint })[]): Promise<number[]> {
  const first = ((await db.user.aggregate({ _max: { id: true } }))._max.id ?? 0) + 1;
  await db.user.createMany({ data: users.map(({ telegramId: _telegramId, ...user }, i) => ({ ...user, id: first + i })) });
  await db.channelAccount.createMany({ data: users.map((user, i) => ({ userId: first + i, channel: TELEGRAM, externalId: String(user.telegramId) })) });
  return users.map((_, i) => first + i);
}
