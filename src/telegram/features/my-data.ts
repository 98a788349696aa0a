import { Composer, InlineKeyboard, InputFile, type MiddlewareFn } from 'grammy';
import { pack } from '../../actions/index.js';
import type { DeletionCounts, MyChild, MyData, MyProfile, MyRole } from '../../domain/privacy.js';
import { languageName, timeZoneName } from '../../i18n/display-names.js';
import { isSupportedLocale } from '../../i18n/locales.js';
import { displayPhone } from '../../notifications/call-back.js';
import type { Translate } from '../../i18n/translator.js';
import { wallClock } from '../../i18n/wall-clock.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { packTexts } from '../pager.js';

/**
 * `/mydata`: a parent or guardian sees what Jiashu keeps about them and their children,
 * downloads it, or has it deleted. Buttons carry no ids: every press acts on the presser's
 * own records, read again from the database.
 */
export const myDataFeature = new Composer<BotContext>();

/**
 * Mounted before every feature: someone whose data was deleted who presses a button of an
 * old message (a check-in, a weekly note, a letter) is told so, and nothing behind the
 * button runs. Only the /mydata buttons (what is kept now) and the buttons of a new
 * invitation (joining again) still answer them.
 */
const STILL_ANSWERED = /^(mydata|join):/;

export const refuseErasedButtons: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery || !ctx.user?.erased || STILL_ANSWERED.test(ctx.callbackQuery.data ?? '')) return next();
  await ctx.answerCallbackQuery({ text: ctx.t('myData.erasedButton'), show_alert: true });
};

/** An instant as the calendar day it was in the person's time zone. */
function dayOf(iso: string, zone: string | null): string {
  return wallClock(new Date(iso), zone ?? 'UTC').slice(0, 10);
}

/** How many of each kind of record the person wrote or received, the log aside; the download holds them in full. */
function recordCounts(data: MyData): [key: 'letters' | 'checkIns' | 'messages' | 'calls' | 'weeklyNotes', n: number][] {
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

function recordLines(t: Translate, data: MyData): string[] {
  const lines = recordCounts(data)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => t(`myData.records.${key}`, { n }));
  if (data.log.length > 0) lines.push(t('myData.records.log', { n: data.log.length }));
  return lines.length === 0 ? [] : [t('myData.records.heading'), ...lines, t('myData.records.inFull')];
}

function profileLines(t: Translate, you: MyProfile): string[] {
  const zone = you.timezoneInEffect;
  return [
    t('myData.you.heading'),
    t('myData.you.name', { value: you.displayName || t('myData.notFilled') }),
    t('myData.you.telegramId', { value: String(you.telegramId) }),
    t('myData.you.locale', { value: isSupportedLocale(you.locale) ? t('language.name', { lng: you.locale }) : t('myData.notChosen') }),
    t('myData.you.telegramLanguage', { value: you.telegramLanguage ? languageName(t, you.telegramLanguage) : t('myData.notKnown') }),
    you.timezone
      ? t('myData.you.timezoneOwn', { zone: timeZoneName(t, you.timezone) })
      : zone
        ? t('myData.you.timezoneSchool', { zone: timeZoneName(t, zone) })
        : t('myData.you.timezoneNone'),
    you.quietHours ? t('myData.you.quietHours', { from: you.quietHours.start, to: you.quietHours.end }) : t('myData.you.quietNone'),
    ...(you.phone ? [t('myData.you.phone', { value: displayPhone(you.phone) })] : []),
    ...(you.freeHours ? [t('myData.you.freeHours', { from: you.freeHours.start, to: you.freeHours.end })] : []),
    t('myData.you.joined', { date: dayOf(you.joinedAt, zone) }),
    ...(you.messagesKept > 0 ? [t('myData.you.messages', { count: you.messagesKept })] : []),
  ];
}

function roleLines(t: Translate, roles: MyRole[], zone: string | null): string[] {
  if (roles.length === 0) return [];
  return [
    '',
    t('myData.roles.heading'),
    ...roles.map((r) => {
      const role = r.classTeacher ? t('myData.roles.classTeacher') : t(`roles.${r.role}`);
      const date = dayOf(r.since, zone);
      return r.className
        ? t('myData.roles.inClass', { role, className: r.className, school: r.school, date })
        : t('myData.roles.atSchool', { role, school: r.school, date });
    }),
  ];
}

function childLines(t: Translate, child: MyChild, zone: string | null): string[] {
  const or = (value: string | null) => value ?? t('myData.notFilled');
  return [
    t('myData.child.heading', { name: child.name }),
    t('myData.child.link', { relation: t(`myData.relation.${child.relation}`), date: dayOf(child.consentedAt, zone) }),
    t('myData.child.birthday', { value: or(child.birthday) }),
    child.className
      ? t('myData.child.class', { className: child.className, school: child.school })
      : t('myData.child.noClass', { school: child.school }),
    t('myData.child.parentsAway', { value: t(`myData.parentsAway.${child.parentsAway}`) }),
    t('myData.child.workCity', { value: or(child.workCity) }),
    t('myData.child.boarding', { value: t(child.boarding ? 'myData.yes' : 'myData.no') }),
    t('myData.child.notes', { value: or(child.notes) }),
    t('myData.child.guardianName', { value: or(child.guardianName) }),
    t('myData.child.guardianRelation', {
      value: child.guardianRelation ? t(`myData.relation.${child.guardianRelation}`) : t('myData.notFilled'),
    }),
    t('myData.child.guardianPhone', { value: or(child.guardianPhone) }),
  ];
}

/** Staff keep their name and settings on deletion, so they have something to delete only as family; an erased profile has nothing left. */
function hasDeletable(data: MyData): boolean {
  const profileLeft = data.roles.length === 0 && data.you.erasedAt === null;
  return profileLeft || data.children.length > 0 || data.you.messagesKept > 0 || hasRecords(data);
}

function summaryKeyboard(t: Translate, data: MyData): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(t('myData.buttons.json'), pack({ name: 'myData.download', format: 'json' })).text(t('myData.buttons.csv'), pack({ name: 'myData.download', format: 'csv' }));
  return hasDeletable(data) ? keyboard.row().text(t('myData.buttons.delete'), pack({ name: 'myData.delete' })) : keyboard;
}

function confirmLines(t: Translate, data: MyData): string[] {
  const isStaff = data.roles.length > 0;
  const names = data.children.map((child) => child.name).join(t('myData.listSeparator'));
  return [
    t('myData.confirm.title'),
    ...(data.children.length > 0 ? [t('myData.confirm.links', { names })] : []),
    ...(isStaff ? [] : [t('myData.confirm.profile')]),
    ...(data.you.messagesKept > 0 ? [t('myData.confirm.messages')] : []),
    ...(hasRecords(data) ? [t('myData.confirm.records')] : []),
    '',
    ...(isStaff ? [t('myData.staffKept')] : []),
    ...(data.children.length > 0 ? [t('myData.confirm.schoolKeeps')] : []),
    t('myData.confirm.log'),
    t('myData.confirm.final'),
  ];
}

function doneLines(t: Translate, counts: DeletionCounts): string[] {
  const removed = [
    ...(counts.guardianLinks > 0 ? [t('myData.deleted.links', { count: counts.guardianLinks })] : []),
    ...(counts.profileCleared ? [t('myData.deleted.profile')] : []),
    ...(counts.outboxMessages > 0 ? [t('myData.deleted.messages', { count: counts.outboxMessages })] : []),
    ...(counts.letters > 0 ? [t('myData.records.letters', { n: counts.letters })] : []),
    ...(counts.checkIns > 0 ? [t('myData.records.checkIns', { n: counts.checkIns })] : []),
    ...(counts.familyMessages > 0 ? [t('myData.records.messages', { n: counts.familyMessages })] : []),
    ...(counts.callBookings > 0 ? [t('myData.deleted.calls', { n: counts.callBookings })] : []),
    ...(counts.noteCopies > 0 ? [t('myData.records.weeklyNotes', { n: counts.noteCopies })] : []),
    ...(counts.copiesToOthers > 0 ? [t('myData.deleted.copies', { n: counts.copiesToOthers })] : []),
  ];
  if (removed.length === 0) return [t('myData.deleted.nothing')];
  return [
    t('myData.deleted.title'),
    ...removed,
    '',
    ...(counts.profileCleared ? [] : [t('myData.staffKept')]),
    ...(counts.guardianLinks > 0 ? [t('myData.deleted.schoolKeeps')] : []),
    ...(counts.profileCleared ? [t('myData.deleted.telegramId')] : []),
    t('myData.deleted.log'),
  ];
}

myDataFeature.command('mydata', async (ctx) => {
  if (!ctx.user) return;
  const { t } = ctx;
  const data = await ctx.domain.privacy.myData(ctx.actor!);
  if (isEmpty(data)) {
    await ctx.reply(t(data.you.erasedAt ? 'myData.nothingErased' : 'myData.nothing'));
    return;
  }
  const zone = data.you.timezoneInEffect;
  const overview = [t('myData.title'), '', ...profileLines(t, data.you), ...roleLines(t, data.roles, zone), ''];
  overview.push(data.children.length > 0 ? t('myData.childrenCount', { count: data.children.length }) : t('myData.noChildren'));
  await ctx.reply(overview.join('\n'));
  for (const child of data.children) await ctx.reply(childLines(t, child, zone).join('\n'));
  for (const text of packTexts(recordLines(t, data))) await ctx.reply(text);
  const closing = data.children.length > 0 ? [t('myData.whoSees'), '', t('myData.offer')] : [t('myData.offer')];
  await ctx.reply(closing.join('\n'), { reply_markup: summaryKeyboard(t, data) });
});

onAction(myDataFeature, 'myData.download', async (ctx, action) => {
  if (!ctx.user) return;
  const file = await ctx.domain.privacy.exportMyData(ctx.actor!, action.format);
  await ctx.answerCallbackQuery();
  await ctx.replyWithDocument(new InputFile(file.body, file.fileName), { caption: ctx.t('myData.download.caption') });
});

onAction(myDataFeature, 'myData.delete', async (ctx) => {
  if (!ctx.user) return;
  const data = await ctx.domain.privacy.myData(ctx.actor!);
  await ctx.answerCallbackQuery();
  if (!hasDeletable(data)) {
    await ctx.reply(ctx.t('myData.deleted.nothing'));
    return;
  }
  const keyboard = new InlineKeyboard().text(ctx.t('myData.buttons.confirm'), pack({ name: 'myData.deleteYes' })).text(ctx.t('myData.buttons.keep'), pack({ name: 'myData.deleteNo' }));
  await ctx.reply(confirmLines(ctx.t, data).join('\n'), { reply_markup: keyboard });
});

onAction(myDataFeature, 'myData.deleteYes', async (ctx) => {
  if (!ctx.user) return;
  const counts = await ctx.domain.privacy.deleteMyData(ctx.actor!);
  ctx.log.info({ ...counts }, 'personal data deleted on request');
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(doneLines(ctx.t, counts).join('\n'));
});

onAction(myDataFeature, 'myData.deleteNo', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('myData.kept'));
});
