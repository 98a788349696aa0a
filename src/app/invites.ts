import type { Actor } from '../domain/actor.js';
import type { Domain } from '../domain/index.js';
import type { InviteSpec } from '../domain/invites.js';
import {
  familyChildQuestion,
  inviteMenu,
  invitePreview,
  inviteReady,
  inviteRevoked,
  issuedInvites,
  joinedReply,
  noInvitesIssued,
  teacherClassQuestion,
  type IssuedInvites,
} from './invite-replies.js';
import { choiceChildren, familyChoices } from './family-message-replies.js';
import type { Reply } from './reply.js';
import type { InTransaction } from './unit.js';

type Joining = Parameters<Domain['invites']['acceptInvite']>[0];

/** Joining the school through an invitation: inviting, the issuer's list, revoking, and the invitee's preview and consent. */
export function createInviteUseCases(inTransaction: InTransaction) {
  return {
    /** `/invite`: whom the actor may invite. */
    menu: (actor: Actor) =>
      inTransaction(async ({ domain }) => inviteMenu(await domain.schools.schoolsAdministeredBy(actor), (await domain.children.childrenToInviteFamilyOf(actor)).length > 0)),

    /** Which of the school's classes an invited teacher is for. */
    teacherClasses: (actor: Actor, schoolId: number) =>
      inTransaction(async ({ domain }) => teacherClassQuestion(schoolId, (await domain.schools.classesOf(actor)).filter((each) => each.schoolId === schoolId))),

    /** Whose family to invite, among the children the actor may invite families of. */
    familyChildren: (actor: Actor) => inTransaction(async ({ domain }) => familyChildQuestion(await domain.children.childrenToInviteFamilyOf(actor))),

    /**
     * Issues an invitation (to a family member, a teacher, the keeper or an admin); `linkFor`
     * is the channel's own way to put the code in a link, which the reply shows.
     */
    issue: (actor: Actor, spec: InviteSpec, linkFor: (code: string) => string) =>
      inTransaction(async ({ domain }) => {
        const invite = await domain.invites.issueInvite(actor, spec);
        const link = linkFor(invite.code);
        return { invite, link, reply: inviteReady(invite, link) };
      }),

    /** The actor's invitations of the last 30 days, or a reply saying there are none. */
    issued: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<IssuedInvites | { reply: Reply }> => {
        const invites = await domain.invites.invitesIssuedBy(actor);
        return invites.length > 0 ? issuedInvites(invites) : { reply: noInvitesIssued() };
      }),

    /** Revokes an invitation not used yet. */
    revoke: (actor: Actor, inviteId: number) =>
      inTransaction(async ({ domain }) => {
        await domain.invites.revokeInvite(actor, inviteId);
        return { reply: inviteRevoked() };
      }),

    /** What an opened invitation means, to agree to; a wrong code counts against the hourly limit (kept even though it is refused). */
    preview: (actor: Actor, code: string) => inTransaction(async ({ domain }) => invitePreview(await domain.invites.previewInvite(actor, code), code)),

    /**
     * Accepts an invitation; a family member also gets the child's letters kept until someone
     * joined. `roles` are all the roles the person holds now, for the channel's command menu.
     */
    join: (actor: Joining, code: string) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const joined = await domain.invites.acceptInvite(actor, code);
        if (!joined.childName) return { joined, roles: await domain.users.rolesOf(actor), reply: joinedReply(joined, []) };
        await notifications.letters.kept(await domain.letters.keptForFamily(actor), now);
        const choices = familyChoices(choiceChildren(await domain.keptMessages.targets(actor)));
        return { joined, roles: await domain.users.rolesOf(actor), reply: joinedReply(joined, choices) };
      }),
  };
}
