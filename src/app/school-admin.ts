import type { OpeningHours } from '../domain/call-slots.js';
import type { Actor } from '../domain/actor.js';
import type { StaffRole } from '../domain/staff.js';
import type { InTransaction } from './unit.js';

/** A school admin's screens: classes, staff, the weekly note's mode, call hours, school dates, terms and holidays. */
export function createSchoolAdminUseCases(inTransaction: InTransaction) {
  return {
    /** Adds a class to the school. */
    createClass: (actor: Actor, schoolId: number, name: string) => inTransaction(({ domain }) => domain.schools.createClass(actor, schoolId, name)),

    /** Puts a teacher on a class (as its class teacher, or not). */
    assignTeacher: (actor: Actor, classId: number, teacherUserId: number, classTeacher: boolean) =>
      inTransaction(({ domain }) => domain.schools.assignTeacher(actor, classId, teacherUserId, classTeacher)),

    /** Takes a role from a staff member, with what it hands over (pairings, classes). */
    removeStaffRole: (actor: Actor, schoolId: number, userId: number, role: StaffRole) =>
      inTransaction(({ domain }) => domain.staff.removeRole(actor, schoolId, userId, role)),

    /** Whether weekly notes go out by themselves or wait for the class teacher's review. */
    setNoteMode: (actor: Actor, schoolId: number, noteMode: 'AUTO' | 'REVIEW') => inTransaction(({ domain }) => domain.schools.setNoteMode(actor, schoolId, noteMode)),

    /** The hours families may book calls in and how many calls a week each may book. */
    setCallSettings: (actor: Actor, schoolId: number, hours: readonly OpeningHours[], capPerWeek: number) =>
      inTransaction(({ domain }) => domain.calls.setSettings(actor, schoolId, hours, capPerWeek)),

    /** Adds school dates families are told about; returns how many were added. */
    addSchoolDates: (actor: Actor, schoolId: number, entries: readonly { date: string; title: string }[]) =>
      inTransaction(({ domain }) => domain.familyCalendar.addSchoolDates(actor, schoolId, entries)),

    /** Removes a school date; returns its school. */
    removeSchoolDate: (actor: Actor, dateId: number) => inTransaction(({ domain }) => domain.familyCalendar.removeSchoolDate(actor, dateId)),

    /** Adds a term or a holiday. */
    addPeriod: (actor: Actor, schoolId: number, period: { kind: string; title: string; startsOn: string; endsOn: string }) =>
      inTransaction(({ domain }) => domain.schoolCalendar.addPeriod(actor, schoolId, period)),

    /** Removes a term or a holiday; returns its school. */
    removePeriod: (actor: Actor, periodId: number) => inTransaction(({ domain }) => domain.schoolCalendar.removePeriod(actor, periodId)),
  };
}
