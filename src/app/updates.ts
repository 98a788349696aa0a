import type { Actor } from '../domain/actor.js';
import type { NewUpdate } from '../domain/updates.js';
import type { InTransaction } from './unit.js';

/** Teachers' updates about children. */
export function createUpdateUseCases(inTransaction: InTransaction) {
  return {
    /**
     * Posts a quick update; a concern also goes to each child's family and asks the paired
     * (or class) teacher to follow up. `told` is what the concern notices reached, null for a plain update.
     */
    post: (actor: Actor, input: NewUpdate) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const saved = await domain.updates.createUpdate(actor, input);
        return { saved, told: saved.concern ? await notifications.concern(saved, now) : null };
      }),
  };
}
