import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTranslations, type Translate } from '../../src/i18n/translator.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { onTelegram, withTelegram } from '../helpers/accounts.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let h: Harness;
let ids: Awaited<ReturnType<typeof seed>>;
let en: Translate;
let zh: Translate;

beforeAll(async () => {
  const translations = await loadTranslations();
  en = translations.translatorFor('en');
  zh = translations.translatorFor('zh-CN');
});
beforeEach(async () => {
  h = await Harness.create();
  ids = await seed();
});
afterEach(() => h.close());

/** Hope Middle School: its admin, a teacher of Class 1 with Li Xiaoming, and Wang Fang in Class 2. */
async function seed() {
  const school = await h.db.school.create({ data: { name: 'Hope Middle School', timezone: 'Asia/Shanghai' } });
  const class1 = await h.db.class.create({ data: { schoolId: school.id, name: 'Grade 7 Class 1' } });
  const class2 = await h.db.class.create({ data: { schoolId: school.id, name: 'Grade 7 Class 2' } });
  const admin = await h.db.user.create({ data: { accounts: onTelegram(8001n), displayName: 'Principal Zhang', languageCode: 'en' } });
  const teacher = await h.db.user.create({ data: { accounts: onTelegram(8002n), displayName: 'Teacher Liu', languageCode: 'en' } });
  await h.db.membership.create({ data: { userId: admin.id, role: 'ADMIN', schoolId: school.id } });
  await h.db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: class1.id, classTeacher: true } });
  const xiaoming = await h.db.child.create({ data: { schoolId: school.id, classId: class1.id, name: 'Li Xiaoming' } });
  const wangFang = await h.db.child.create({ data: { schoolId: school.id, classId: class2.id, name: 'Wang Fang' } });
  return { school: school.id, class1: class1.id, class2: class2.id, admin: admin.id, teacher: teacher.id, xiaoming: xiaoming.id, wangFang: wangFang.id };
}

/** The invitation code from the link in a photo's caption. */
function codeIn(text: string | undefined): string {
  const match = /https:\/\/t\.me\/jiashu_test_bot\?start=([2-9A-Z]{12})\n/.exec(text ?? '');
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1]!;
}

const last = (replies: BotReply[]) => replies.at(-1);
const lastText = (replies: BotReply[]) => replies.at(-1)?.text;

function staffPreview(t: Translate, vars: { inviter: string; school: string; role: string; className?: string }): string {
  const place = vars.className ? t('join.inClass', { className: vars.className }) : '';
  return [t('join.staffInvite', { ...vars, place }), '', t('join.staffData'), '', t('join.privacy')].join('\n');
}

function familyPreview(t: Translate, vars: { inviter: string; school: string; child: string; relation: string }): string {
  return [t('join.familyInvite', vars), '', t('join.familyData', { child: vars.child }), '', t('join.privacy')].join('\n');
}

describe('invitations through the chat', () => {
  it('sends a QR code, expires, works once, is listed and can be withdrawn', async () => {
    const principal = h.user('Principal Zhang', 8001, 'en');

    // The admin invites a subject teacher for Class 2 and gets a QR code with the link.
    const whom = await principal.send('/invite');
    expect(last(whom)).toMatchObject({ text: en('invites.whom'), buttons: [[en('invites.teacher'), en('invites.keeper')], [en('invites.family')]] });
    const classes = await principal.press(en('invites.teacher'));
    expect(last(classes)).toMatchObject({ method: 'editMessageText', text: en('invites.whichClass'), buttons: [['Grade 7 Class 1', 'Grade 7 Class 2'], [en('invites.noClassYet')]] });
    const kinds = await principal.press('Grade 7 Class 2');
    expect(last(kinds)).toMatchObject({ text: en('invites.whichKind'), buttons: [[en('invites.classTeacher'), en('invites.subjectTeacher')]] });
    const teacherInvite = await principal.press(en('invites.subjectTeacher'));
    expect(last(teacherInvite)?.method).toBe('sendPhoto');
    const photos = h.callsOf('sendPhoto');
    expect(photos).toHaveLength(1);
    expect(Number(photos[0]!.payload.chat_id)).toBe(8001);
    expect(photos[0]!.payload.photo).toEqual({ filename: 'invitation.png', size: expect.any(Number) });
    expect((photos[0]!.payload.photo as { size: number }).size).toBeGreaterThan(100);
    const teacherCode = codeIn(lastText(teacherInvite));
    expect(lastText(teacherInvite)).toBe(en('invites.ready', { link: `https://t.me/jiashu_test_bot?start=${teacherCode}`, until: '2026-12-15 10:00' }));
    expect(await h.db.invite.findFirstOrThrow({ where: { role: 'TEACHER' } })).toMatchObject({
      schoolId: ids.school,
      classId: ids.class2,
      classTeacher: false,
      createdById: ids.admin,
      expiresAt: new Date(h.now + 14 * DAY),
    });

    // The teacher opens the link, reads what joining means and agrees.
    const chen = h.user('Teacher Chen', 8003, 'en');
    const preview = await chen.send(`/start ${teacherCode}`);
    expect(last(preview)).toMatchObject({
      text: staffPreview(en, { inviter: 'Principal Zhang', school: 'Hope Middle School', role: en('roles.TEACHER'), className: 'Grade 7 Class 2' }),
      buttons: [[en('join.agree'), en('join.decline')]],
    });
    const joined = await chen.press(en('join.agree'));
    expect(joined.map((reply) => reply.method)).toEqual(['answerCallbackQuery', 'editMessageReplyMarkup', 'sendMessage']);
    expect(lastText(joined)).toBe(en('join.joinedStaff', { role: en('roles.TEACHER'), school: 'Hope Middle School' }));
    const chenRow = await h.db.user.findFirstOrThrow({ where: withTelegram(8003n) });
    expect(await h.db.membership.findMany({ where: { userId: chenRow.id }, select: { role: true, schoolId: true, classId: true, classTeacher: true } })).toEqual([
      { role: 'TEACHER', schoolId: ids.school, classId: ids.class2, classTeacher: false },
    ]);

    // Someone else opening the same link is told it was used.
    const stranger = h.user('Wang Qiang', 8004, 'en');
    const usedAgain = await stranger.send(`/start ${teacherCode}`);
    expect(usedAgain).toEqual([{ method: 'sendMessage', text: en('refusals.inviteUsed'), buttons: [] }]);
    const strangerRow = await h.db.user.findFirstOrThrow({ where: withTelegram(8004n) });
    expect(await h.db.membership.count({ where: { userId: strangerRow.id } })).toBe(0);

    // A mother's invitation: she first says "No, thanks", and nothing is linked.
    await principal.send('/invite');
    const children = await principal.press(en('invites.family'));
    expect(last(children)).toMatchObject({ text: en('invites.whichChild'), buttons: [['Li Xiaoming', 'Wang Fang']] });
    const relations = await principal.press('Li Xiaoming');
    expect(last(relations)).toMatchObject({
      text: en('invites.whichRelation'),
      buttons: [[en('relations.MOTHER'), en('relations.FATHER'), en('relations.GRANDPARENT'), en('relations.OTHER_GUARDIAN')]],
    });
    const familyCode = codeIn(lastText(await principal.press(en('relations.MOTHER'))));
    const mother = h.user('Li Mei', 8005, 'en');
    const familyInvite = await mother.send(`/start ${familyCode}`);
    expect(last(familyInvite)).toMatchObject({
      text: familyPreview(en, { inviter: 'Principal Zhang', school: 'Hope Middle School', child: 'Li Xiaoming', relation: en('relations.MOTHER') }),
      buttons: [[en('join.agree'), en('join.decline')]],
    });
    const declined = await mother.press(en('join.decline'));
    expect(declined.map((reply) => reply.method)).toEqual(['answerCallbackQuery', 'editMessageReplyMarkup', 'sendMessage']);
    expect(lastText(declined)).toBe(en('join.declined'));
    expect(await h.db.guardianLink.count()).toBe(0);
    expect(await h.db.invite.findFirstOrThrow({ where: { childId: ids.xiaoming } })).toMatchObject({ role: 'PARENT', relation: 'MOTHER', usedAt: null, usedById: null });

    // A keeper's invitation, then the admin's list of invitations.
    const keeperCode = codeIn(lastText(await (async () => {
      await principal.send('/invite');
      return principal.press(en('invites.keeper'));
    })()));
    const list = await principal.send('/invites');
    expect(last(list)).toMatchObject({
      text: [
        en('invites.listTitle'),
        `1. ${en('roles.KEEPER')} — ${en('invites.status.pending')} (2026-12-15)`,
        `2. ${en('invites.lineFamily', { relation: en('relations.MOTHER'), child: 'Li Xiaoming' })} — ${en('invites.status.pending')} (2026-12-15)`,
        `3. ${en('roles.TEACHER')} · Grade 7 Class 2 — ${en('invites.status.used')} (2026-12-15)`,
      ].join('\n'),
      buttons: [[en('invites.revokeNumber', { number: 1 }), en('invites.revokeNumber', { number: 2 })]],
    });

    // Withdrawing asks first; "No, keep it" keeps it, "Yes, withdraw" withdraws it.
    const confirm = await principal.press(en('invites.revokeNumber', { number: 1 }));
    expect(last(confirm)).toMatchObject({ text: en('invites.revokeConfirm'), buttons: [[en('invites.revokeYes'), en('invites.revokeNo')]] });
    expect(last(await principal.press(en('invites.revokeNo')))).toMatchObject({ method: 'editMessageText', text: en('invites.kept'), buttons: [] });
    expect(await h.db.invite.findFirstOrThrow({ where: { role: 'KEEPER' } })).toMatchObject({ revokedAt: null });

    await principal.send('/invites');
    await principal.press(en('invites.revokeNumber', { number: 1 }));
    expect(last(await principal.press(en('invites.revokeYes')))).toMatchObject({ method: 'editMessageText', text: en('invites.revoked'), buttons: [] });
    expect(await h.db.invite.findFirstOrThrow({ where: { role: 'KEEPER' } })).toMatchObject({ revokedAt: new Date(h.now) });
    expect(await h.db.auditLog.count({ where: { action: 'invite.revoked', actorId: ids.admin } })).toBe(1);

    const keeper = h.user('Zhao Min', 8006, 'en');
    expect(await keeper.send(`/start ${keeperCode}`)).toEqual([{ method: 'sendMessage', text: en('refusals.inviteRevoked'), buttons: [] }]);
    const keeperRow = await h.db.user.findFirstOrThrow({ where: withTelegram(8006n) });
    expect(await h.db.membership.count({ where: { userId: keeperRow.id } })).toBe(0);

    // The mother changes her mind an hour later: the link still works, and she is linked with her consent's time.
    h.advance(HOUR);
    await mother.send(`/start ${familyCode}`);
    const motherJoined = await mother.press(en('join.agree'));
    expect(motherJoined.map((reply) => reply.text).filter(Boolean)).toEqual([en('join.joinedFamily', { child: 'Li Xiaoming', school: 'Hope Middle School' }), en('phone.ask')]);
    expect(last(motherJoined)?.buttons).toEqual([[en('phone.share')], [en('phone.skip')]]);
    const motherRow = await h.db.user.findFirstOrThrow({ where: withTelegram(8005n) });
    expect(await h.db.guardianLink.findMany({ select: { userId: true, childId: true, role: true, relation: true, consentedAt: true } })).toEqual([
      { userId: motherRow.id, childId: ids.xiaoming, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date(h.now) },
    ]);

    const statuses = await principal.send('/invites');
    expect(last(statuses)).toMatchObject({
      text: [
        en('invites.listTitle'),
        `1. ${en('roles.KEEPER')} — ${en('invites.status.revoked')} (2026-12-15)`,
        `2. ${en('invites.lineFamily', { relation: en('relations.MOTHER'), child: 'Li Xiaoming' })} — ${en('invites.status.used')} (2026-12-15)`,
        `3. ${en('roles.TEACHER')} · Grade 7 Class 2 — ${en('invites.status.used')} (2026-12-15)`,
      ].join('\n'),
      buttons: [],
    });

    // A teacher's invitation without a class, opened more than 14 days later, has expired.
    await principal.send('/invite');
    await principal.press(en('invites.teacher'));
    const lateCode = codeIn(lastText(await principal.press(en('invites.noClassYet'))));
    h.advance(14 * DAY + MINUTE);
    const late = h.user('王老师', 8007, 'zh-CN');
    expect(await late.send(`/start ${lateCode}`)).toEqual([{ method: 'sendMessage', text: zh('refusals.inviteExpired'), buttons: [] }]);
    const lateRow = await h.db.user.findFirstOrThrow({ where: withTelegram(8007n) });
    expect(await h.db.membership.count({ where: { userId: lateRow.id } })).toBe(0);
    expect(lastText(await principal.send('/invites'))?.split('\n')[1]).toBe(`1. ${en('roles.TEACHER')} — ${en('invites.status.expired')} (2026-12-15)`);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/invites.txt');
  });

  it('refuses the sixth code in an hour from one person, even a right one, and not from another person', async () => {
    const principal = h.user('Principal Zhang', 8001, 'en');
    await principal.send('/invite');
    const code = codeIn(lastText(await principal.press(en('invites.keeper'))));

    const guesser = h.user('Guesser', 8101, 'en');
    for (const wrong of ['ABCDEFGHJKMN', 'abcd-efgh-jkmp', 'ZZZZZZZZZZZZ', 'hello', '2345678923456789']) {
      expect(await guesser.send(`/start ${wrong}`)).toEqual([{ method: 'sendMessage', text: en('refusals.inviteUnknown'), buttons: [] }]);
    }
    expect(await guesser.send('/start 23456789ABCD')).toEqual([{ method: 'sendMessage', text: en('refusals.rateLimited'), buttons: [] }]);
    expect(await guesser.send(`/start ${code}`)).toEqual([{ method: 'sendMessage', text: en('refusals.rateLimited'), buttons: [] }]);
    expect(await h.db.inviteFailure.count({ where: { user: withTelegram(8101n) } })).toBe(5);

    const neighbour = h.user('Neighbour', 8102, 'en');
    expect(last(await neighbour.send(`/start ${code.toLowerCase()}`))?.buttons).toEqual([[en('join.agree'), en('join.decline')]]);

    h.advance(HOUR + MINUTE);
    const preview = await guesser.send(`/start ${code}`);
    expect(lastText(preview)).toBe(staffPreview(en, { inviter: 'Principal Zhang', school: 'Hope Middle School', role: en('roles.KEEPER') }));
    expect(lastText(await guesser.press(en('join.agree')))).toBe(en('join.joinedStaff', { role: en('roles.KEEPER'), school: 'Hope Middle School' }));
    const guesserRow = await h.db.user.findFirstOrThrow({ where: withTelegram(8101n) });
    expect(await h.db.membership.findMany({ where: { userId: guesserRow.id }, select: { role: true, classId: true } })).toEqual([{ role: 'KEEPER', classId: null }]);
  });

  it('refuses a teacher forged callback data for a child outside their class, with an alert and no invitation', async () => {
    const teacher = h.user('Teacher Liu', 8002, 'en');
    expect(last(await teacher.send('/invite'))).toMatchObject({ text: en('invites.whom'), buttons: [[en('invites.family')]] });
    expect(last(await teacher.press(en('invites.family')))).toMatchObject({ text: en('invites.whichChild'), buttons: [['Li Xiaoming']] });

    const forged = await teacher.pressData(`inv:fr:${ids.wangFang}:MOTHER`);
    expect(forged).toEqual([{ method: 'answerCallbackQuery', text: en('refusals.forbidden'), buttons: [] }]);
    expect(h.callsOf('answerCallbackQuery').at(-1)?.payload).toMatchObject({ text: en('refusals.forbidden'), show_alert: true });
    expect(h.callsOf('sendPhoto')).toHaveLength(0);
    expect(await h.db.invite.count()).toBe(0);
    expect(await h.db.auditLog.findMany({ where: { action: 'access.refused' }, select: { actorId: true, entity: true, entityId: true } })).toEqual([
      { actorId: ids.teacher, entity: 'Child', entityId: ids.wangFang },
    ]);

    const forgedStaff = await teacher.pressData(`inv:tk:${ids.school}:${ids.class1}:1`);
    expect(forgedStaff).toEqual([{ method: 'answerCallbackQuery', text: en('refusals.forbidden'), buttons: [] }]);
    expect(await h.db.invite.count()).toBe(0);

    // Their own pupil's family is fine.
    await teacher.press('Li Xiaoming');
    const own = await teacher.press(en('relations.GRANDPARENT'));
    expect(last(own)?.method).toBe('sendPhoto');
    expect(await h.db.invite.findMany({ select: { role: true, relation: true, childId: true, createdById: true } })).toEqual([
      { role: 'GUARDIAN', relation: 'GRANDPARENT', childId: ids.xiaoming, createdById: ids.teacher },
    ]);
  });
});
