import { atHomeAnswers, talkFrequencies, UNSURE } from '../domain/check-ins.js';
import { childFieldOrder } from '../domain/child-fields.js';
import { FREE_HOURS_CHOICES, type FreeHoursChoice } from '../domain/family-phones.js';
import { CONTACT_KINDS } from '../domain/contacts.js';
import { EXPORT_KINDS } from '../domain/exports.js';
import { VISIT_SLOTS, type VisitSlot } from '../domain/planned-visits.js';
import { ALERT_KINDS, ALERT_STEPS } from '../domain/safeguarding.js';
import { staffRoles } from '../domain/staff.js';
import { followUpKinds, updateCategories } from '../domain/updates.js';
import { between, count, flag, id, idOr, oneOf, optional, page, pageOrLast, shaped, text, type Field, type Optional } from './fields.js';

/** Telegram's limit on a button's callback data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

type AnyField = Field<any>;

function action<const F extends Record<string, AnyField>>(wire: string, fields: F) {
  return { wire, fields };
}

/**
 * Every button the bot sends, by name: the prefix of its callback data (the wire format
 * buttons already in people's chats carry) and its typed fields, written after the prefix
 * in this order, separated by `:`. Notifications, jobs and chat features all build buttons
 * from here, so a button and its handler cannot drift apart.
 */
export const ACTIONS = {
  'letter.write': action('letter:write', { childId: id }),
  'letter.inbox': action('letter:inbox', {}),
  'letter.recordChild': action('letter:child', {}),
  'letter.childFor': action('letter:child', { childId: id }),
  'letter.replyFor': action('letter:reply', { childId: id }),
  'letter.open': action('letter:open', { letterId: id }),
  'letter.read': action('letter:read', { letterId: id }),
  'letter.hold': action('letter:hold', { letterId: id }),
  'letter.print': action('letter:print', { letterId: id }),
  'letter.thread': action('letter:thread', { childId: id, page: pageOrLast }),
  'letter.show': action('letter:show', { letterId: id }),
  'letter.send': action('letter:send', {}),
  'letter.discard': action('letter:discard', {}),
  'call.child': action('cbk:c', { childId: id }),
  'call.book': action('cbk:b', { childId: id }),
  'call.move': action('cbk:m', { bookingId: id }),
  'call.day': action('cbk:d', { childId: id, moveId: count, date: shaped(/^\d{8}$/) }),
  'call.slot': action('cbk:s', { childId: id, moveId: count, minute: count }),
  'call.cancel': action('cbk:x', { bookingId: id }),
  'call.cancelYes': action('cbk:xy', { bookingId: id }),
  'call.cancelNo': action('cbk:xn', {}),
  'schedule.page': action('csk:p', { schoolId: id, date: shaped(/^\d{4}-\d{1,2}-\d{1,2}$/), page, part: page }),
  'schedule.held': action('csk:h', { callId: id }),
  'schedule.missed': action('csk:m', { callId: id }),
  'callHours.school': action('chr:s', { schoolId: id }),
  'callHours.keep': action('chr:keep', {}),
  'callHours.cap': action('chr:cap', { cap: between(0, 9) }),
  'schedule.minutes': action('csk:min', { minutes: between(0, 999) }),
  'alert.step': action('sg', { step: oneOf(...ALERT_STEPS), alertId: id }),
  'alert.notifyParents': action('sg:notify', { alertId: id }),
  'alert.status': action('sg:status', { alertId: id }),
  'alert.child': action('sg:c', { childId: id }),
  'alert.kind': action('sg:k', { kind: oneOf(...ALERT_KINDS) }),
  'alert.noNote': action('sg:nn', {}),
  'note.received': action('wn:ack', { noteId: id }),
  'note.seeAll': action('wn:all', { noteId: id }),
  'note.answer': action('wn:ans', { childId: id }),
  'note.edit': action('wn:edit', { noteId: id }),
  'note.hold': action('wn:hold', { noteId: id }),
  'note.receipts': action('wn:rc', { page }),
  'familyMessage.answer': action('fm:a', { messageId: id }),
  'familyMessage.reply': action('fm:r', { messageId: id }),
  'kept.toChild': action('km:c', { childId: id }),
  'kept.toTeacher': action('km:t', { childId: id }),
  'checkIn.talk': action('ci:talk', { checkInId: id, often: oneOf(...talkFrequencies) }),
  'checkIn.worry': action('ci:w', { checkInId: id, mask: between(0, 99) }),
  'checkIn.worriesDone': action('ci:wd', { checkInId: id, mask: between(0, 99) }),
  'checkIn.home': action('ci:home', { checkInId: id, month: shaped(new RegExp(`^(\\d{4}-\\d{2}|${UNSURE})$`)) }),
  'checkIn.call': action('ci:call', { checkInId: id, answer: oneOf('YES', 'NO') }),
  'checkIn.atHome': action('ci:ah', { checkInId: id, answer: oneOf(...atHomeAnswers) }),
  'checkIn.skip': action('ci:skip', { checkInId: id }),
  'checkIn.open': action('ci:open', { checkInId: id }),
  'staff.school': action('st:s', { schoolId: id }),
  'staff.person': action('st:p', { schoolId: id, userId: id }),
  'staff.remove': action('st:r', { schoolId: id, userId: id, role: oneOf(...staffRoles) }),
  'staff.removeYes': action('st:y', { schoolId: id, userId: id, role: oneOf(...staffRoles) }),
  'staff.removeNo': action('st:n', {}),
  'class.add': action('cls:new', { schoolId: id }),
  'class.view': action('cls:v', { classId: id }),
  'class.addTeacher': action('cls:a', { classId: id, classTeacher: flag }),
  'class.assign': action('cls:s', { classId: id, userId: id, classTeacher: flag }),
  'invite.teacher': action('inv:t', { schoolId: id }),
  'invite.teacherClass': action('inv:tc', { schoolId: id, classId: id }),
  'invite.teacherKind': action('inv:tk', { schoolId: id, classId: count, classTeacher: flag }),
  'invite.keeper': action('inv:k', { schoolId: id }),
  'invite.family': action('inv:f', {}),
  'invite.familyChild': action('inv:fc', { childId: id }),
  'invite.familyRelation': action('inv:fr', { childId: id, relation: oneOf('MOTHER', 'FATHER', 'GRANDPARENT', 'OTHER_GUARDIAN') }),
  'invite.page': action('inv:p', { page, part: page }),
  'invite.revoke': action('inv:r', { inviteId: id }),
  'invite.revokeYes': action('inv:ry', { inviteId: id }),
  'invite.revokeNo': action('inv:rn', {}),
  'child.view': action('ch:v', { childId: id }),
  'child.edit': action('ch:e', { childId: id }),
  'child.editField': action('ch:ef', { childId: id, field: oneOf(...childFieldOrder) }),
  'child.history': action('ch:h', { childId: id }),
  'child.historyPage': action('ch:hp', { childId: id, page }),
  'child.archive': action('ch:a', { childId: id }),
  'child.archiveYes': action('ch:ay', { childId: id }),
  'child.archiveNo': action('ch:an', {}),
  'child.pair': action('ch:p', { childId: id }),
  'child.pairWith': action('ch:ps', { childId: id, teacherId: id }),
  'update.listPage': action('qu:lp', { page, part: page }),
  'update.edit': action('qu:e', { updateId: id }),
  'update.editText': action('qu:et', { updateId: id }),
  'update.editCategory': action('qu:ec', { updateId: id }),
  'update.setCategory': action('qu:ecs', { updateId: id, category: oneOf(...updateCategories) }),
  'update.delete': action('qu:d', { updateId: id }),
  'update.deleteYes': action('qu:dy', { updateId: id }),
  'update.deleteNo': action('qu:dn', {}),
  'record.child': action('qu:r', { childId: id }),
  /** A record's ◀ ▶; buttons sent before parts existed have no part. */
  'record.page': action('qu:rp', { childId: id, page, part: optional(page) }),
  'update.followUp': action('qu:f', { updateId: id, childId: id, kind: oneOf(...followUpKinds) }),
  'update.followUpNoNote': action('qu:fn', {}),
  'update.child': action('qu:c', { childId: id }),
  'update.class': action('qu:k', { classId: id }),
  'update.dontSave': action('qu:x', {}),
  'update.category': action('qu:g', { category: oneOf(...updateCategories) }),
  /** Save as a plain update (`n`), a concern (`c`) or an urgent concern (`u`). */
  'update.save': action('qu:s', { mode: oneOf('n', 'c', 'u') }),
  'dates.add': action('sd:add', { schoolId: id }),
  'dates.year': action('sd:y', { schoolId: id }),
  'dates.remove': action('sd:x', { dateId: id }),
  'dates.removeYes': action('sd:xy', { dateId: id }),
  'dates.removeNo': action('sd:xn', { schoolId: id }),
  'dates.addPeriod': action('sd:pa', { schoolId: id, kind: oneOf('T', 'H') }),
  'dates.removePeriod': action('sd:px', { periodId: id }),
  'dates.removePeriodYes': action('sd:pxy', { periodId: id }),
  'export.kind': action('export', { kind: oneOf(...EXPORT_KINDS) }),
  'export.pickClass': action('exl:k', {}),
  /** A class's children for the letter export (class 0: children without a class); buttons of the first page have no page. */
  'export.class': action('exl:k', { classId: count, page: optional(count) }),
  'export.child': action('exl:c', { childId: id }),
  'export.childYes': action('exl:y', { childId: id }),
  'export.cancel': action('exl:n', {}),
  'contact.start': action('log:start', { childId: id, kind: oneOf(...CONTACT_KINDS) }),
  'contact.familyNote': action('lg:fn', { contactId: id }),
  'contact.child': action('lg:c', { childId: id }),
  /** A kind of contact to log, or `PLAN` to plan a home visit ahead. */
  'contact.kind': action('lg:k', { kind: oneOf(...CONTACT_KINDS, 'PLAN') }),
  /** A day as YYYY-MM-DD, checked by the log's date rules. */
  'contact.day': action('lg:d', { date: text }),
  'contact.noNote': action('lg:n', {}),
  'contact.visitDay': action('lg:v', { date: text }),
  'contact.visitSlot': action('lg:s', { slot: oneOf(...(Object.keys(VISIT_SLOTS) as VisitSlot[])) }),
  'visit.answer': action('pv', { answer: oneOf('ok', 'mv'), visitId: id }),
  'phone.share': action('phone:share', {}),
  'phone.askCallBack': action('cb:ask', { parentId: id }),
  'phone.free': action('phone:free', { choice: oneOf(...(Object.keys(FREE_HOURS_CHOICES) as FreeHoursChoice[]), 'varies') }),
  'join.quiet': action('join:quiet', { choice: oneOf('yes', 'other', 'none') }),
  'quiet.at': action('quiet:at', { hour: between(0, 23) }),
  'quiet.off': action('quiet:off', {}),
  'weekly.mode': action('wk:mode', { schoolId: id, mode: oneOf('AUTO', 'REVIEW') }),
  'join.agree': action('join:yes', { code: text }),
  'join.decline': action('join:no', {}),
  'language.choose': action('language', { locale: text }),
  'myData.download': action('mydata', { format: oneOf('json', 'csv') }),
  'myData.delete': action('mydata:delete', {}),
  'myData.deleteYes': action('mydata:delete:yes', {}),
  'myData.deleteNo': action('mydata:delete:no', {}),
  'campaign.start': action('campaign:new', {}),
  'campaign.audience': action('campaign:who', { audience: oneOf('FAMILIES', 'CHILDREN') }),
  'campaign.scope': action('campaign:for', { schoolId: id, classId: idOr('school') }),
  'campaign.days': action('campaign:days', { days: id }),
  'form.class': action('form:class', { classId: id }),
  /** A choice pressed in the child form: the value as typed (empty for "skip"), checked by the form's schema. */
  'form.choice': action('form:v', { value: text }),
  'form.save': action('form:save', {}),
  'form.discard': action('form:discard', {}),
} as const;

type Table = typeof ACTIONS;

/** The name of a button's action, e.g. `letter.open`. */
export type ActionName = keyof Table;

type ValueOf<F> = F extends Field<infer T> ? T : never;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends Optional<any> ? never : K }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;
type Values<F> = { [K in RequiredKeys<F>]: ValueOf<F[K]> } & { [K in OptionalKeys<F>]?: ValueOf<F[K]> };

/** A button's action with its fields, e.g. `{ name: 'letter.open', letterId: 12 }`. */
export type Action<N extends ActionName = ActionName> = { [M in N]: { name: M } & Values<Table[M]['fields']> }[N];

function fieldsOf(name: ActionName): [string, AnyField][] {
  return Object.entries(ACTIONS[name].fields as Record<string, AnyField>);
}

/** Action names by their wire prefix (some share one and differ in their fields: `letter:child` with a child's id and without, `exl:k`). */
const byPrefix = new Map<string, ActionName[]>();
for (const name of Object.keys(ACTIONS) as ActionName[]) byPrefix.set(ACTIONS[name].wire, [...(byPrefix.get(ACTIONS[name].wire) ?? []), name]);

/**
 * The callback data of a button: the action's wire prefix and its fields. Throws when the
 * data would not fit Telegram's 64 bytes, which only a bug in a caller can cause.
 */
export function pack(action: Action): string {
  const values = action as unknown as Record<string, unknown>;
  const parts = [ACTIONS[action.name].wire];
  for (const [key, field] of fieldsOf(action.name)) if (values[key] !== undefined) parts.push(field.write(values[key]));
  const data = parts.join(':');
  if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT) throw new RangeError(`callback data of ${action.name} is over ${CALLBACK_DATA_LIMIT} bytes`);
  return data;
}

function read(name: ActionName, rest: readonly string[]): Action | undefined {
  const fields = fieldsOf(name);
  const required = fields.filter(([, field]) => !(field as Partial<Optional<unknown>>).optional).length;
  if (rest.length < required || rest.length > fields.length) return undefined;
  const values: Record<string, unknown> = { name };
  for (const [index, text] of rest.entries()) {
    const [key, field] = fields[index]!;
    const value = field.read(text);
    if (value === undefined) return undefined;
    values[key] = value;
  }
  return values as unknown as Action;
}

/**
 * The action a pressed button asks for, read from its untrusted callback data; undefined for
 * data no button of ours carries (unknown, malformed, forged, too long). Never throws.
 */
export function unpack(data: string): Action | undefined {
  if (typeof data !== 'string' || Buffer.byteLength(data) > CALLBACK_DATA_LIMIT) return undefined;
  const segments = data.split(':');
  for (let length = segments.length; length >= 1; length--) {
    for (const name of byPrefix.get(segments.slice(0, length).join(':')) ?? []) {
      const found = read(name, segments.slice(length));
      if (found) return found;
    }
  }
  return undefined;
}
