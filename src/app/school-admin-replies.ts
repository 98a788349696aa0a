import { DAYS_AHEAD, type SchoolDateView } from '../domain/calendar.js';
import { addDays, type LocalDate } from '../domain/call-slots.js';
import type { RefusalReason } from '../domain/errors.js';
import type { PeriodKind, SchoolPeriodView, SchoolYear } from '../domain/school-calendar.js';
import { isoDate, parseIsoDate } from '../domain/school-month.js';
import type { ClassView, StaffView } from '../domain/schools.js';
import type { RemovalPreview, StaffMember, StaffRole, TaughtClass } from '../domain/staff.js';
import { dayWords } from '../i18n/call-time.js';
import { joined, verbatim, words, type Words } from '../i18n/words.js';
import { refusalWords } from './refusals.js';
import { reply, rows, type Choice, type Reply } from './reply.js';

/** The upcoming dates a message shows, with a remove choice each. */
const SHOWN_DATES = 10;

/** A school's upcoming dates, as `/dates` lists them. */
export interface SchoolDates {
  schoolId: number;
  schoolName: string;
  dates: SchoolDateView[];
}

/** A class with its teachers and how many children are in it. */
export interface ClassDetails {
  id: number;
  name: string;
  children: number;
  teachers: { displayName: string; classTeacher: boolean }[];
}

/** A stored `YYYY-MM-DD` as lists show a day (12月1日周二), or as stored when it is not a date. */
function storedDayWords(date: string): Words {
  const local = parseIsoDate(date);
  return local ? dayWords(local) : verbatim(date);
}

function dateWords(date: SchoolDateView): Words {
  return joined([storedDayWords(date.date), verbatim(date.title)], ' ');
}

/** A school's upcoming dates: the list, "add", "terms and holidays", and a remove choice per date. */
export function schoolDatesReply(school: SchoolDates): Reply {
  const shown = school.dates.slice(0, SHOWN_DATES);
  const lines = shown.length > 0 ? shown.map((date) => joined([verbatim('·'), dateWords(date)], ' ')) : [words('calendar.dates.none')];
  return reply(joined([words('calendar.dates.title', { school: school.schoolName, days: DAYS_AHEAD }), ...lines]), [
    [{ label: words('calendar.dates.add'), action: { name: 'dates.add', schoolId: school.schoolId } }],
    [{ label: words('schoolYear.open'), action: { name: 'dates.year', schoolId: school.schoolId } }],
    ...shown.map((date) => [{ label: words('calendar.dates.remove', { date: dateWords(date) }), action: { name: 'dates.remove', dateId: date.id } } as const]),
  ]);
}

/** Asks whether to remove one of a school's dates. */
export function removeDateQuestion(schoolId: number, date: SchoolDateView): Reply {
  return reply(words('calendar.dates.confirmRemove', { title: date.title, date: storedDayWords(date.date) }), [
    [
      { label: words('calendar.dates.removeYes'), action: { name: 'dates.removeYes', dateId: date.id } },
      { label: words('calendar.dates.removeNo'), action: { name: 'dates.removeNo', schoolId } },
    ],
  ]);
}

/** Asks for new dates, a `YYYY-MM-DD title` line each. */
export function askDateLines(): Reply {
  return reply(words('calendar.dates.askLines'));
}

/** Which typed lines were not `YYYY-MM-DD title` (counted from 1; the first when nothing was typed). */
export function badDateLines(lines: readonly number[]): Reply {
  return reply(words('calendar.dates.badLines', { lines: lines.join(', ') || '1' }));
}

/** Why new dates were refused: `invalid:schoolDate` (a day that is not ahead) gets the dates' own words. */
export function datesRefusal(reason: RefusalReason): Reply {
  return reply(reason === 'invalid:schoolDate' ? words('calendar.dates.badDates') : refusalWords(reason));
}

/** How many dates were added, and when families hear of them. */
export function datesSaved(count: number): Reply {
  return reply(words('calendar.dates.saved', { count, days: DAYS_AHEAD }));
}

/** A term's or holiday's first and last day (12月1日周二–1月10日周日), or as stored when they are not dates. */
export function rangeWords(period: Pick<SchoolPeriodView, 'startsOn' | 'endsOn'>): Words {
  const [first, last] = [parseIsoDate(period.startsOn), parseIsoDate(period.endsOn)];
  return first && last ? words('dates.range', { first: dayWords(first), last: dayWords(last) }) : verbatim(`${period.startsOn}–${period.endsOn}`);
}

/** An example line for the admin to copy: from a week from today, a month long. */
export function examplePeriodLine(today: LocalDate): string {
  const first = addDays(today, 7);
  return `${isoDate(first)} ${isoDate(addDays(first, 27))}`;
}

/** A school's year: today's state, the terms and holidays, what pauses, and the choices to add, remove and go back. */
export function yearReply(year: SchoolYear): Reply {
  const lines = year.periods.map((period) => words('schoolYear.line', { icon: period.kind === 'TERM' ? '🏫' : '🏖', title: period.title, range: rangeWords(period) }));
  const today = year.inSession ? words('schoolYear.todayInSession') : year.restartsOn ? words('schoolYear.todayOut', { date: dayWords(year.restartsOn) }) : words('schoolYear.todayOutNoDate');
  const text = joined([words('schoolYear.title', { school: year.schoolName }), ...(lines.length > 0 ? lines : [words('schoolYear.none')]), verbatim(''), today, words('schoolYear.pauses')]);
  return reply(text, [
    [
      { label: words('schoolYear.addTerm'), action: { name: 'dates.addPeriod', schoolId: year.schoolId, kind: 'T' } },
      { label: words('schoolYear.addHoliday'), action: { name: 'dates.addPeriod', schoolId: year.schoolId, kind: 'H' } },
    ],
    ...year.periods.map((period) => [{ label: words('schoolYear.remove', { title: period.title }), action: { name: 'dates.removePeriod', periodId: period.id } } as const]),
    [{ label: words('schoolYear.back'), action: { name: 'dates.removeNo', schoolId: year.schoolId } }],
  ]);
}

/** A term's or holiday's name in words, for its question and as the name of one typed without a name. */
export function periodKindWords(kind: PeriodKind): Words {
  return words(`schoolYear.kind.${kind}`);
}

/** Asks for a term's or holiday's two dates and name, with an example line. */
export function askPeriod(kind: PeriodKind, example: string): Reply {
  return reply(words(kind === 'TERM' ? 'schoolYear.askTerm' : 'schoolYear.askHoliday', { example }));
}

/** The typed line did not hold two dates: the example again, with the kind as its name. */
export function badPeriodLine(kind: PeriodKind, example: string): Reply {
  return reply(words('schoolYear.badLine', { example: joined([verbatim(example), periodKindWords(kind)], ' ') }));
}

/** Why a term or holiday was refused: `invalid:period` (the dates do not make one) gets the year's own words. */
export function periodRefusal(reason: RefusalReason): Reply {
  return reply(reason === 'invalid:period' ? words('schoolYear.badPeriod') : refusalWords(reason));
}

/** A term or holiday added. */
export function periodSaved(period: SchoolPeriodView): Reply {
  return reply(words('schoolYear.saved', { title: period.title, range: rangeWords(period) }));
}

/** Asks whether to remove a term or holiday; "no" goes back to the year. */
export function removePeriodQuestion(period: SchoolPeriodView & { schoolId: number }): Reply {
  return reply(words('schoolYear.confirmRemove', { title: period.title, range: rangeWords(period) }), [
    [
      { label: words('schoolYear.removeYes'), action: { name: 'dates.removePeriodYes', periodId: period.id } },
      { label: words('schoolYear.removeNo'), action: { name: 'dates.year', schoolId: period.schoolId } },
    ],
  ]);
}

/** `/classes`: a choice per class (three to a row) and "add a class" per administered school (named when there are several). */
export function classesReply(schools: readonly { id: number; name: string }[], classes: readonly ClassView[]): Reply {
  if (schools.length === 0 && classes.length === 0) return reply(words('classes.none'));
  const add = (school: { id: number; name: string }): Choice => ({
    label: schools.length > 1 ? joined([words('classes.add'), verbatim(` · ${school.name}`)], '') : words('classes.add'),
    action: { name: 'class.add', schoolId: school.id },
  });
  return reply(words(classes.length > 0 ? 'classes.list' : 'classes.empty'), [
    ...rows(classes.map((each) => ({ label: verbatim(each.name), action: { name: 'class.view', classId: each.id } })), 3),
    ...schools.map((school) => [add(school)]),
  ]);
}

/** Asks for a new class's name. */
export function askClassName(): Reply {
  return reply(words('classes.askName'));
}

/** A class added. */
export function classCreated(name: string): Reply {
  return reply(words('classes.created', { name }));
}

/** A class's children count and teachers, with "set the class teacher" and "add a subject teacher". */
export function classDetailsReply(details: ClassDetails): Reply {
  const teachers = details.teachers.map((teacher) =>
    words('classes.teacherLine', { name: teacher.displayName, role: words(teacher.classTeacher ? 'classes.classTeacher' : 'classes.subjectTeacher') }),
  );
  return reply(joined([words('classes.details', { name: details.name, children: details.children }), ...(teachers.length > 0 ? teachers : [words('classes.noTeachers')])]), [
    [
      { label: words('classes.setClassTeacher'), action: { name: 'class.addTeacher', classId: details.id, classTeacher: true } },
      { label: words('classes.addSubjectTeacher'), action: { name: 'class.addTeacher', classId: details.id, classTeacher: false } },
    ],
  ]);
}

/** The school's teachers to put on a class, one a row; or that it has none yet. */
export function teacherPicker(classId: number, teachers: readonly StaffView[], classTeacher: boolean): Reply {
  if (teachers.length === 0) return reply(words('classes.noTeachersToAssign'));
  return reply(
    words('classes.pickTeacher'),
    teachers.map((teacher) => [{ label: verbatim(teacher.displayName), action: { name: 'class.assign', classId, userId: teacher.userId, classTeacher } }]),
  );
}

/** A teacher put on a class. */
export function teacherAssigned(): Reply {
  return reply(words('classes.assigned'));
}

function listWords(parts: readonly Words[]): Words {
  return joined(parts, words('help.roleSeparator'));
}

function classesWords(classes: readonly TaughtClass[]): Words {
  return listWords(classes.map((taught) => words(taught.classTeacher ? 'staff.classTeacherOf' : 'staff.teachesIn', { className: taught.name })));
}

function roleWords(role: StaffRole): Words {
  return words(`roles.${role}`);
}

/** A staff member's roles, a teacher's with the classes they teach. */
function rolesWords(member: Pick<StaffMember, 'roles' | 'classes'>): Words {
  return listWords(
    member.roles.map((role) => (role === 'TEACHER' && member.classes.length > 0 ? words('staff.roleWithClasses', { role: roleWords(role), classes: classesWords(member.classes) }) : roleWords(role))),
  );
}

/** `/staff` for someone who administers no school. */
export function notAnAdmin(): Reply {
  return reply(words('staff.notAdmin'));
}

/** Which school's staff to list, for an admin of several. */
export function staffSchoolPicker(schools: readonly { id: number; name: string }[]): Reply {
  return reply(
    words('staff.pickSchool'),
    schools.map((school) => [{ label: verbatim(school.name), action: { name: 'staff.school', schoolId: school.id } }]),
  );
}

/** A school's staff with their roles, and a choice per person. */
export function staffListReply(schoolId: number, school: string, members: readonly StaffMember[]): Reply {
  const lines = members.map((member) => words('staff.line', { name: member.displayName, roles: rolesWords(member) }));
  return reply(
    joined([words('staff.title', { school }), ...lines]),
    members.map((member) => [{ label: verbatim(member.displayName), action: { name: 'staff.person', schoolId, userId: member.userId } }]),
  );
}

/** One staff member and a "remove" choice per role; an admin's own entry says why it offers none. */
export function staffMemberReply(schoolId: number, school: string, member: StaffMember, self: boolean): Reply {
  const text = joined([words('staff.person', { name: member.displayName, school, roles: rolesWords(member) }), ...(self ? [words('staff.self')] : [])]);
  if (self) return reply(text);
  return reply(
    text,
    member.roles.map((role) => [{ label: words('staff.remove', { role: roleWords(role) }), action: { name: 'staff.remove', schoolId, userId: member.userId, role } }]),
  );
}

/** What taking a role away ends (classes, a teacher's pairings), with "yes" and "no". */
export function removalQuestion(plan: RemovalPreview, school: string): Reply {
  const lines: Words[] = [words('staff.confirm.title', { name: plan.displayName, role: roleWords(plan.role), school })];
  if (plan.classes.length > 0) lines.push(words('staff.confirm.classes', { name: plan.displayName, classes: classesWords(plan.classes) }));
  if (plan.role === 'TEACHER') {
    lines.push(
      plan.pairedChildren.length > 0
        ? words('staff.confirm.pairings', { name: plan.displayName, count: plan.pairedChildren.length, children: listWords(plan.pairedChildren.map((child) => verbatim(child.name))) })
        : words('staff.confirm.noPairings', { name: plan.displayName }),
    );
  }
  lines.push(words(`staff.confirm.effect.${plan.role}`, { name: plan.displayName }));
  return reply(joined(lines), [
    [
      { label: words('staff.confirm.yes'), action: { name: 'staff.removeYes', schoolId: plan.schoolId, userId: plan.userId, role: plan.role } },
      { label: words('staff.confirm.no'), action: { name: 'staff.removeNo' } },
    ],
  ]);
}

/** A role taken away, with the pairings that ended. */
export function roleRemoved(done: RemovalPreview, school: string): Reply {
  const lines: Words[] = [words('staff.removed', { name: done.displayName, role: roleWords(done.role), school })];
  if (done.pairedChildren.length > 0) lines.push(words('staff.pairingsEnded', { children: listWords(done.pairedChildren.map((child) => verbatim(child.name))) }));
  return reply(joined(lines));
}

/** The role was not taken away. */
export function roleKept(): Reply {
  return reply(words('staff.kept'));
}
