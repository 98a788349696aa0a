import type { OpeningHours } from '../domain/call-slots.js';
import type { Actor } from '../domain/actor.js';
import type { ChannelName } from '../domain/channel-accounts.js';
import { DomainError } from '../domain/errors.js';
import type { PeriodKind } from '../domain/school-calendar.js';
import type { StaffRole } from '../domain/staff.js';
import { words } from '../i18n/words.js';
import {
  askPeriod,
  classCreated,
  classDetailsReply,
  classesReply,
  datesSaved,
  examplePeriodLine,
  notAnAdmin,
  periodSaved,
  removalQuestion,
  removeDateQuestion,
  removePeriodQuestion,
  roleRemoved,
  schoolDatesReply,
  staffListReply,
  staffMemberReply,
  staffSchoolPicker,
  teacherAssigned,
  teacherPicker,
  yearReply,
} from './school-admin-replies.js';
import type { Reply } from './reply.js';
import type { InTransaction, Unit } from './unit.js';

/** The actor's school with this id, among those they administer; refused for any other (ids come from untrusted input). */
async function administered({ domain }: Unit, actor: Actor, schoolId: number) {
  const school = (await domain.schools.schoolsAdministeredBy(actor)).find((each) => each.id === schoolId);
  if (!school) throw new DomainError('forbidden');
  return school;
}

/** The upcoming dates of one of the actor's schools; refused for a school they do not administer. */
async function datesOf({ domain }: Unit, actor: Actor, schoolId: number) {
  const school = (await domain.familyCalendar.schoolDates(actor)).find((each) => each.schoolId === schoolId);
  if (!school) throw new DomainError('forbidden');
  return school;
}

/** The year of one of the actor's schools; refused for a school they do not administer. */
async function yearOf({ domain }: Unit, actor: Actor, schoolId: number) {
  const year = (await domain.schoolCalendar.years(actor)).find((each) => each.schoolId === schoolId);
  if (!year) throw new DomainError('forbidden');
  return year;
}

/** A school admin's screens: classes, staff, the weekly note's mode, call hours, school dates, terms and holidays. */
export function createSchoolAdminUseCases(inTransaction: InTransaction) {
  return {
    /** `/classes`: the actor's classes to open, and "add a class" for each school they administer. */
    classes: (actor: Actor) =>
      inTransaction(async ({ domain }) => classesReply(await domain.schools.schoolsAdministeredBy(actor), await domain.schools.classesOf(actor))),

    /** Adds a class to the school. */
    createClass: (actor: Actor, schoolId: number, name: string) =>
      inTransaction(async ({ domain }) => {
        const created = await domain.schools.createClass(actor, schoolId, name);
        return { class: created, reply: classCreated(created.name) };
      }),

    /** A class's teachers and children count, with the choices to give it teachers. */
    classDetails: (actor: Actor, classId: number) => inTransaction(async ({ domain }) => classDetailsReply(await domain.schools.classDetails(actor, classId))),

    /** The school's teachers to put on a class (as its class teacher, or not). */
    teachersFor: (actor: Actor, classId: number, classTeacher: boolean) =>
      inTransaction(async ({ domain }) => {
        const details = await domain.schools.classDetails(actor, classId);
        return teacherPicker(details.id, await domain.schools.teachersOfSchool(actor, details.schoolId), classTeacher);
      }),

    /** Puts a teacher on a class (as its class teacher, or not). */
    assignTeacher: (actor: Actor, classId: number, teacherUserId: number, classTeacher: boolean) =>
      inTransaction(async ({ domain }) => {
        await domain.schools.assignTeacher(actor, classId, teacherUserId, classTeacher);
        return { reply: teacherAssigned() };
      }),

    /** `/staff`: with one school, its staff; with several, a choice of them; with none, that the actor is no admin. */
    staff: (actor: Actor) =>
      inTransaction(async (unit): Promise<Reply> => {
        const schools = await unit.domain.schools.schoolsAdministeredBy(actor);
        if (schools.length === 0) return notAnAdmin();
        if (schools.length > 1) return staffSchoolPicker(schools);
        return staffListReply(schools[0]!.id, schools[0]!.name, await unit.domain.staff.staffOf(actor, schools[0]!.id));
      }),

    /** One school's staff with their roles. */
    staffOf: (actor: Actor, schoolId: number) =>
      inTransaction(async (unit) => {
        const school = await administered(unit, actor, schoolId);
        return staffListReply(school.id, school.name, await unit.domain.staff.staffOf(actor, schoolId));
      }),

    /** One staff member, with a "remove" choice per role (none on the admin's own entry). */
    staffMember: (actor: Actor, schoolId: number, userId: number) =>
      inTransaction(async (unit) => {
        const member = await unit.domain.staff.staffMember(actor, schoolId, userId);
        const school = await administered(unit, actor, schoolId);
        return staffMemberReply(schoolId, school.name, member, member.userId === actor.userId);
      }),

    /** What taking a role away would end, to confirm; refused when it may not be done (the admin's own, the last admin). */
    removalPreview: (actor: Actor, schoolId: number, userId: number, role: StaffRole) =>
      inTransaction(async (unit) => {
        const plan = await unit.domain.staff.removalPreview(actor, schoolId, userId, role);
        if (plan.blocked) throw new DomainError(`staff:${plan.blocked}`);
        return removalQuestion(plan, (await administered(unit, actor, schoolId)).name);
      }),

    /** Takes a role from a staff member, with what it hands over (pairings, classes). */
    removeStaffRole: (actor: Actor, schoolId: number, userId: number, role: StaffRole) =>
      inTransaction(async (unit) => {
        const school = await administered(unit, actor, schoolId);
        const removed = await unit.domain.staff.removeRole(actor, schoolId, userId, role);
        return { removed, reply: roleRemoved(removed, school.name) };
      }),

    /**
     * Where a person is reached on `channel`, the roles they still hold and their language
     * settings, so the channel can refresh their command menu after a role is taken away;
     * null when they have no account there.
     */
    commandMenuOf: (person: Actor, channel: ChannelName) =>
      inTransaction(async ({ domain }) => {
        const { locale, languageCode } = await domain.users.me(person);
        const address = await domain.users.addressOn(person, channel);
        return address === null ? null : { address, roles: await domain.users.rolesOf(person), locale, languageCode };
      }),

    /** Whether weekly notes go out by themselves or wait for the class teacher's review. */
    setNoteMode: (actor: Actor, schoolId: number, noteMode: 'AUTO' | 'REVIEW') => inTransaction(({ domain }) => domain.schools.setNoteMode(actor, schoolId, noteMode)),

    /** The hours families may book calls in and how many calls a week each may book. */
    setCallSettings: (actor: Actor, schoolId: number, hours: readonly OpeningHours[], capPerWeek: number) =>
      inTransaction(({ domain }) => domain.calls.setSettings(actor, schoolId, hours, capPerWeek)),

    /** `/dates`: each administered school's upcoming dates, one reply a school. */
    schoolDates: (actor: Actor) => inTransaction(async ({ domain }) => (await domain.familyCalendar.schoolDates(actor)).map(schoolDatesReply)),

    /** One school's upcoming dates; refused for a school the actor does not administer. */
    datesOf: (actor: Actor, schoolId: number) => inTransaction(async (unit) => schoolDatesReply(await datesOf(unit, actor, schoolId))),

    /** Adds school dates families are told about; the reply says how many and when families hear. */
    addSchoolDates: (actor: Actor, schoolId: number, entries: readonly { date: string; title: string }[]) =>
      inTransaction(async ({ domain }) => {
        const added = await domain.familyCalendar.addSchoolDates(actor, schoolId, entries);
        return { added, reply: datesSaved(added) };
      }),

    /** Asks whether to remove one of the actor's schools' upcoming dates; refused for any other date. */
    removeDateQuestion: (actor: Actor, dateId: number) =>
      inTransaction(async ({ domain }) => {
        for (const school of await domain.familyCalendar.schoolDates(actor)) {
          const date = school.dates.find((each) => each.id === dateId);
          if (date) return removeDateQuestion(school.schoolId, date);
        }
        throw new DomainError('forbidden');
      }),

    /** Removes a school date: a short notice, and its school's dates as they are now (none when the actor no longer sees them). */
    removeSchoolDate: (actor: Actor, dateId: number) =>
      inTransaction(async ({ domain }) => {
        const schoolId = await domain.familyCalendar.removeSchoolDate(actor, dateId);
        const school = (await domain.familyCalendar.schoolDates(actor)).find((each) => each.schoolId === schoolId);
        return { schoolId, notice: words('calendar.dates.removed'), reply: school ? schoolDatesReply(school) : undefined };
      }),

    /** One school's terms and holidays; refused for a school the actor does not administer. */
    year: (actor: Actor, schoolId: number) => inTransaction(async (unit) => yearReply(await yearOf(unit, actor, schoolId))),

    /** The question that starts adding a term or holiday, with the example line it offers (asked again after a bad line). */
    askPeriod: (actor: Actor, schoolId: number, kind: PeriodKind) =>
      inTransaction(async (unit) => {
        const example = examplePeriodLine((await yearOf(unit, actor, schoolId)).today);
        return { example, reply: askPeriod(kind, example) };
      }),

    /** Adds a term or a holiday: its confirmation, and the school's year as it is now. */
    addPeriod: (actor: Actor, schoolId: number, period: { kind: PeriodKind; title: string; startsOn: string; endsOn: string }) =>
      inTransaction(async (unit) => {
        const saved = await unit.domain.schoolCalendar.addPeriod(actor, schoolId, period);
        return { period: saved, reply: periodSaved(saved), year: yearReply(await yearOf(unit, actor, schoolId)) };
      }),

    /** Asks whether to remove a term or holiday. */
    removePeriodQuestion: (actor: Actor, periodId: number) => inTransaction(async ({ domain }) => removePeriodQuestion(await domain.schoolCalendar.period(actor, periodId))),

    /** Removes a term or a holiday: a short notice, and its school's year as it is now. */
    removePeriod: (actor: Actor, periodId: number) =>
      inTransaction(async (unit) => {
        const schoolId = await unit.domain.schoolCalendar.removePeriod(actor, periodId);
        return { schoolId, notice: words('schoolYear.removed'), reply: yearReply(await yearOf(unit, actor, schoolId)) };
      }),
  };
}
