import type { DeletionCounts, MyChild, MyData, MyProfile, MyRole } from '../domain/privacy.js';
import { timeZoneWords } from '../i18n/display-names.js';
import { isSupportedLocale } from '../i18n/locales.js';
import { wallClock } from '../i18n/wall-clock.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { displayPhone } from '../notifications/call-back.js';
import { reply, type Choice, type Reply } from './reply.js';

const BLANK = verbatim('');

/** An instant as the calendar day it was in the person's time zone. */
function dayOf(iso: string, zone: string | null): string {
  return wallClock(new Date(iso), zone ?? 'UTC').slice(0, 10);
}

type RecordKind = 'letters' | 'checkIns' | 'messages' | 'calls' | 'weeklyNotes';

/** How many of each kind of record the person wrote or received, the log aside; the download holds them in full. */
function recordCounts(data: MyData): [kind: RecordKind, n: number][] {
  return [
    ['letters', data.letters.length],
    ['checkIns', data.checkIns.length],
    ['messages', data.messages.length],
    ['calls', data.calls.length],
    ['weeklyNotes', data.weeklyNotes.length],
  ];
}

function hasRecords(data: MyData): boolean {
  return recordCounts(data).some(([, n]) => n > 0);
}

/** Nothing worth a full overview: the log of their own actions alone is told in the short answer. */
function isEmpty(data: MyData): boolean {
  const { you } = data;
  return data.children.length === 0 && data.roles.length === 0 && !you.locale && !you.timezone && !you.quietHours && !you.phone && !you.freeHours && you.messagesKept === 0 && !hasRecords(data);
}

/**
 * Whether deleting would remove anything: staff keep their name and settings on deletion, so
 * they have something to delete only as family; an erased profile has nothing left.
 */
export function hasDeletable(data: MyData): boolean {
  const profileLeft = data.roles.length === 0 && data.you.erasedAt === null;
  return profileLeft || data.children.length > 0 || data.you.messagesKept > 0 || hasRecords(data);
}

/**
 * What is kept about the person themselves. `telegramLanguage` is their Telegram language's
 * name in the reader's language (a name no locale file holds).
 */
function profileLines(you: MyProfile, telegramLanguage: string | null): Words[] {
  const zone = you.timezoneInEffect;
  return [
    words('myData.you.heading'),
    words('myData.you.name', { value: you.displayName ? verbatim(you.displayName) : words('myData.notFilled') }),
    words('myData.you.telegramId', { value: String(you.telegramId) }),
    words('myData.you.locale', { value: isSupportedLocale(you.locale) ? words('language.name', { lng: you.locale }) : words('myData.notChosen') }),
    words('myData.you.telegramLanguage', { value: telegramLanguage ?? words('myData.notKnown') }),
    you.timezone
      ? words('myData.you.timezoneOwn', { zone: timeZoneWords(you.timezone) })
      : zone
        ? words('myData.you.timezoneSchool', { zone: timeZoneWords(zone) })
        : words('myData.you.timezoneNone'),
    you.quietHours ? words('myData.you.quietHours', { from: you.quietHours.start, to: you.quietHours.end }) : words('myData.you.quietNone'),
    ...(you.phone ? [words('myData.you.phone', { value: displayPhone(you.phone) })] : []),
    ...(you.freeHours ? [words('myData.you.freeHours', { from: you.freeHours.start, to: you.freeHours.end })] : []),
    words('myData.you.joined', { date: dayOf(you.joinedAt, zone) }),
    ...(you.messagesKept > 0 ? [words('myData.you.messages', { count: you.messagesKept })] : []),
  ];
}

function roleLines(roles: readonly MyRole[], zone: string | null): Words[] {
  if (roles.length === 0) return [];
  return [
    BLANK,
    words('myData.roles.heading'),
    ...roles.map((r) => {
      const role = r.classTeacher ? words('myData.roles.classTeacher') : words(`roles.${r.role}`);
      const date = dayOf(r.since, zone);
      return r.className ? words('myData.roles.inClass', { role, className: r.className, school: r.school, date }) : words('myData.roles.atSchool', { role, school: r.school, date });
    }),
  ];
}

function childWords(child: MyChild, zone: string | null): Words {
  const or = (value: string | null) => (value === null ? words('myData.notFilled') : verbatim(value));
  return joined([
    words('myData.child.heading', { name: child.name }),
    words('myData.child.link', { relation: words(`myData.relation.${child.relation}`), date: dayOf(child.consentedAt, zone) }),
    words('myData.child.birthday', { value: or(child.birthday) }),
    child.className ? words('myData.child.class', { className: child.className, school: child.school }) : words('myData.child.noClass', { school: child.school }),
    words('myData.child.parentsAway', { value: words(`myData.parentsAway.${child.parentsAway}`) }),
    words('myData.child.workCity', { value: or(child.workCity) }),
    words('myData.child.boarding', { value: words(child.boarding ? 'myData.yes' : 'myData.no') }),
    words('myData.child.notes', { value: or(child.notes) }),
    words('myData.child.guardianName', { value: or(child.guardianName) }),
    words('myData.child.guardianRelation', { value: child.guardianRelation ? words(`myData.relation.${child.guardianRelation}`) : words('myData.notFilled') }),
    words('myData.child.guardianPhone', { value: or(child.guardianPhone) }),
  ]);
}

function recordLines(data: MyData): Words[] {
  const lines = recordCounts(data)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => words(`myData.records.${kind}`, { n }));
  if (data.log.length > 0) lines.push(words('myData.records.log', { n: data.log.length }));
  return lines.length === 0 ? [] : [words('myData.records.heading'), ...lines, words('myData.records.inFull')];
}

function offerChoices(data: MyData): Choice[][] {
  const downloads: Choice[] = [
    { label: words('myData.buttons.json'), action: { name: 'myData.download', format: 'json' } },
    { label: words('myData.buttons.csv'), action: { name: 'myData.download', format: 'csv' } },
  ];
  return [downloads, hasDeletable(data) ? [{ label: words('myData.buttons.delete'), action: { name: 'myData.delete' } }] : []];
}

/**
 * `/mydata` as messages, in order: what is kept about the person (and their roles), each
 * linked child's file, what they wrote and received, and who sees it all with the offer to
 * download or delete; or one short answer when nothing worth showing is kept.
 */
export function myDataMessages(data: MyData, telegramLanguage: string | null): Reply[] {
  if (isEmpty(data)) return [reply(words(data.you.erasedAt ? 'myData.nothingErased' : 'myData.nothing'))];
  const zone = data.you.timezoneInEffect;
  const children = data.children.length > 0 ? words('myData.childrenCount', { count: data.children.length }) : words('myData.noChildren');
  const overview = joined([words('myData.title'), BLANK, ...profileLines(data.you, telegramLanguage), ...roleLines(data.roles, zone), BLANK, children]);
  const records = recordLines(data);
  const closing = data.children.length > 0 ? [words('myData.whoSees'), BLANK, words('myData.offer')] : [words('myData.offer')];
  return [
    reply(overview),
    ...data.children.map((child) => reply(childWords(child, zone))),
    ...(records.length > 0 ? [reply(joined(records))] : []),
    reply(joined(closing), offerChoices(data)),
  ];
}

/** What deleting would remove and what stays, asked to be confirmed. */
export function deletionQuestion(data: MyData): Reply {
  const isStaff = data.roles.length > 0;
  const names = joined(data.children.map((child) => verbatim(child.name)), words('myData.listSeparator'));
  const lines = [
    words('myData.confirm.title'),
    ...(data.children.length > 0 ? [words('myData.confirm.links', { names })] : []),
    ...(isStaff ? [] : [words('myData.confirm.profile')]),
    ...(data.you.messagesKept > 0 ? [words('myData.confirm.messages')] : []),
    ...(hasRecords(data) ? [words('myData.confirm.records')] : []),
    BLANK,
    ...(isStaff ? [words('myData.staffKept')] : []),
    ...(data.children.length > 0 ? [words('myData.confirm.schoolKeeps')] : []),
    words('myData.confirm.log'),
    words('myData.confirm.final'),
  ];
  return reply(joined(lines), [
    [
      { label: words('myData.buttons.confirm'), action: { name: 'myData.deleteYes' } },
      { label: words('myData.buttons.keep'), action: { name: 'myData.deleteNo' } },
    ],
  ]);
}

/** What a deletion removed, and what stays and why; or that there was nothing to delete. */
export function deletionDone(counts: DeletionCounts): Reply {
  const removed = [
    ...(counts.guardianLinks > 0 ? [words('myData.deleted.links', { count: counts.guardianLinks })] : []),
    ...(counts.profileCleared ? [words('myData.deleted.profile')] : []),
    ...(counts.outboxMessages > 0 ? [words('myData.deleted.messages', { count: counts.outboxMessages })] : []),
    ...(counts.letters > 0 ? [words('myData.records.letters', { n: counts.letters })] : []),
    ...(counts.checkIns > 0 ? [words('myData.records.checkIns', { n: counts.checkIns })] : []),
    ...(counts.familyMessages > 0 ? [words('myData.records.messages', { n: counts.familyMessages })] : []),
    ...(counts.callBookings > 0 ? [words('myData.deleted.calls', { n: counts.callBookings })] : []),
    ...(counts.noteCopies > 0 ? [words('myData.records.weeklyNotes', { n: counts.noteCopies })] : []),
    ...(counts.copiesToOthers > 0 ? [words('myData.deleted.copies', { n: counts.copiesToOthers })] : []),
  ];
  if (removed.length === 0) return nothingToDelete;
  return reply(
    joined([
      words('myData.deleted.title'),
      ...removed,
      BLANK,
      ...(counts.profileCleared ? [] : [words('myData.staffKept')]),
      ...(counts.guardianLinks > 0 ? [words('myData.deleted.schoolKeeps')] : []),
      ...(counts.profileCleared ? [words('myData.deleted.telegramId')] : []),
      words('myData.deleted.log'),
    ]),
  );
}

/** The answer to "delete my data" when nothing is left to delete. */
export const nothingToDelete: Reply = reply(words('myData.deleted.nothing'));

/** The answer to "keep my data" at the confirmation. */
export const nothingDeleted: Reply = reply(words('myData.kept'));
