import type { Domain } from '../domain/index.js';
import type { InTransaction } from './unit.js';

type Joining = Parameters<Domain['invites']['acceptInvite']>[0];

/** Joining the school through an invitation. */
export function createInviteUseCases(inTransaction: InTransaction) {
  return {
    /** Accepts an invitation; a family member also gets the child's letters kept until someone joined. */
    join: (actor: Joining, code: string) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const joined = await domain.invites.acceptInvite(actor, code);
        if (joined.childName) await notifications.letters.kept(await domain.letters.keptForFamily(actor), now);
        return joined;
      }),
  };
}
