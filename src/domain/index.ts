import type { Db } from '../db/client.js';
import { createUsers } from './users.js';

/**
 * The school's rules in one object, wired once in `main.ts` and reached from chat
 * handlers as `ctx.domain`. Nothing in here knows about Telegram.
 */
export function createDomain(db: Db) {
  return {
    users: createUsers(db),
  };
}

export type Domain = ReturnType<typeof createDomain>;
