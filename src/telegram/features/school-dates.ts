import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack } from '../../actions/index.js';
import { DAYS_AHEAD, type SchoolDateView } from '../../domain/calendar.js';
import { addDays, type LocalDate } from '../../domain/call-slots.js';
import { DomainError } from '../../domain/errors.js';
import type { PeriodKind, SchoolPeriodView, SchoolYear } from '../../domain/school-calendar.js';
import { isoDate, parseIsoDate } from '../../domain/school-month.js';
import { dayLabel } from '../../i18n/call-time.js';
import { anyOf, inAnyLanguage, yearFirstDate } from '../../i18n/language-facts.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/**
 * `/dates`: a school's own dates on the family calendar (exam week, parents' day), kept by
 * its admins: the upcoming ones with a button to remove each (after a confirmation), and
 * "add" for new lines of `YYYY-MM-DD title`. Families hear of each date three days before.
 * "Terms and holidays" shows the school's year: terms and holidays, added by typing two
 * dates and a name, removed after a confirmation; out of session, the jobs pause.
 */
export const schoolDatesFeature = new Composer<BotContext>();

/** The upcoming dates a message shows, with a remove button each. */
const SHOWN = 10;
const LINE = /^(\d{4}-\d{1,2}-\d{1,2})\s+(.+)$/;

function dayText(t: ChatContext['t'], date: SchoolDateView): string {
  const local = parseIsoDate(date.date);
  return local ? dayLabel(t, local) : date.date;
}

function dateText(t: ChatContext['t'], date: SchoolDateView): string {
  return `${dayText(t, date)} ${date.title}`;
}

/** Reads lines of `YYYY-MM-DD title`; the numbers of the lines that are not, counted from 1. */
function parseLines(text: string): { entries: { date: string; title: string }[]; bad: number[] } {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const entries: { date: string; title: string }[] = [];
  const bad: number[] = [];
  lines.forEach((line, index) => {
    const match = LINE.exec(line);
    if (match && parseIsoDate(match[1]!)) entries.push({ date: match[1]!, title: match[2]!.trim() });
    else bad.push(index + 1);
  });
  return { entries, bad };
}

async function addDates(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('calendar.dates.askLines'));
  for (;;) {
    const step = await conversation.wait();
    const text = step.message?.text;
    if (text === undefined || text.startsWith('/')) return conversation.halt({ next: true });
    const { entries, bad } = parseLines(text);
    if (bad.length > 0 || entries.length === 0) {
      await step.reply(step.t('calendar.dates.badLines', { lines: bad.join(', ') || '1' }));
      continue;
    }
    const outcome = await refusalOf(conversation, () => ctx.app.schoolAdmin.addSchoolDates(actor, schoolId, entries));
    if ('value' in outcome) {
      await step.reply(step.t('calendar.dates.saved', { count: outcome.value, days: DAYS_AHEAD }));
      return;
    }
    if (outcome.refused !== 'invalid:schoolDate') {
      await step.reply(refusalText(step.t, outcome.refused));
      return;
    }
    await step.reply(step.t('calendar.dates.badDates'));
  }
}

schoolDatesFeature.use(createConversation(addDates, 'school-dates'));

/** A school's upcoming dates as one message: the list, "add", and a remove button per date. */
function datesMessage(t: ChatContext['t'], school: { schoolId: number; schoolName: string; dates: SchoolDateView[] }) {
  const shown = school.dates.slice(0, SHOWN);
  const lines = shown.length > 0 ? shown.map((date) => `· ${dateText(t, date)}`) : [t('calendar.dates.none')];
  const buttons = [
    [button(t('calendar.dates.add'), pack({ name: 'dates.add', schoolId: school.schoolId }))],
    [button(t('schoolYear.open'), pack({ name: 'dates.year', schoolId: school.schoolId }))],
    ...shown.map((date) => [button(t('calendar.dates.remove', { date: dateText(t, date) }), pack({ name: 'dates.remove', dateId: date.id }))]),
  ];
  return { text: [t('calendar.dates.title', { school: school.schoolName, days: DAYS_AHEAD }), ...lines].join('\n'), reply_markup: keyboard(buttons) };
}

schoolDatesFeature.command('dates', async (ctx) => {
  if (!ctx.user) return;
  await explainingRefusals(ctx, async () => {
    for (const school of await ctx.domain.familyCalendar.schoolDates(ctx.actor!)) {
      const { text, reply_markup } = datesMessage(ctx.t, school);
      await ctx.reply(text, { reply_markup });
    }
  });
});

onAction(schoolDatesFeature, 'dates.add', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { schoolId } = action;
    const schools = await ctx.domain.familyCalendar.schoolDates(ctx.actor!);
    if (!schools.some((school) => school.schoolId === schoolId)) throw new DomainError('forbidden');
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('school-dates', schoolId);
  });
});

/** The admin's school that holds this date among its upcoming ones; refused for anyone else (callback data is untrusted). */
async function upcomingDate(ctx: ChatContext, dateId: number) {
  for (const school of await ctx.domain.familyCalendar.schoolDates(ctx.actor!)) {
    const date = school.dates.find((each) => each.id === dateId);
    if (date) return { school, date };
  }
  throw new DomainError('forbidden');
}

onAction(schoolDatesFeature, 'dates.remove', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { school, date } = await upcomingDate(ctx, action.dateId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('calendar.dates.confirmRemove', { title: date.title, date: dayText(ctx.t, date) }), {
      reply_markup: keyboard([[button(ctx.t('calendar.dates.removeYes'), pack({ name: 'dates.removeYes', dateId: date.id })), button(ctx.t('calendar.dates.removeNo'), pack({ name: 'dates.removeNo', schoolId: school.schoolId }))]]),
    });
  });
});

onAction(schoolDatesFeature, 'dates.removeYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const actor = ctx.actor!;
    const schoolId = await ctx.app.schoolAdmin.removeSchoolDate(actor, action.dateId);
    const school = (await ctx.domain.familyCalendar.schoolDates(actor)).find((each) => each.schoolId === schoolId);
    await ctx.answerCallbackQuery({ text: ctx.t('calendar.dates.removed') });
    if (!school) return;
    const { text, reply_markup } = datesMessage(ctx.t, school);
    await ctx.editMessageText(text, { reply_markup });
  });
});

onAction(schoolDatesFeature, 'dates.removeNo', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { schoolId } = action;
    const school = (await ctx.domain.familyCalendar.schoolDates(ctx.actor!)).find((each) => each.schoolId === schoolId);
    if (!school) throw new DomainError('forbidden');
    await ctx.answerCallbackQuery();
    const { text, reply_markup } = datesMessage(ctx.t, school);
    await ctx.editMessageText(text, { reply_markup });
  });
});

/** A date typed as 2027-01-23, 2027/1/23, 2027.1.23 or 2027年1月23日 (a language's date words), written as `YYYY-M-D`. */
const TYPED_DATE = new RegExp(yearFirstDate, 'g');
/** Two dates, maybe with a dash or a language's range word (至, по) between them, then the name. */
const PERIOD_LINE = new RegExp(
  `^(\\d{4}-\\d{1,2}-\\d{1,2})\\s*${anyOf(['—', '–', '~', '-', ...inAnyLanguage((language) => language.rangeWords)])}?\\s*(\\d{4}-\\d{1,2}-\\d{1,2})\\s*(.*)$`,
);

/** Reads "first day, last day, name" (the name may be left out); undefined when the two dates are not there. */
function parsePeriodLine(text: string): { startsOn: string; endsOn: string; title: string } | undefined {
  const match = PERIOD_LINE.exec(text.trim().replace(TYPED_DATE, '$1-$2-$3'));
  const [first, last] = [parseIsoDate(match?.[1] ?? ''), parseIsoDate(match?.[2] ?? '')];
  if (!match || !first || !last) return undefined;
  return { startsOn: isoDate(first), endsOn: isoDate(last), title: match[3]!.trim() };
}

function rangeText(t: ChatContext['t'], period: SchoolPeriodView): string {
  const [first, last] = [parseIsoDate(period.startsOn), parseIsoDate(period.endsOn)];
  return first && last ? t('dates.range', { first: dayLabel(t, first), last: dayLabel(t, last) }) : `${period.startsOn}–${period.endsOn}`;
}

/** An example line for the admin to copy: from a week from today, a month long. */
function exampleLine(today: LocalDate): string {
  const first = addDays(today, 7);
  return `${isoDate(first)} ${isoDate(addDays(first, 27))}`;
}

/** A school's year as one message: today's state, the terms and holidays, what pauses, and the buttons to add and remove. */
function yearMessage(t: ChatContext['t'], year: SchoolYear) {
  const lines = year.periods.map((period) => t('schoolYear.line', { icon: period.kind === 'TERM' ? '🏫' : '🏖', title: period.title, range: rangeText(t, period) }));
  const today = year.inSession ? t('schoolYear.todayInSession') : year.restartsOn ? t('schoolYear.todayOut', { date: dayLabel(t, year.restartsOn) }) : t('schoolYear.todayOutNoDate');
  const text = [t('schoolYear.title', { school: year.schoolName }), ...(lines.length > 0 ? lines : [t('schoolYear.none')]), '', today, t('schoolYear.pauses')].join('\n');
  const buttons = [
    [button(t('schoolYear.addTerm'), pack({ name: 'dates.addPeriod', schoolId: year.schoolId, kind: 'T' })), button(t('schoolYear.addHoliday'), pack({ name: 'dates.addPeriod', schoolId: year.schoolId, kind: 'H' }))],
    ...year.periods.map((period) => [button(t('schoolYear.remove', { title: period.title }), pack({ name: 'dates.removePeriod', periodId: period.id }))]),
    [button(t('schoolYear.back'), pack({ name: 'dates.removeNo', schoolId: year.schoolId }))],
  ];
  return { text, reply_markup: keyboard(buttons) };
}

/** The year of one of the actor's schools; refused for a school they do not administer (callback data is untrusted). */
async function yearOf(ctx: ChatContext, schoolId: number): Promise<SchoolYear> {
  const year = (await ctx.domain.schoolCalendar.years(ctx.actor!)).find((each) => each.schoolId === schoolId);
  if (!year) throw new DomainError('forbidden');
  return year;
}

async function addPeriod(conversation: BotConversation, ctx: ChatContext, schoolId: number, kind: PeriodKind) {
  const actor = ctx.actor!;
  const year = await conversation.external(() => yearOf(ctx, schoolId));
  const example = exampleLine(year.today);
  await ctx.reply(ctx.t(kind === 'TERM' ? 'schoolYear.askTerm' : 'schoolYear.askHoliday', { example }));
  for (;;) {
    const step = await conversation.wait();
    const text = step.message?.text;
    if (text === undefined || text.startsWith('/')) return conversation.halt({ next: true });
    const line = parsePeriodLine(text);
    if (!line) {
      await step.reply(step.t('schoolYear.badLine', { example: `${example} ${step.t(`schoolYear.kind.${kind}`)}` }));
      continue;
    }
    const period = { kind, ...line, title: line.title || step.t(`schoolYear.kind.${kind}`) };
    const outcome = await refusalOf(conversation, async () => ({
      saved: await ctx.app.schoolAdmin.addPeriod(actor, schoolId, period),
      year: await yearOf(ctx, schoolId),
    }));
    if ('refused' in outcome && outcome.refused !== 'invalid:period') {
      await step.reply(refusalText(step.t, outcome.refused));
      return;
    }
    if ('refused' in outcome) {
      await step.reply(step.t('schoolYear.badPeriod'));
      continue;
    }
    await step.reply(step.t('schoolYear.saved', { title: outcome.value.saved.title, range: rangeText(step.t, outcome.value.saved) }));
    const { text: yearText, reply_markup } = yearMessage(step.t, outcome.value.year);
    await step.reply(yearText, { reply_markup });
    return;
  }
}

schoolDatesFeature.use(createConversation(addPeriod, 'school-period'));

onAction(schoolDatesFeature, 'dates.year', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = yearMessage(ctx.t, await yearOf(ctx, action.schoolId));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});

onAction(schoolDatesFeature, 'dates.addPeriod', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const year = await yearOf(ctx, action.schoolId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('school-period', year.schoolId, action.kind === 'T' ? 'TERM' : 'HOLIDAY');
  });
});

onAction(schoolDatesFeature, 'dates.removePeriod', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const period = await ctx.domain.schoolCalendar.period(ctx.actor!, action.periodId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('schoolYear.confirmRemove', { title: period.title, range: rangeText(ctx.t, period) }), {
      reply_markup: keyboard([[button(ctx.t('schoolYear.removeYes'), pack({ name: 'dates.removePeriodYes', periodId: period.id })), button(ctx.t('schoolYear.removeNo'), pack({ name: 'dates.year', schoolId: period.schoolId }))]]),
    });
  });
});

onAction(schoolDatesFeature, 'dates.removePeriodYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const schoolId = await ctx.app.schoolAdmin.removePeriod(ctx.actor!, action.periodId);
    const { text, reply_markup } = yearMessage(ctx.t, await yearOf(ctx, schoolId));
    await ctx.answerCallbackQuery({ text: ctx.t('schoolYear.removed') });
    await ctx.editMessageText(text, { reply_markup });
  });
});
