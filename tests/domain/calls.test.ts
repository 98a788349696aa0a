import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { DomainError } from '../../src/domain/errors.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { remindOfCalls } from '../../src/jobs/call-reminders.js';
import { createLogger } from '../../src/logger.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

let url: string;
let db: Db;
let domain: Domain;
let translations: Translations;
/** 2026-12-01 is a Tuesday; 02:00Z is 10:00 in Shanghai. */
const START = Date.parse('2026-12-01T02:00:00Z');
let now = START;
const MINUTE = 60_000;
const ids: Record<string, number> = {};
const TUE_THU = [
  { weekday: 2, startMinute: 16 * 60 + 30, endMinute: 18 * 60, slotMinutes: 10 },
  { weekday: 4, startMinute: 16 * 60 + 30, endMinute: 18 * 60, slotMinutes: 10 },
];
/** Tuesday 1 December, 16:30 in Shanghai. */
const tue1630 = new Date('2026-12-01T08:30:00Z');
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);
const as = (name: string) => ({ userId: ids[name]! });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.reason;
    throw error;
  }
  return 'no refusal';
}

beforeAll(async () => {
  url = await freshDatabaseUrl();
  db = await openDatabase(url);
  domain = createDomain(db, { clock: () => new Date(now) });
  translations = await loadTranslations();
  const school = await db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const london = await db.school.create({ data: { name: 'Hope School', timezone: 'Europe/London' } });
  ids.school = school.id;
  ids.london = london.id;
  const klass = await db.class.create({ data: { schoolId: school.id, name: '七年级二班' } });
  let telegramId = 700;
  const person = async (name: string, languageCode = 'zh-CN') =>
    (ids[name] = (await db.user.create({ data: { accounts: onTelegram(telegramId++), displayName: name, languageCode } })).id);
  for (const name of ['admin', 'keeper', 'teacher', 'mother', 'father', 'grandma', 'londonAdmin', 'londonMother']) await person(name, name === 'father' ? 'en' : 'zh-CN');
  await db.membership.create({ data: { userId: ids.admin!, role: 'ADMIN', schoolId: school.id } });
  await db.membership.create({ data: { userId: ids.keeper!, role: 'KEEPER', schoolId: school.id } });
  await db.membership.create({ data: { userId: ids.teacher!, role: 'TEACHER', schoolId: school.id, classId: klass.id } });
  await db.membership.create({ data: { userId: ids.londonAdmin!, role: 'ADMIN', schoolId: london.id } });
  ids.xiaoming = (await db.child.create({ data: { schoolId: school.id, classId: klass.id, name: '李小明' } })).id;
  ids.fang = (await db.child.create({ data: { schoolId: school.id, classId: klass.id, name: '王芳' } })).id;
  ids.tom = (await db.child.create({ data: { schoolId: london.id, name: 'Tom' } })).id;
  const link = (userId: number, childId: number, relation: 'MOTHER' | 'FATHER' | 'GRANDPARENT') =>
    db.guardianLink.create({ data: { userId, childId, relation, role: relation === 'GRANDPARENT' ? 'GUARDIAN' : 'PARENT', consentedAt: new Date('2026-11-01') } });
  await link(ids.mother!, ids.xiaoming!, 'MOTHER');
  await link(ids.father!, ids.xiaoming!, 'FATHER');
  await link(ids.grandma!, ids.fang!, 'GRANDPARENT');
  await link(ids.londonMother!, ids.tom!, 'MOTHER');
  await domain.calls.setSettings(as('admin'), school.id, TUE_THU, 1);
  await domain.calls.setSettings(as('londonAdmin'), london.id, [TUE_THU[0]!], 1);
});
afterAll(() => db.$disconnect());
beforeEach(async () => {
  now = START;
  await db.callBooking.deleteMany();
  await db.outboxMessage.deleteMany();
});

describe('opening hours', () => {
  it('only the school\'s admins set them, and bad hours are refused with the reason', async () => {
    for (const name of ['keeper', 'teacher', 'mother', 'londonAdmin']) {
      expect(await refusal(domain.calls.setSettings(as(name), ids.school!, TUE_THU, 2))).toBe('forbidden');
      expect(await refusal(domain.calls.settings(as(name), ids.school!))).toBe('forbidden');
    }
    const tue = TUE_THU[0]!;
    expect(await refusal(domain.calls.setSettings(as('admin'), ids.school!, [tue, { ...tue, startMinute: 17 * 60 }], 1))).toBe('invalid:overlap');
    expect(await refusal(domain.calls.setSettings(as('admin'), ids.school!, [{ ...tue, endMinute: tue.startMinute }], 1))).toBe('invalid:hoursOrder');
    expect(await refusal(domain.calls.setSettings(as('admin'), ids.school!, [{ ...tue, slotMinutes: 3 }], 1))).toBe('invalid:slotLength');
    expect(await refusal(domain.calls.setSettings(as('admin'), ids.school!, [{ ...tue, weekday: 7 }], 1))).toBe('invalid:weekday');
    expect(await refusal(domain.calls.setSettings(as('admin'), ids.school!, [], 1))).toBe('invalid:hoursCount');
    expect(await refusal(domain.calls.setSettings(as('admin'), ids.school!, TUE_THU, 0))).toBe('invalid:cap');
    expect(await domain.calls.settings(as('admin'), ids.school!)).toEqual({ schoolId: ids.school, schoolName: '希望中学', timezone: 'Asia/Shanghai', capPerWeek: 1, hours: TUE_THU });
  });

  it('are cut into slots over the next 14 days in the school\'s time zone, past slots left out', async () => {
    const { slots, timezone } = await domain.calls.freeSlots(as('mother'), ids.xiaoming!);
    expect(timezone).toBe('Asia/Shanghai');
    expect(slots).toHaveLength(4 * 9);
    expect(slots.slice(0, 2)).toEqual([tue1630, at(tue1630, 10)]);
    expect(slots.at(-1)).toEqual(new Date('2026-12-10T09:50:00Z'));
    const london = await domain.calls.freeSlots(as('londonMother'), ids.tom!);
    expect(london.slots[0]).toEqual(new Date('2026-12-01T16:30:00Z'));

    now = at(tue1630, 15).getTime();
    const later = await domain.calls.freeSlots(as('mother'), ids.xiaoming!);
    expect(later.slots[0]).toEqual(at(tue1630, 20));
  });
});

describe('booking', () => {
  it('is for the child\'s family, in an opening slot, in the future, within two weeks', async () => {
    for (const name of ['grandma', 'keeper', 'admin', 'teacher']) expect(await refusal(domain.calls.book(as(name), ids.xiaoming!, tue1630))).toBe('forbidden');
    expect(await refusal(domain.calls.book(as('mother'), ids.xiaoming!, at(tue1630, 5)))).toBe('slotUnavailable');
    expect(await refusal(domain.calls.book(as('mother'), ids.xiaoming!, new Date('2026-12-02T08:30:00Z')))).toBe('slotUnavailable');
    expect(await refusal(domain.calls.book(as('mother'), ids.xiaoming!, new Date('2026-12-15T08:30:00Z')))).toBe('slotUnavailable');
    expect(await refusal(domain.calls.book(as('mother'), ids.xiaoming!, new Date('invalid')))).toBe('slotUnavailable');
    now = at(tue1630, 1).getTime();
    expect(await refusal(domain.calls.book(as('mother'), ids.xiaoming!, tue1630))).toBe('slotUnavailable');
  });

  it('takes the slot from everyone else and keeps to the weekly cap', async () => {
    const call = await domain.calls.book(as('mother'), ids.xiaoming!, tue1630);
    expect(call).toMatchObject({ childName: '李小明', parentName: 'mother', slotStart: tue1630, status: 'BOOKED', timezone: 'Asia/Shanghai' });
    expect((await domain.calls.freeSlots(as('grandma'), ids.fang!)).slots[0]).toEqual(at(tue1630, 10));
    expect(await refusal(domain.calls.book(as('grandma'), ids.fang!, tue1630))).toBe('slotTaken');

    const thursday = new Date('2026-12-03T08:30:00Z');
    expect(await refusal(domain.calls.book(as('father'), ids.xiaoming!, thursday))).toBe('weeklyCap');
    const nextWeek = new Date('2026-12-08T08:30:00Z');
    await domain.calls.book(as('father'), ids.xiaoming!, nextWeek);
    expect((await domain.calls.upcoming(as('mother'), ids.xiaoming!)).calls.map((c) => c.slotStart)).toEqual([tue1630, nextWeek]);

    await db.school.update({ where: { id: ids.school! }, data: { callCapPerWeek: 2 } });
    await domain.calls.book(as('father'), ids.xiaoming!, thursday);
    await db.school.update({ where: { id: ids.school! }, data: { callCapPerWeek: 1 } });
  });

  it('moves a call in one step, and leaves it where it was when the new slot is taken', async () => {
    const call = await domain.calls.book(as('mother'), ids.xiaoming!, tue1630);
    const taken = await domain.calls.book(as('grandma'), ids.fang!, at(tue1630, 10));
    expect(await refusal(domain.calls.move(as('mother'), call.id, taken.slotStart))).toBe('slotTaken');
    expect(await db.callBooking.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'BOOKED', activeSlot: tue1630 });
    expect(await refusal(domain.calls.move(as('grandma'), call.id, at(tue1630, 20)))).toBe('forbidden');

    const moved = await domain.calls.move(as('father'), call.id, new Date('2026-12-03T09:00:00Z'));
    expect(moved).toMatchObject({ status: 'BOOKED', parentName: 'father' });
    expect(await db.callBooking.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ status: 'CANCELLED', activeSlot: null });
    expect((await domain.calls.freeSlots(as('grandma'), ids.fang!)).slots[0]).toEqual(tue1630);
    expect(await refusal(domain.calls.move(as('mother'), call.id, at(tue1630, 20)))).toBe('callNotBooked');
  });

  it('cancelling frees the slot; a cancelled call cannot be cancelled or moved again', async () => {
    const call = await domain.calls.book(as('mother'), ids.xiaoming!, tue1630);
    expect(await refusal(domain.calls.cancel(as('grandma'), call.id))).toBe('forbidden');
    await domain.calls.cancel(as('father'), call.id);
    expect(await refusal(domain.calls.cancel(as('mother'), call.id))).toBe('callNotBooked');
    expect((await domain.calls.upcoming(as('mother'), ids.xiaoming!)).calls).toEqual([]);
    await domain.calls.book(as('grandma'), ids.fang!, tue1630);
    await domain.calls.book(as('mother'), ids.xiaoming!, new Date('2026-12-03T08:30:00Z'));
  });

  it('two families booking one slot at once on two connections: exactly one gets it, the other is told', async () => {
    const other = await openDatabase(url);
    const otherDomain = createDomain(other, { clock: () => new Date(now) });
    try {
      for (let i = 0; i < 5; i++) {
        const slot = at(tue1630, 10 * i);
        const results = await Promise.allSettled([
          domain.calls.book(as('mother'), ids.xiaoming!, slot),
          otherDomain.calls.book(as('grandma'), ids.fang!, slot),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const [lost] = results.filter((r) => r.status === 'rejected');
        expect(lost && (lost.reason as DomainError).reason).toBe('slotTaken');
        expect(await db.callBooking.count({ where: { activeSlot: slot } })).toBe(1);
        await db.callBooking.deleteMany();
      }
    } finally {
      await other.$disconnect();
    }
  });
});

describe('reminders', () => {
  const deps = () => ({ db, domain, translations, defaultLocale: 'zh-CN' as const, logger: createLogger('silent') });
  const reminders = () => db.outboxMessage.findMany({ orderBy: { id: 'asc' } });

  it('go to the parent and the keeper 30 minutes before, exactly once, and never for a cancelled or moved call', async () => {
    const call = await domain.calls.book(as('father'), ids.xiaoming!, tue1630);
    const cancelled = await domain.calls.book(as('grandma'), ids.fang!, at(tue1630, 10));
    await domain.calls.cancel(as('grandma'), cancelled.id);

    await remindOfCalls(deps(), at(tue1630, -31));
    expect(await reminders()).toEqual([]);

    await remindOfCalls(deps(), at(tue1630, -30));
    await remindOfCalls(deps(), at(tue1630, -29));
    await remindOfCalls(deps(), at(tue1630, -1));
    const queued = await reminders();
    expect(queued.map((row) => [row.idempotencyKey, JSON.parse(row.payload).text])).toEqual([
      [`call-reminder:${call.id}:${ids.father}`, "Reminder: your call with 李小明 at the Children's Home is at Tue 12/1 16:30. Please be ready to answer."],
      [`call-reminder:${call.id}:${ids.keeper}`, '提醒：12月1日周二 16:30，李小明和father通话。\n📞 father没有留电话。'],
    ]);
    await remindOfCalls(deps(), tue1630);
    expect(await reminders()).toHaveLength(2);
  });

  it('a reminder still waiting in the outbox is withdrawn when the call is moved; the new time is reminded', async () => {
    const call = await domain.calls.book(as('mother'), ids.xiaoming!, tue1630);
    now = at(tue1630, -25).getTime();
    await remindOfCalls(deps(), new Date(now));
    expect(await reminders()).toHaveLength(2);
    const moved = await domain.calls.move(as('mother'), call.id, at(tue1630, 60));
    expect(await reminders()).toEqual([]);
    await remindOfCalls(deps(), new Date(now));
    expect(await reminders()).toEqual([]);
    await remindOfCalls(deps(), at(tue1630, 30));
    expect((await reminders()).map((row) => row.idempotencyKey)).toEqual([`call-reminder:${moved.id}:${ids.mother}`, `call-reminder:${moved.id}:${ids.keeper}`]);
  });
});

describe('after the call', () => {
  it('the keeper sees the day\'s schedule and marks calls held (with minutes) or missed; the child\'s file shows them', async () => {
    const held = await domain.calls.book(as('mother'), ids.xiaoming!, tue1630);
    const missed = await domain.calls.book(as('grandma'), ids.fang!, at(tue1630, 10));
    const gone = await domain.calls.book(as('father'), ids.xiaoming!, new Date('2026-12-08T08:30:00Z'));
    await domain.calls.cancel(as('father'), gone.id);

    const [today] = await domain.calls.schedule(as('keeper'));
    expect(today).toMatchObject({ schoolName: '希望中学', date: { year: 2026, month: 12, day: 1 } });
    expect(today!.calls.map((c) => [c.childName, c.parentName, c.status])).toEqual([
      ['李小明', 'mother', 'BOOKED'],
      ['王芳', 'grandma', 'BOOKED'],
    ]);
    expect((await domain.calls.schedule(as('keeper'), { year: 2026, month: 12, day: 8 }))[0]!.calls).toEqual([]);
    expect(await refusal(domain.calls.schedule(as('teacher')))).toBe('forbidden');

    expect(await refusal(domain.calls.markHeld(as('keeper'), held.id, 10))).toBe('callNotYet');
    now = at(tue1630, 25).getTime();
    expect(await refusal(domain.calls.markHeld(as('teacher'), held.id, 10))).toBe('forbidden');
    expect(await refusal(domain.calls.markHeld(as('mother'), held.id, 10))).toBe('forbidden');
    expect(await refusal(domain.calls.markHeld(as('keeper'), held.id, 0))).toBe('invalid:duration');
    expect(await refusal(domain.calls.markMissed(as('keeper'), gone.id))).toBe('callCancelled');
    await domain.calls.markHeld(as('keeper'), held.id, 12);
    await domain.calls.markMissed(as('admin'), missed.id);

    const file = await domain.calls.childCalls(as('teacher'), ids.xiaoming!);
    expect(file.calls.map((c) => [c.status, c.durationMinutes])).toEqual([['HELD', 12]]);
    expect((await domain.calls.childCalls(as('grandma'), ids.fang!)).calls.map((c) => c.status)).toEqual(['MISSED']);
    expect(await refusal(domain.calls.childCalls(as('grandma'), ids.xiaoming!))).toBe('forbidden');
    expect(await refusal(domain.calls.cancel(as('mother'), held.id))).toBe('callNotBooked');
  });
});
