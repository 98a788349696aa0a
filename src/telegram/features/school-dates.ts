import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { DAYS_AHEAD, type SchoolDateView } from '../../domain/calendar.js';
import { DomainError } from '../../domain/errors.js';
import { parseIsoDate } from '../../domain/school-month.js';
import { dayLabel } from '../../i18n/call-time.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { explainingRefusals, idFrom, refusalOf, refusalText } from '../refusals.js';

/**
 * `/dates`: a school's own dates on the family calendar (exam week, parents' day), kept by
 * its admins: the upcoming ones with a button to remove each (after a confirmation), and
 * "add" for new lines of `YYYY-MM-DD title`. Families hear of each date three days before.
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
  const actor = { userId: ctx.user!.id };
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
    const outcome = await refusalOf(conversation, () => ctx.domain.familyCalendar.addSchoolDates(actor, schoolId, entries));
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
    [button(t('calendar.dates.add'), `sd:add:${school.schoolId}`)],
    ...shown.map((date) => [button(t('calendar.dates.remove', { date: dateText(t, date) }), `sd:x:${date.id}`)]),
  ];
  return { text: [t('calendar.dates.title', { school: school.schoolName, days: DAYS_AHEAD }), ...lines].join('\n'), reply_markup: keyboard(buttons) };
}

schoolDatesFeature.command('dates', async (ctx) => {
  if (!ctx.user) return;
  await explainingRefusals(ctx, async () => {
    for (const school of await ctx.domain.familyCalendar.schoolDates({ userId: ctx.user!.id })) {
      const { text, reply_markup } = datesMessage(ctx.t, school);
      await ctx.reply(text, { reply_markup });
    }
  });
});

schoolDatesFeature.callbackQuery(/^sd:add:(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const schoolId = idFrom(ctx.match[1]);
    const schools = await ctx.domain.familyCalendar.schoolDates({ userId: ctx.user!.id });
    if (!schools.some((school) => school.schoolId === schoolId)) throw new DomainError('forbidden');
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('school-dates', schoolId);
  });
});

/** The admin's school that holds this date among its upcoming ones; refused for anyone else (callback data is untrusted). */
async function upcomingDate(ctx: ChatContext, dateId: number) {
  for (const school of await ctx.domain.familyCalendar.schoolDates({ userId: ctx.user!.id })) {
    const date = school.dates.find((each) => each.id === dateId);
    if (date) return { school, date };
  }
  throw new DomainError('forbidden');
}

schoolDatesFeature.callbackQuery(/^sd:x:(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const { school, date } = await upcomingDate(ctx, idFrom(ctx.match[1]));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('calendar.dates.confirmRemove', { title: date.title, date: dayText(ctx.t, date) }), {
      reply_markup: keyboard([[button(ctx.t('calendar.dates.removeYes'), `sd:xy:${date.id}`), button(ctx.t('calendar.dates.removeNo'), `sd:xn:${school.schoolId}`)]]),
    });
  });
});

schoolDatesFeature.callbackQuery(/^sd:xy:(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const actor = { userId: ctx.user!.id };
    const schoolId = await ctx.domain.familyCalendar.removeSchoolDate(actor, idFrom(ctx.match[1]));
    const school = (await ctx.domain.familyCalendar.schoolDates(actor)).find((each) => each.schoolId === schoolId);
    await ctx.answerCallbackQuery({ text: ctx.t('calendar.dates.removed') });
    if (!school) return;
    const { text, reply_markup } = datesMessage(ctx.t, school);
    await ctx.editMessageText(text, { reply_markup });
  });
});

schoolDatesFeature.callbackQuery(/^sd:xn:(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const schoolId = idFrom(ctx.match[1]);
    const school = (await ctx.domain.familyCalendar.schoolDates({ userId: ctx.user!.id })).find((each) => each.schoolId === schoolId);
    if (!school) throw new DomainError('forbidden');
    await ctx.answerCallbackQuery();
    const { text, reply_markup } = datesMessage(ctx.t, school);
    await ctx.editMessageText(text, { reply_markup });
  });
});
