import type { Relation } from '../db/generated/enums.js';
import type { ChildListItem } from '../domain/children.js';
import type { InviteListItem, InvitePreview, IssuedInvite } from '../domain/invites.js';
import type { ClassView } from '../domain/schools.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

const relations: readonly Relation[] = ['MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN'];

/** One invitation in its issuer's list, with the choice to withdraw it while it is pending. */
export interface IssuedEntry {
  line: Words;
  revoke?: Choice;
}

/** `/invites`: the title and every invitation of the last 30 days, numbered, for the channel to show a window at a time. */
export interface IssuedInvites {
  title: Words;
  entries: IssuedEntry[];
}

/** `/invite`: whom the actor may invite: a teacher or the keeper for each school they administer (named when several), a family when they have children. */
export function inviteMenu(schools: readonly { id: number; name: string }[], familiesToInvite: boolean): Reply {
  const named = (label: Words, school: { name: string }) => (schools.length > 1 ? joined([label, verbatim(` · ${school.name}`)], '') : label);
  const choices: Choice[][] = schools.map((school) => [
    { label: named(words('invites.teacher'), school), action: { name: 'invite.teacher', schoolId: school.id } },
    { label: named(words('invites.keeper'), school), action: { name: 'invite.keeper', schoolId: school.id } },
  ]);
  if (familiesToInvite) choices.push([{ label: words('invites.family'), action: { name: 'invite.family' } }]);
  return choices.length > 0 ? reply(words('invites.whom'), choices) : reply(words('invites.nobodyToInvite'));
}

/** Which class a teacher is invited to (three to a row), or none yet. */
export function teacherClassQuestion(schoolId: number, classes: readonly ClassView[]): Reply {
  return reply(words('invites.whichClass'), [
    ...rows(classes.map((each) => ({ label: verbatim(each.name), action: { name: 'invite.teacherClass', schoolId, classId: each.id } })), 3),
    [{ label: words('invites.noClassYet'), action: { name: 'invite.teacherKind', schoolId, classId: 0, classTeacher: false } }],
  ]);
}

/** Whether the invited teacher is the class's class teacher or a subject teacher. */
export function teacherKindQuestion(schoolId: number, classId: number): Reply {
  return reply(words('invites.whichKind'), [
    [
      { label: words('invites.classTeacher'), action: { name: 'invite.teacherKind', schoolId, classId, classTeacher: true } },
      { label: words('invites.subjectTeacher'), action: { name: 'invite.teacherKind', schoolId, classId, classTeacher: false } },
    ],
  ]);
}

/** Whose family to invite, three children to a row. */
export function familyChildQuestion(children: readonly ChildListItem[]): Reply {
  return reply(words('invites.whichChild'), rows(children.map((child) => ({ label: verbatim(child.name), action: { name: 'invite.familyChild', childId: child.id } })), 3));
}

/** Who in the child's family is invited: mother, father, grandparent or another guardian. */
export function relationQuestion(childId: number): Reply {
  return reply(words('invites.whichRelation'), [relations.map((relation) => ({ label: words(`relations.${relation}`), action: { name: 'invite.familyRelation', childId, relation } }))]);
}

/** An invitation made: its link (built by the channel it is for) and until when it works, on the school's clock. */
export function inviteReady(invite: IssuedInvite, link: string): Reply {
  return reply(words('invites.ready', { link, until: wallClock(new Date(invite.expiresAt), invite.timezone) }));
}

function inviteeWords(invite: InviteListItem): Words {
  if (invite.childName) return words('invites.lineFamily', { relation: words(`relations.${invite.relation ?? 'OTHER_GUARDIAN'}`), child: invite.childName });
  const role = words(`roles.${invite.role}`);
  return invite.className ? joined([role, verbatim(` · ${invite.className}`)], '') : role;
}

/** The actor's invitations, numbered: whom, its state and its last day; a "withdraw N" choice for each pending one. */
export function issuedInvites(invites: readonly InviteListItem[]): IssuedInvites {
  const entries = invites.map((invite, index): IssuedEntry => {
    const number = index + 1;
    const line = joined([verbatim(`${number}. `), inviteeWords(invite), verbatim(' — '), words(`invites.status.${invite.status}`), verbatim(` (${invite.expiresAt.slice(0, 10)})`)], '');
    if (invite.status !== 'pending') return { line };
    return { line, revoke: { label: words('invites.revokeNumber', { number }), action: { name: 'invite.revoke', inviteId: invite.id } } };
  });
  return { title: words('invites.listTitle'), entries };
}

/** `/invites` for someone who issued none lately. */
export function noInvitesIssued(): Reply {
  return reply(words('invites.noneIssued'));
}

/** Asks whether to withdraw an invitation. */
export function revokeQuestion(inviteId: number): Reply {
  return reply(words('invites.revokeConfirm'), [
    [
      { label: words('invites.revokeYes'), action: { name: 'invite.revokeYes', inviteId } },
      { label: words('invites.revokeNo'), action: { name: 'invite.revokeNo' } },
    ],
  ]);
}

/** The invitation withdrawn. */
export function inviteRevoked(): Reply {
  return reply(words('invites.revoked'));
}

/** The invitation left as it was. */
export function inviteKept(): Reply {
  return reply(words('invites.kept'));
}

function inviteWords(invite: InvitePreview): Words {
  const inviter = invite.inviterName ?? words('join.theSchool');
  if (invite.childName && invite.relation) {
    return joined([
      words('join.familyInvite', { inviter, school: invite.schoolName, child: invite.childName, relation: words(`relations.${invite.relation}`) }),
      verbatim(''),
      words('join.familyData', { child: invite.childName }),
    ]);
  }
  const place = invite.className ? words('join.inClass', { className: invite.className }) : '';
  return joined([words('join.staffInvite', { inviter, school: invite.schoolName, role: words(`roles.${invite.role}`), place }), verbatim(''), words('join.staffData')]);
}

/** What someone opening an invitation is told before agreeing (who invites whom, to what, what the school keeps), with "I agree" and "no". */
export function invitePreview(invite: InvitePreview, code: string): Reply {
  return reply(joined([inviteWords(invite), words('join.privacy')], '\n\n'), [
    [
      { label: words('join.agree'), action: { name: 'join.agree', code } },
      { label: words('join.decline'), action: { name: 'join.decline' } },
    ],
  ]);
}

/** Joined: a family member hears whose family they joined, with the family's usual choices under it; staff, their role and school. */
export function joinedReply(joined: InvitePreview, familyChoices: Choice[][]): Reply {
  if (joined.childName) return reply(words('join.joinedFamily', { child: joined.childName }), familyChoices);
  return reply(words('join.joinedStaff', { role: words(`roles.${joined.role}`), school: joined.schoolName }));
}

/** The invitation was declined. */
export function joinDeclined(): Reply {
  return reply(words('join.declined'));
}
