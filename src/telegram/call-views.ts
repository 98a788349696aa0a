import type { CallView, ChildCalls } from '../domain/calls.js';
import type { OpeningHours } from '../domain/call-slots.js';
import { formatTimeOfDay } from '../domain/time-of-day.js';
import { localTime } from '../domain/zoned-time.js';
import { callTime, weekdayName } from '../i18n/call-time.js';
import type { Translate } from '../i18n/translator.js';

/** A call's state in words: booked, held (with minutes), missed, cancelled. */
export function callStatus(t: Translate, call: CallView): string {
  if (call.status === 'HELD') return t('calls.status.held', { count: call.durationMinutes ?? 0 });
  if (call.status === 'MISSED') return t('calls.status.missed');
  if (call.status === 'CANCELLED') return t('calls.status.cancelled');
  return t('calls.status.booked');
}

/** A line of the keeper's schedule: `16:30 李小明 — 陈静 · 已预约`. */
export function scheduleLine(t: Translate, call: CallView, timeZone: string): string {
  const time = formatTimeOfDay(localTime(call.slotStart, timeZone).minute);
  return t('calls.schedule.line', { time, child: call.childName, parent: call.parentName, status: callStatus(t, call) });
}

/** The calls part of a child's file: a title and a line per call, or nothing when there are none. */
export function childCallLines(t: Translate, file: ChildCalls): string[] {
  if (file.calls.length === 0) return [];
  const lines = file.calls.map((call) => t('calls.fileLine', { when: callTime(t, call.slotStart, file.timezone), parent: call.parentName, status: callStatus(t, call) }));
  return [t('calls.fileTitle'), ...lines];
}

/** Opening hours in words, one line per opening: `周二 16:30–18:00，每次 10 分钟`. */
export function openingHoursLines(t: Translate, hours: readonly OpeningHours[]): string[] {
  return hours.map((h) =>
    t('calls.hours.line', { day: weekdayName(t, h.weekday), from: formatTimeOfDay(h.startMinute), to: formatTimeOfDay(h.endMinute), count: h.slotMinutes }),
  );
}
