import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { typedHours, weeklyCap } from '../../src/app/call-replies.js';
import { dayWords } from '../../src/i18n/call-time.js';
import { say, verbatim, words } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

/** Tuesday 1 December 2026, 10:00 in Shanghai. */
const START = Date.parse('2026-12-01T02:00:00Z');
let now = START;
/** 张校长's school takes calls Tuesday and Thursday 16:30–18:00, one a week; 周阿姨 keeps the Home; 陈静 is 李小明's mother, 王奶奶 王芳's grandmother. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, school } = world;
/** Tuesday 1 December, 16:30 in Shanghai. */
const tue1630 = new Date('2026-12-01T08:30:00Z');
const TUE_THU = [
  { weekday: 2, startMinute: 16 * 60 + 30, endMinute: 18 * 60, slotMinutes: 10 },
  { weekday: 4, startMinute: 16 * 60 + 30, endMinute: 18 * 60, slotMinutes: 10 },
];
const en = () => translations.translatorFor('en');
const zh = () => translations.translatorFor('zh-CN');

beforeAll(async () => {
  ids.school = school.schoolId;
  await school.user('admin', 9201, '张校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.user('keeper', 9202, '周阿姨', 'zh-hans');
  await school.member('keeper', 'KEEPER');
  await school.user('mother', 9203, '陈静', 'zh-hans');
  await school.user('grandma', 9204, '王奶奶', 'zh-hans');
  await school.child('ming', '李小明');
  await school.child('fang', '王芳');
  await school.link('mother', 'ming', 'MOTHER');
  await school.link('grandma', 'fang', 'GRANDPARENT');
  await app.schoolAdmin.setCallSettings(as('admin'), school.schoolId, TUE_THU, 1);
});
afterAll(world.close);
beforeEach(async () => {
  now = START;
  await db.callBooking.deleteMany();
});

describe('families book, move and cancel calls in words and choices', () => {
  it('/call with one child shows that child\'s calls, with "book" as a typed action', async () => {
    expect(await app.calls.children(as('mother'))).toEqual({
      words: { join: [{ key: 'calls.overview', values: { child: '李小明' } }, { key: 'calls.noneBooked' }], with: '\n' },
      choices: [[{ label: { key: 'calls.bookButton' }, action: { name: 'call.book', childId: ids.ming } }]],
    });
    expect(await app.calls.children(as('keeper'))).toEqual({ words: { key: 'calls.noChildren' }, choices: [] });
  });

  it('booking offers the days with free times, then the times of a day, and confirms the booked call', async () => {
    const days = await app.calls.daysToBook(as('mother'), ids.ming!);
    expect(say(en(), days.words)).toBe('Book a call (Beijing time).\nWhich day?');
    expect(days.choices[0]).toEqual([
      { label: dayWords({ year: 2026, month: 12, day: 1 }), action: { name: 'call.day', childId: ids.ming, moveId: 0, date: '20261201' } },
      { label: dayWords({ year: 2026, month: 12, day: 3 }), action: { name: 'call.day', childId: ids.ming, moveId: 0, date: '20261203' } },
    ]);

    const times = await app.calls.times(as('mother'), ids.ming!, 0, { year: 2026, month: 12, day: 1 });
    expect(say(zh(), times.words)).toBe('12月1日周二和李小明通话的空闲时间：');
    expect(times.choices[0]![0]).toEqual({ label: verbatim('16:30'), action: { name: 'call.slot', childId: ids.ming, moveId: 0, minute: tue1630.getTime() / 60_000 } });
    expect(times.choices.at(-1)).toEqual([{ label: words('calls.otherDays'), action: { name: 'call.book', childId: ids.ming } }]);

    const { call, reply } = await app.calls.book(as('mother'), ids.ming!, tue1630);
    expect(say(en(), reply.words)).toBe('Booked: your call with 李小明 on Tue 12/1 16:30. I will remind you 30 minutes before.');
    expect(await db.callBooking.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'BOOKED', slotStart: tue1630 });
  });

  it('a slot another family took first is refused and no longer offered on that day', async () => {
    await app.calls.book(as('mother'), ids.ming!, tue1630);
    await expect(app.calls.book(as('grandma'), ids.fang!, tue1630)).rejects.toMatchObject({ reason: 'slotTaken' });
    const times = await app.calls.times(as('grandma'), ids.fang!, 0, tue1630);
    expect(times.choices.flat().map((choice) => choice.label)).not.toContainEqual(verbatim('16:30'));
    expect(times.choices[0]![0]!.label).toEqual(verbatim('16:40'));
  });

  it('a booked call is moved through the same day and time choices, and cancelled after a yes', async () => {
    const { call } = await app.calls.book(as('mother'), ids.ming!, tue1630);
    const overview = await app.calls.overview(as('mother'), ids.ming!);
    expect(overview.choices[0]).toEqual([
      { label: words('calls.moveButton', { when: expect.anything() }), action: { name: 'call.move', bookingId: call.id } },
      { label: words('calls.cancelButton'), action: { name: 'call.cancel', bookingId: call.id } },
    ]);
    expect(say(en(), overview.words)).toBe("Calls with 李小明 at the Children's Home:\n· Tue 12/1 16:30");

    const days = await app.calls.daysToMove(as('mother'), call.id);
    expect(say(en(), days.words)).toBe('Move the call of Tue 12/1 16:30 to another time (Beijing time).\nWhich day?');
    expect(days.choices[0]![0]!.action).toEqual({ name: 'call.day', childId: ids.ming, moveId: call.id, date: '20261201' });
    const times = await app.calls.times(as('mother'), ids.ming!, call.id, { year: 2026, month: 12, day: 3 });
    expect(times.choices.at(-1)).toEqual([{ label: words('calls.otherDays'), action: { name: 'call.move', bookingId: call.id } }]);
    await expect(app.calls.daysToMove(as('grandma'), call.id)).rejects.toMatchObject({ reason: 'forbidden' });

    const thursday = new Date('2026-12-03T09:00:00Z');
    const moved = await app.calls.move(as('mother'), call.id, thursday);
    expect(say(zh(), moved.reply.words)).toBe('已改约：和李小明的通话改到 12月3日周四 17:00。通话前 30 分钟会提醒您。');

    const booked = moved.call.id;
    const question = await app.calls.cancelQuestion(as('mother'), booked);
    expect(question.choices).toEqual([
      [
        { label: words('calls.cancelYes'), action: { name: 'call.cancelYes', bookingId: booked } },
        { label: words('calls.cancelNo'), action: { name: 'call.cancelNo' } },
      ],
    ]);
    expect((await app.calls.cancel(as('mother'), booked)).reply).toEqual({ words: words('calls.cancelled'), choices: [] });
    expect(await db.callBooking.findUniqueOrThrow({ where: { id: booked } })).toMatchObject({ status: 'CANCELLED' });
  });
});

describe("the keeper's schedule and records", () => {
  it('lists the day\'s calls with "held" and "missed" for a booked one, and records them once they are due', async () => {
    const { call } = await app.calls.book(as('mother'), ids.ming!, tue1630);
    const [day] = await app.calls.schedule(as('keeper'));
    expect(say(zh(), day!.words)).toBe('12月1日周二 希望中学儿童之家的通话：\n16:30 李小明 — 陈静 · 已预约');
    expect(day!.choices).toEqual([
      [
        { label: words('calls.schedule.held', { call: '16:30 李小明' }), action: { name: 'schedule.held', callId: call.id } },
        { label: words('calls.schedule.missed'), action: { name: 'schedule.missed', callId: call.id } },
      ],
    ]);
    await expect(app.calls.markHeld(as('keeper'), call.id, 8)).rejects.toMatchObject({ reason: 'callNotYet' });
    await expect(app.calls.schedule(as('mother'))).rejects.toMatchObject({ reason: 'forbidden' });

    now = Date.parse('2026-12-01T08:45:00Z');
    const held = await app.calls.markHeld(as('keeper'), call.id, 8);
    expect(say(en(), held.reply.words)).toBe("Noted: 李小明's call lasted 8 minutes. It is in the child's file.");
    expect(await db.callBooking.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'HELD', durationMinutes: 8 });
    const [after] = await app.calls.schedule(as('keeper'));
    expect(after!.choices).toEqual([]);
  });

  it('a busy day comes ten calls a page, each page offering the pages beside it', async () => {
    const parent = ids.mother!;
    const children = await Promise.all(Array.from({ length: 12 }, (_, n) => db.child.create({ data: { schoolId: ids.school!, name: `孩子${n + 1}` } })));
    await db.callBooking.createMany({
      data: children.map((child, n) => {
        const slotStart = new Date(tue1630.getTime() + 5 * n * 60_000);
        return { schoolId: ids.school!, childId: child.id, parentId: parent, slotStart, activeSlot: slotStart, status: 'BOOKED' as const };
      }),
    });
    const [first] = await app.calls.schedule(as('keeper'), { year: 2026, month: 12, day: 1 });
    const paging = { name: 'schedule.page', schoolId: ids.school, date: '2026-12-1' };
    expect(first!.choices).toHaveLength(11);
    expect(first!.choices.at(-1)).toEqual([{ label: words('pager.next'), action: { ...paging, page: 1, part: 0 } }]);
    expect(say(en(), first!.words)).toMatch(/\nPage 1 of 2$/);

    const second = await app.calls.schedulePage(as('keeper'), ids.school!, { year: 2026, month: 12, day: 1 }, 1);
    expect(second.choices).toHaveLength(3);
    expect(second.choices.at(-1)).toEqual([{ label: words('pager.previous'), action: { ...paging, page: 0, part: 0 } }]);
    expect(say(en(), second.words).match(/^\d\d:\d\d /gm)).toHaveLength(2);
    await expect(app.calls.schedulePage(as('mother'), ids.school!, { year: 2026, month: 12, day: 1 }, 1)).rejects.toMatchObject({ reason: 'forbidden' });
  });
});

describe('the call hours in words', () => {
  it('an admin of one school goes straight to its hours, shown with "keep"; anyone else is refused', async () => {
    expect(await app.calls.hoursSchools(as('admin'))).toEqual({ schoolId: ids.school });
    expect(await app.calls.hoursSchools(as('keeper'))).toEqual({ reply: { words: words('refusals.forbidden'), choices: [] } });
    const { hours, capPerWeek, reply } = await app.calls.hours(as('admin'), ids.school!);
    expect({ hours, capPerWeek }).toEqual({ hours: TUE_THU, capPerWeek: 1 });
    expect(reply.choices).toEqual([[{ label: words('calls.hours.keep'), action: { name: 'callHours.keep' } }]]);
    expect(say(zh(), reply.words)).toMatch(/^希望中学儿童之家的通话时间（北京时间）：\n周二 16:30–18:00，每次 10 分钟\n周四 16:30–18:00，每次 10 分钟\n每个孩子每周最多 1 次通话。\n\n要修改/);
    await expect(app.calls.hours(as('keeper'), ids.school!)).rejects.toMatchObject({ reason: 'forbidden' });
  });

  it('typed hours and caps are taken when they can be saved, and otherwise explained', () => {
    expect(typedHours({ hours: TUE_THU })).toEqual({ value: TUE_THU });
    expect(typedHours(undefined)).toEqual({ retry: words('calls.hours.typeHours') });
    const unread = typedHours({ badLine: 1, line: '周二 16:30' });
    expect('retry' in unread && say(zh(), unread.retry)).toMatch(/^第 1 行看不懂：周二 16:30\n\n要修改/);
    const tooShort = typedHours({ hours: [{ ...TUE_THU[0]!, endMinute: TUE_THU[0]!.startMinute + 5 }] });
    expect('retry' in tooShort && say(en(), tooShort.retry)).toMatch(/^A call must be 5 to 60 minutes long and fit in the opening hours\.\n\nTo change them/);
    expect(weeklyCap(3)).toEqual({ value: 3 });
    expect(weeklyCap(Number.NaN)).toEqual({ retry: words('calls.hours.badCap', { min: 1, max: 7 }) });
  });
});
