import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { askDateLines, badDateLines, badPeriodLine, datesRefusal, periodKindWords, periodRefusal } from '../../app/school-admin-replies.js';
import type { Reply } from '../../app/reply.js';
import type { PeriodKind } from '../../domain/school-calendar.js';
import { isoDate, parseIsoDate } from '../../domain/school-month.js';
import { anyOf, inAnyLanguage, yearFirstDate } from '../../i18n/language-facts.js';
import { say } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { submitUntilAccepted } from '../conversation-steps.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';

/**
 * `/dates`: a school's own dates on the family calendar (exam week, parents' day), kept by
 * its admins: the upcoming ones with a button to remove each (after a confirmation), and
 * "add" for new lines of `YYYY-MM-DD title`. Families hear of each date three days before.
 * "Terms and holidays" shows the school's year: terms and holidays, added by typing two
 * dates and a name, removed after a confirmation; out of session, the jobs pause.
 */
export const schoolDatesFeature = new Composer<BotContext>();

const LINE = /^(\d{4}-\d{1,2}-\d{1,2})\s+(.+)$/;

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

/** Waits for a typed text and reads it with `read`, telling what was wrong until it reads; anything but text (a command, a press) leaves. */
async function typedUntilRead<T>(conversation: BotConversation, read: (text: string, step: ChatContext) => { value: T } | { wrong: Reply }): Promise<{ value: T; step: ChatContext }> {
  for (;;) {
    const step = await conversation.wait();
    const text = step.message?.text;
    if (text === undefined || text.startsWith('/')) return conversation.halt({ next: true });
    const outcome = read(text, step);
    if ('value' in outcome) return { value: outcome.value, step };
    await replyWith(step, outcome.wrong);
  }
}

async function addDates(conversation: BotConversation, ctx: ChatContext, schoolId: number) {
  const actor = ctx.actor!;
  await replyWith(ctx, askDateLines());
  const added = await submitUntilAccepted(
    conversation,
    () =>
      typedUntilRead<{ date: string; title: string }[]>(conversation, (text) => {
        const { entries, bad } = parseLines(text);
        return bad.length > 0 || entries.length === 0 ? { wrong: badDateLines(bad) } : { value: entries };
      }),
    ({ value: entries }) => ctx.app.schoolAdmin.addSchoolDates(actor, schoolId, entries),
    ({ step }, refused) => replyWith(step, datesRefusal(refused)),
  );
  if (added) await replyWith(added.answer.step, added.value.reply);
}

schoolDatesFeature.use(createConversation(addDates, 'school-dates'));

schoolDatesFeature.command('dates', async (ctx) => {
  if (!ctx.user) return;
  await explainingRefusals(ctx, async () => {
    for (const school of await ctx.app.schoolAdmin.schoolDates(ctx.actor!)) await replyWith(ctx, school);
  });
});

onAction(schoolDatesFeature, 'dates.add', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.schoolAdmin.datesOf(ctx.actor!, action.schoolId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('school-dates', action.schoolId);
  });
});

onAction(schoolDatesFeature, 'dates.remove', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.schoolAdmin.removeDateQuestion(ctx.actor!, action.dateId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, question);
  });
});

onAction(schoolDatesFeature, 'dates.removeYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const removed = await ctx.app.schoolAdmin.removeSchoolDate(ctx.actor!, action.dateId);
    await ctx.answerCallbackQuery({ text: say(ctx.t, removed.notice) });
    if (removed.reply) await editWith(ctx, removed.reply);
  });
});

onAction(schoolDatesFeature, 'dates.removeNo', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const dates = await ctx.app.schoolAdmin.datesOf(ctx.actor!, action.schoolId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, dates);
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

async function addPeriod(conversation: BotConversation, ctx: ChatContext, schoolId: number, kind: PeriodKind) {
  const actor = ctx.actor!;
  const { example, reply: question } = await conversation.external(() => ctx.app.schoolAdmin.askPeriod(actor, schoolId, kind));
  await replyWith(ctx, question);
  const added = await submitUntilAccepted(
    conversation,
    () =>
      typedUntilRead<{ kind: PeriodKind; title: string; startsOn: string; endsOn: string }>(conversation, (text, step) => {
        const line = parsePeriodLine(text);
        return line ? { value: { kind, ...line, title: line.title || say(step.t, periodKindWords(kind)) } } : { wrong: badPeriodLine(kind, example) };
      }),
    ({ value: period }) => ctx.app.schoolAdmin.addPeriod(actor, schoolId, period),
    ({ step }, refused) => replyWith(step, periodRefusal(refused)),
  );
  if (!added) return;
  await replyWith(added.answer.step, added.value.reply);
  await replyWith(added.answer.step, added.value.year);
}

schoolDatesFeature.use(createConversation(addPeriod, 'school-period'));

onAction(schoolDatesFeature, 'dates.year', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const year = await ctx.app.schoolAdmin.year(ctx.actor!, action.schoolId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, year);
  });
});

onAction(schoolDatesFeature, 'dates.addPeriod', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    await ctx.app.schoolAdmin.year(ctx.actor!, action.schoolId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('school-period', action.schoolId, action.kind === 'T' ? 'TERM' : 'HOLIDAY');
  });
});

onAction(schoolDatesFeature, 'dates.removePeriod', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const question = await ctx.app.schoolAdmin.removePeriodQuestion(ctx.actor!, action.periodId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, question);
  });
});

onAction(schoolDatesFeature, 'dates.removePeriodYes', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const removed = await ctx.app.schoolAdmin.removePeriod(ctx.actor!, action.periodId);
    await ctx.answerCallbackQuery({ text: say(ctx.t, removed.notice) });
    await editWith(ctx, removed.reply);
  });
});
