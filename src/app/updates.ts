import type { Actor } from '../domain/actor.js';
import type { UpdateCategory } from '../db/generated/enums.js';
import type { FollowUpKind, NewUpdate, UpdateTarget } from '../domain/updates.js';
import { words } from '../i18n/words.js';
import { childPickerReply } from './child-replies.js';
import { reply, type Reply } from './reply.js';
import {
  categoryQuestion,
  deleteQuestion,
  editQuestion,
  followUpLogged,
  growthRecordList,
  newCategoryQuestion,
  noRecentUpdates,
  recentUpdatesList,
  searchResult,
  staffOnly,
  targetPicker,
  targetWords,
  updateEdited,
  updatePosted,
  type TitledList,
} from './update-replies.js';
import type { InTransaction } from './unit.js';

/** Teachers' updates about children: posting, changing and taking back, concerns' follow-ups, the growth record. */
export function createUpdateUseCases(inTransaction: InTransaction) {
  return {
    /** Whether the person may post updates (a teacher or an admin somewhere); anyone else is told it is the staff's. */
    mayPost: (actor: Actor) =>
      inTransaction(async ({ domain }): Promise<{ posting: true } | { reply: Reply }> => {
        const roles = await domain.users.rolesOf(actor);
        return roles.includes('TEACHER') || roles.includes('ADMIN') ? { posting: true } : { reply: staffOnly() };
      }),

    /** Whom a quick update may be about (recent children first, then whole classes); `canPick` is false when there is nobody. */
    whomAbout: (actor: Actor) =>
      inTransaction(async ({ domain }) => {
        const choices = await domain.updates.targetChoices(actor);
        return { canPick: choices.children.length > 0 || choices.classes.length > 0, reply: targetPicker(choices.children, choices.classes) };
      }),

    /** The children a typed name finds, to press instead of the first choices. */
    search: (actor: Actor, query: string) => inTransaction(async ({ domain }) => searchResult(query, await domain.updates.searchChildren(actor, query))),

    /** A pressed child or class, checked again: whom it names, and the question of the update's category. */
    pickTarget: (actor: Actor, target: UpdateTarget) =>
      inTransaction(async ({ domain }) => {
        const named = targetWords(await domain.updates.checkTarget(actor, target));
        return { target: named, reply: categoryQuestion(named) };
      }),

    /**
     * Posts a quick update; a concern also goes to each child's family and asks the paired
     * (or class) teacher to follow up. `told` is what the concern notices reached, null for a
     * plain update; the reply says where it was recorded and whom it reached.
     */
    post: (actor: Actor, input: NewUpdate) =>
      inTransaction(async ({ domain, notifications, now }) => {
        const saved = await domain.updates.createUpdate(actor, input);
        const told = saved.concern ? await notifications.concern(saved, now) : null;
        const target = targetWords(await domain.updates.checkTarget(actor, input.target));
        return { saved, told, reply: updatePosted(target, input.category, told, input.urgent) };
      }),

    /** The author's updates of the last 24 hours, a window of ten with Edit and Delete each; or that there are none. */
    recent: (actor: Actor, requested: number) =>
      inTransaction(async ({ domain }): Promise<{ none: Reply } | { list: TitledList }> => {
        const all = await domain.updates.myRecentUpdates(actor);
        return all.length === 0 ? { none: noRecentUpdates() } : { list: recentUpdatesList(all, requested) };
      }),

    /** What to change of one of the author's updates (still within 24 hours). */
    editQuestion: (actor: Actor, updateId: number) => inTransaction(async ({ domain }) => editQuestion(await domain.updates.myUpdate(actor, updateId))),

    /** Checks that the author may still change an update before they are asked for its new text. */
    changeable: (actor: Actor, updateId: number) => inTransaction(async ({ domain }) => (await domain.updates.myUpdate(actor, updateId)).id),

    /** The new category of one of the author's updates (still within 24 hours), to press. */
    categoryQuestion: (actor: Actor, updateId: number) => inTransaction(async ({ domain }) => newCategoryQuestion((await domain.updates.myUpdate(actor, updateId)).id)),

    /** Changes an update's text or category (the author, within 24 hours); says whether families already hold the old words. */
    edit: (actor: Actor, updateId: number, changes: { text?: string | null; category?: UpdateCategory }) =>
      inTransaction(async ({ domain }) => {
        const edited = await domain.updates.editUpdate(actor, updateId, changes);
        return { ...edited, reply: updateEdited(edited.familiesHaveOld) };
      }),

    /** Whether to delete one of the author's updates (still within 24 hours), shown in short. */
    deleteQuestion: (actor: Actor, updateId: number) => inTransaction(async ({ domain }) => deleteQuestion(await domain.updates.myUpdate(actor, updateId))),

    /** Takes an update out of the growth record (the author, within 24 hours): the removal and its audit row together. */
    remove: (actor: Actor, updateId: number) =>
      inTransaction(async ({ domain }) => {
        await domain.updates.deleteUpdate(actor, updateId);
        return { reply: reply(words('updates.delete.done')) };
      }),

    /** Logs how a concern about a child was followed up (a call, a talk, a visit…); the reply offers a short note. */
    logFollowUp: (actor: Actor, updateId: number, childId: number, kind: FollowUpKind) =>
      inTransaction(async ({ domain }) => {
        const logged = await domain.updates.logFollowUp(actor, updateId, childId, kind);
        return { ...logged, reply: followUpLogged(kind) };
      }),

    /** Adds the actor's short note to a follow-up they logged. */
    noteFollowUp: (actor: Actor, followUpId: number, note: string) =>
      inTransaction(async ({ domain }) => {
        await domain.updates.noteFollowUp(actor, followUpId, note);
        return { reply: reply(words('updates.followUp.noted')) };
      }),

    /** Whose growth record to open: the children the reader may read (a typed part of a name narrows them), or that there are none. */
    whoseRecord: (actor: Actor, search?: string) =>
      inTransaction(async ({ domain }) => {
        const children = await domain.children.listChildren(actor, search);
        if (children.length === 0) return reply(words('childFile.noneVisible'));
        return childPickerReply(words('updates.record.pick'), 'record', children, (childId) => ({ name: 'record.child', childId }));
      }),

    /** A window of a child's growth record (newest first), for anyone who may read the child's file. */
    growthRecord: (actor: Actor, childId: number, page: number) => inTransaction(async ({ domain }) => growthRecordList(await domain.updates.growthRecord(actor, childId, page))),
  };
}
