import type { Actor } from '../domain/actor.js';
import type { Domain } from '../domain/index.js';
import type { InviteSpec } from '../domain/invites.js';
import type { InTransaction } from './unit.js';

type Joining = Parameters<Domain['invites']['acceptInvite']>[0];

/** Joining the school through an invitation. */
export function createInviteUseCases(inTransaction: InTransaction) {
  return {
    /** Issues an invitation (to a family member, a teacher, the keeper or an admin). */
    issue: (actor: Actor, spec: InviteSpec) => inTransaction(({ domain }) => domain.invites.issueInvite(actor, spec)),

    /** Revokes an invitation not used yet. */
    revoke: (actor: Actor, inviteId: number) => inTransaction(({ domain }) => domain.invites.revokeInvite(actor, inviteId)),

    /** Accepts an invitation; a family member also gets the child's letters kept until someone joined. */
    join: (actor: Joining, code: string) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const joined = await domain.invites.acceptInvite(actor, code);
        if (joined.childName) await notifications.letters.kept(await domain.letters.keptForFamily(actor), now);
        return joined;
      }),
  };
}
