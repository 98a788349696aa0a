import { CAP_RANGE, openingHoursProblem, type LocalDate, type OpeningHours } from '../domain/call-slots.js';
import type { CallSettings, CallView, ChildCalls, DaySchedule } from '../domain/calls.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { localTime } from '../domain/zoned-time.js';
import { callTimeWords, dayWords, weekdayWords } from '../i18n/call-time.js';
import { schoolClockWords, timeZoneWords } from '../i18n/display-names.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { refusalWords } from './refusals.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

const DAYS_PER_ROW = 2;
const SLOTS_PER_ROW = 4;
/** Calls on one page of a day's schedule, each booked one with its two choices. */
const CALLS_PAGE = 10;
/** The call lengths offered as choices when the keeper records a held call. */
const DURATIONS = [5, 10, 15, 20, 30];
/** The longest a held call may be recorded as, in minutes. */
const MAX_MINUTES = 180;

/** A call about to be booked, moved or cancelled: whose, when, on which clock. */
type Booking = Pick<CallView, 'id' | 'childName' | 'slotStart'> & { timezone: string };
/** The free slots of a child's next two weeks, on the school's clock. */
interface FreeSlots {
  childName: string;
  timezone: string;
  slots: readonly Date[];
}

const sameDate = (a: LocalDate, b: LocalDate) => a.year === b.year && a.month === b.month && a.day === b.day;
const dateKey = (date: LocalDate) => `${date.year}${String(date.month).padStart(2, '0')}${String(date.day).padStart(2, '0')}`;

/** A call's state in words: booked, held (with minutes), missed, cancelled. */
function callStatusWords(call: CallView): Words {
  if (call.status === 'HELD') return words('calls.status.held', { count: call.durationMinutes ?? 0 });
  if (call.status === 'MISSED') return words('calls.status.missed');
  if (call.status === 'CANCELLED') return words('calls.status.cancelled');
  return words('calls.status.booked');
}

/** The calls part of a child's file: a title and a line per call, or nothing when there are none. */
export function childCallsWords(file: ChildCalls): Words[] {
  if (file.calls.length === 0) return [];
  const lines = file.calls.map((call) => words('calls.fileLine', { when: callTimeWords(call.slotStart, file.timezone), parent: call.parentName, status: callStatusWords(call) }));
  return [words('calls.fileTitle'), ...lines];
}

/** Whom a family member may book calls about: none (why not) or a choice of children. */
export function callChildren(children: readonly { id: number; name: string }[]): Reply {
  if (children.length === 0) return reply(words('calls.noChildren'));
  return reply(words('calls.pickChild'), rows(children.map((child) => ({ label: verbatim(child.name), action: { name: 'call.child', childId: child.id } })), 2));
}

/** A child's booked calls, each with Move and Cancel, and Book; or that the school has no call hours yet. */
export function callsOverview(overview: ChildCalls & { hasHours: boolean }): Reply {
  if (!overview.hasHours) return reply(words('calls.noHours'));
  const when = (call: CallView) => callTimeWords(call.slotStart, overview.timezone);
  const lines = overview.calls.length > 0 ? overview.calls.map((call) => joined([verbatim('·'), when(call)], ' ')) : [words('calls.noneBooked')];
  const perCall = overview.calls.map((call): Choice[] => [
    { label: words('calls.moveButton', { when: when(call) }), action: { name: 'call.move', bookingId: call.id } },
    { label: words('calls.cancelButton'), action: { name: 'call.cancel', bookingId: call.id } },
  ]);
  const book: Choice = { label: words('calls.bookButton'), action: { name: 'call.book', childId: overview.childId } };
  return reply(joined([words('calls.overview', { child: overview.childName }), ...lines]), [...perCall, [book]]);
}

/** The days with free slots, as choices under a heading (book, or move `booking`); or that there are none. */
export function freeDays(free: FreeSlots, childId: number, booking?: Booking): Reply {
  const days: LocalDate[] = [];
  for (const slot of free.slots) {
    const local = localTime(slot, free.timezone);
    if (!days.some((day) => sameDate(day, local))) days.push({ year: local.year, month: local.month, day: local.day });
  }
  if (days.length === 0) return reply(words('calls.noFreeSlots'));
  const clock = schoolClockWords(free.timezone);
  const heading = booking ? words('calls.moveHeading', { when: callTimeWords(booking.slotStart, booking.timezone), clock }) : words('calls.bookHeading', { clock });
  const moveId = booking?.id ?? 0;
  const choices = days.map((day): Choice => ({ label: dayWords(day), action: { name: 'call.day', childId, moveId, date: dateKey(day) } }));
  return reply(joined([heading, words('calls.pickDay')]), rows(choices, DAYS_PER_ROW));
}

/** The free times of one day (a date, or an instant on it) as choices, with a way back to the other days. */
export function freeTimes(free: FreeSlots, childId: number, moveId: number, day: LocalDate | Date): Reply {
  const date = day instanceof Date ? localTime(day, free.timezone) : day;
  const slots = free.slots.filter((slot) => sameDate(localTime(slot, free.timezone), date));
  const times = slots.map((slot): Choice => ({ label: verbatim(formatTimeOfDay(localTime(slot, free.timezone).minute)), action: { name: 'call.slot', childId, moveId, minute: slot.getTime() / 60_000 } }));
  const back: Choice = { label: words('calls.otherDays'), action: moveId ? { name: 'call.move', bookingId: moveId } : { name: 'call.book', childId } };
  const said = slots.length > 0 ? words('calls.pickTime', { child: free.childName, day: dayWords(date) }) : words('calls.dayFull', { day: dayWords(date) });
  return reply(said, [...rows(times, SLOTS_PER_ROW), [back]]);
}

/** The confirmation of a booked or moved call, with when it is and the reminder to come. */
export function callBooked(call: Booking, moved: boolean): Reply {
  return reply(words(moved ? 'calls.moved' : 'calls.booked', { child: call.childName, when: callTimeWords(call.slotStart, call.timezone) }));
}

/** "Cancel the call with … on …?" with Yes and No. */
export function cancelQuestion(booking: Booking): Reply {
  const said = words('calls.cancelConfirm', { child: booking.childName, when: callTimeWords(booking.slotStart, booking.timezone) });
  return reply(said, [[{ label: words('calls.cancelYes'), action: { name: 'call.cancelYes', bookingId: booking.id } }, { label: words('calls.cancelNo'), action: { name: 'call.cancelNo' } }]]);
}

/** What a family reads after answering "No, keep it". */
export function callKept(): Reply {
  return reply(words('calls.kept'));
}

/** A line of the keeper's schedule: `16:30 李小明 — 陈静 · 已预约`. */
function scheduleLine(call: CallView, timeZone: string): Words {
  const time = formatTimeOfDay(localTime(call.slotStart, timeZone).minute);
  return words('calls.schedule.line', { time, child: call.childName, parent: call.parentName, status: callStatusWords(call) });
}

/**
 * Page `requested` (from 0; untrusted, so held to a real page) of one school's day of calls,
 * ten calls a page: "held" and "missed" for each booked call on it, ◀ ▶ to the other pages.
 */
export function schedulePage(day: DaySchedule, requested: number): Reply {
  const pages = Math.max(Math.ceil(day.calls.length / CALLS_PAGE), 1);
  const page = Number.isSafeInteger(requested) ? Math.min(Math.max(requested, 0), pages - 1) : 0;
  const calls = day.calls.slice(page * CALLS_PAGE, (page + 1) * CALLS_PAGE);
  const marks = calls
    .filter((call) => call.status === 'BOOKED')
    .map((call): Choice[] => {
      const label = `${formatTimeOfDay(localTime(call.slotStart, day.timezone).minute)} ${call.childName}`;
      return [{ label: words('calls.schedule.held', { call: label }), action: { name: 'schedule.held', callId: call.id } }, { label: words('calls.schedule.missed'), action: { name: 'schedule.missed', callId: call.id } }];
    });
  const date = `${day.date.year}-${day.date.month}-${day.date.day}`;
  const to = (other: number): Choice['action'] => ({ name: 'schedule.page', schoolId: day.schoolId, date, page: other, part: 0 });
  const paging: Choice[] = [
    ...(page > 0 ? [{ label: words('pager.previous'), action: to(page - 1) }] : []),
    ...(page < pages - 1 ? [{ label: words('pager.next'), action: to(page + 1) }] : []),
  ];
  const title = words('calls.schedule.title', { school: day.schoolName, day: dayWords(day.date) });
  const lines = calls.length > 0 ? calls.map((call) => scheduleLine(call, day.timezone)) : [words('calls.schedule.empty')];
  const footer = pages > 1 ? [words('pager.page', { page: page + 1, pages })] : [];
  return reply(joined([title, ...lines, ...footer]), [...marks, paging]);
}

/** "How many minutes did …'s call last?" with the usual lengths as choices. */
export function askMinutes(childName: string): Reply {
  const choices = DURATIONS.map((minutes): Choice => ({ label: words('calls.schedule.minutes', { count: minutes }), action: { name: 'schedule.minutes', minutes } }));
  return reply(words('calls.schedule.askMinutes', { child: childName }), [choices]);
}

/** A held call's length as pressed or typed, when it is one the keeper may record (1–180 minutes). */
export function heldMinutes(minutes: number): { value: number } | { retry: Words } {
  return minutes >= 1 && minutes <= MAX_MINUTES ? { value: minutes } : { retry: words('calls.schedule.badMinutes') };
}

/** The confirmation that a call was recorded as held, for how long. */
export function heldSaved(call: Pick<CallView, 'childName'>, minutes: number): Reply {
  return reply(words('calls.schedule.heldSaved', { child: call.childName, count: minutes }));
}

/** The confirmation that a call was recorded as missed. */
export function missedSaved(call: Pick<CallView, 'childName'>): Reply {
  return reply(words('calls.schedule.missedSaved', { child: call.childName }));
}

/** Opening hours in words, one line per opening: `周二 16:30–18:00，每次 10 分钟`. */
function openingHoursLines(hours: readonly OpeningHours[]): Words[] {
  return hours.map((h) => words('calls.hours.line', { day: weekdayWords(h.weekday), from: formatTimeOfDay(h.startMinute), to: formatTimeOfDay(h.endMinute), count: h.slotMinutes }));
}

/** Which school's call hours an admin changes: a choice of theirs, or a refusal when they run none. */
export function callHoursSchools(schools: readonly { id: number; name: string }[]): Reply {
  if (schools.length === 0) return reply(words('refusals.forbidden'));
  return reply(words('calls.hours.pickSchool'), schools.map((school) => [{ label: verbatim(school.name), action: { name: 'callHours.school', schoolId: school.id } }]));
}

/** A school's call hours and weekly cap as they stand, how to type new ones, and "keep" when there are some. */
export function callHoursNow(settings: CallSettings): Reply {
  const shown = settings.hours.length > 0 ? openingHoursLines(settings.hours) : [words('calls.hours.none')];
  const said = joined([
    words('calls.hours.current', { school: settings.schoolName, timezone: timeZoneWords(settings.timezone) }),
    ...shown,
    words('calls.hours.cap', { count: settings.capPerWeek }),
    verbatim(''),
    words('calls.hours.format'),
  ]);
  return reply(said, settings.hours.length > 0 ? [[{ label: words('calls.hours.keep'), action: { name: 'callHours.keep' } }]] : []);
}

/**
 * Hours as typed and read (undefined when nothing was typed), when they can be saved; else
 * why not (nothing typed, a line unread, or a rule they break) and how to type them.
 */
export function typedHours(read: { hours: OpeningHours[] } | { badLine: number; line: string } | undefined): { value: OpeningHours[] } | { retry: Words } {
  const withFormat = (said: Words) => ({ retry: joined([said, words('calls.hours.format')], '\n\n') });
  if (read === undefined) return { retry: words('calls.hours.typeHours') };
  if ('badLine' in read) return withFormat(words('calls.hours.badLine', { number: read.badLine, line: read.line }));
  const problem = openingHoursProblem(read.hours);
  return problem ? withFormat(refusalWords(problem)) : { value: read.hours };
}

/** "How many calls a week?" with each allowed cap as a choice. */
export function askCap(current: number): Reply {
  const caps = Array.from({ length: CAP_RANGE.max }, (_, i): Choice => ({ label: verbatim(String(i + 1)), action: { name: 'callHours.cap', cap: i + 1 } }));
  return reply(words('calls.hours.askCap', { count: current }), [caps]);
}

/** A weekly cap as pressed or typed, when it is an allowed one. */
export function weeklyCap(cap: number): { value: number } | { retry: Words } {
  return cap >= CAP_RANGE.min && cap <= CAP_RANGE.max ? { value: cap } : { retry: words('calls.hours.badCap', { min: CAP_RANGE.min, max: CAP_RANGE.max }) };
}

/** The hours and cap just saved. */
export function callHoursSaved(hours: readonly OpeningHours[], cap: number): Reply {
  return reply(joined([words('calls.hours.saved'), ...openingHoursLines(hours), words('calls.hours.cap', { count: cap })]));
}
