import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

/** Wednesday 2 December 2026, 10:00 in Shanghai. */
const now = Date.parse('2026-12-02T02:00:00Z');
const today = { year: 2026, month: 12, day: 2 };
/** 赵老师, paired with 李小明 (mother 陈静, grandmother 李奶奶) and 王芳; 校长 is the admin. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, school } = world;
const en = () => translations.translatorFor('en');

beforeAll(async () => {
  await school.user('teacher', 9201, '赵老师', 'zh-hans');
  await school.member('teacher', 'TEACHER');
  await school.user('admin', 9202, '校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.user('mother', 9203, '陈静', 'zh-hans');
  await school.user('grandma', 9204, '李奶奶', 'zh-hans');
  await school.child('ming', '李小明');
  await school.child('fang', '王芳');
  await school.pair('teacher', 'ming');
  await school.pair('teacher', 'fang');
  await school.link('mother', 'ming', 'MOTHER');
  await school.link('grandma', 'ming', 'GRANDPARENT');
});
afterAll(world.close);

describe('the contact log answers in words and choices', () => {
  it('offers the paired children, then the kinds of contact and "plan a visit", each a typed action', async () => {
    const whom = await app.contacts.whomToLog(as('teacher'));
    expect(whom).toEqual({
      choosing: true,
      reply: {
        words: { key: 'contacts.pickChild' },
        choices: [[{ label: { text: '李小明' }, action: { name: 'contact.child', childId: ids.ming } }, { label: { text: '王芳' }, action: { name: 'contact.child', childId: ids.fang } }]],
      },
    });
    const { child, reply } = await app.contacts.kindsFor(as('teacher'), ids.ming!);
    expect(child).toEqual({ childId: ids.ming, childName: '李小明', today });
    expect(reply.choices.map((row) => row.map((choice) => choice.action))).toEqual([
      [{ name: 'contact.kind', kind: 'VISIT' }, { name: 'contact.kind', kind: 'CALL' }],
      [{ name: 'contact.kind', kind: 'TALK' }, { name: 'contact.kind', kind: 'LETTER' }],
      [{ name: 'contact.kind', kind: 'PLAN' }],
    ]);
    expect(await app.contacts.whomToLog(as('mother'))).toEqual({ choosing: false, reply: { words: { key: 'contacts.noChildren' }, choices: [] } });
  });

  it('asks for the day with "today" and "yesterday"; a logged visit is saved and offers a note to the parents who joined', async () => {
    const begun = await app.contacts.begin(as('teacher'), { childId: ids.ming!, childName: '李小明', kind: 'VISIT', today });
    expect(begun.step).toBe('day');
    expect(begun.reply.choices).toEqual([[
      { label: { key: 'contacts.today' }, action: { name: 'contact.day', date: '2026-12-02' } },
      { label: { key: 'contacts.yesterday' }, action: { name: 'contact.day', date: '2026-12-01' } },
    ]]);
    const { contact, reply } = await app.contacts.log(as('teacher'), { childId: ids.ming!, kind: 'VISIT', date: '2026-12-01', note: null });
    expect(reply.choices).toEqual([[{ label: { key: 'familyNotes.offer' }, action: { name: 'contact.familyNote', contactId: contact.id } }]]);
    expect(say(en(), reply.words)).toBe("Logged: Home visit · 李小明 · 2026-12-01. It is in the child's file.");
    expect(await db.contactLog.count({ where: { childId: ids.ming!, kind: 'VISIT' } })).toBe(1);
  });

  it('offers no note for a call, nor for a child whose parents have not joined', async () => {
    expect((await app.contacts.log(as('teacher'), { childId: ids.ming!, kind: 'CALL', date: '2026-12-02' })).reply.choices).toEqual([]);
    expect((await app.contacts.log(as('teacher'), { childId: ids.fang!, kind: 'TALK', date: '2026-12-02' })).reply.choices).toEqual([]);
  });

  it('writes the semester letter straight away when a parent joined, and confirms it went with today\'s date', async () => {
    const begun = await app.contacts.begin(as('teacher'), { childId: ids.ming!, childName: '李小明', kind: 'LETTER', today });
    expect(begun).toEqual({ step: 'letter', reply: { words: { key: 'familyNotes.askLetter', values: { child: '李小明', max: 2000 } }, choices: [] } });
    const { reply } = await app.contacts.semesterLetter(as('teacher'), ids.ming!, { text: '小明这学期进步很大。' });
    expect(reply.words).toEqual({ key: 'familyNotes.letterSent', values: { child: '李小明', date: '2026-12-02' } });
    expect(await db.outboxMessage.count({ where: { recipientId: ids.mother! } })).toBe(1);
  });

  it('plans a home visit on a day offered, names the day in words, and thanks the guardian who answers', async () => {
    const offered = await app.contacts.visitDays(as('teacher'), ids.ming!, '李小明');
    expect(offered.reply.choices[0]![0]).toEqual({ label: { key: 'calls.day', values: { month: 12, day: 3, weekday: { key: 'calls.weekdays.thu' } } }, action: { name: 'contact.visitDay', date: '2026-12-03' } });
    const { visit, reply } = await app.contacts.planVisit(as('teacher'), ids.ming!, '2026-12-03', 'AFTERNOON');
    expect(reply.words).toEqual({ key: 'homeVisits.planned', values: { child: '李小明', day: offered.reply.choices[0]![0]!.label, slot: { key: 'homeVisits.slots.AFTERNOON' } } });
    expect(say(en(), reply.words)).toContain('Thu 12/3, afternoon');
    const answered = await app.contacts.answerHomeVisit(as('grandma'), visit.id, 'MOVE');
    expect(answered.reply.words).toEqual({ key: 'homeVisits.thanksMove', values: { teacher: '赵老师' } });
    expect((await db.plannedVisit.findUniqueOrThrow({ where: { id: visit.id } })).cancelledAt).not.toBeNull();
    await expect(app.contacts.answerHomeVisit(as('grandma'), visit.id, 'OK')).rejects.toMatchObject({ reason: 'visit:over' });
  });

  it('asks a parent with no number to call back once a day, and says so', async () => {
    const first = await app.contacts.askCallBack(as('teacher'), ids.mother!);
    expect(first.reply.words).toEqual({ key: 'phone.callBackAsked', values: { who: { key: 'phone.who', values: { name: '陈静', relation: { key: 'relations.MOTHER' } } } } });
    const again = await app.contacts.askCallBack(as('teacher'), ids.mother!);
    expect(say(en(), again.reply.words)).toBe('陈静 (mother) was already asked today.');
  });
});

describe('safeguarding alerts answer in words and choices', () => {
  let alertId: number;

  it('tells the raiser it is being sent to the admins, with the card and its checklist as choices', async () => {
    const { kindsFor, raise } = app.safeguarding;
    expect((await kindsFor(as('teacher'), ids.ming!)).reply.choices.flat().map((choice) => choice.action)).toContainEqual({ name: 'alert.kind', kind: 'MISSING' });
    const { alert, reply } = await raise(as('teacher'), ids.ming!, 'MISSING', '午饭后没回教室');
    alertId = alert.id;
    const text = say(en(), reply.words);
    expect(text).toMatch(/^The alert is raised and is being sent to the school's admins \(1\)/);
    expect(text).toContain('Tell the guardian by 10:30 and the parents by 11:00');
    expect(text).toContain('Note: 午饭后没回教室');
    expect(reply.choices.map((row) => row.map((choice) => choice.action))).toEqual([
      [{ name: 'alert.notifyParents', alertId: alert.id }],
      [{ name: 'phone.askCallBack', parentId: ids.mother }],
      [{ name: 'phone.askCallBack', parentId: ids.grandma }],
      [{ name: 'alert.step', step: 'guardian', alertId: alert.id }],
      [{ name: 'alert.step', step: 'parents', alertId: alert.id }],
      [{ name: 'alert.step', step: 'resolved', alertId: alert.id }],
    ]);
  });

  it('a ticked step leaves the checklist, "notify the parents" goes once, and the family is told it is still being taken care of', async () => {
    expect(await app.safeguarding.openAlerts(as('admin'))).toHaveLength(1);
    const ticked = await app.safeguarding.acknowledge(as('admin'), alertId, 'guardian');
    expect(ticked.notice).toEqual({ key: 'safeguarding.acknowledged' });
    expect(ticked.reply.choices.flat().map((choice) => choice.action)).not.toContainEqual({ name: 'alert.step', step: 'guardian', alertId });
    const notified = await app.safeguarding.notifyParents(as('admin'), alertId);
    expect(notified.notice).toEqual({ key: 'safeguarding.parentsSent', values: { count: 2 } });
    expect(notified.reply.choices.flat().map((choice) => choice.action.name)).not.toContain('alert.notifyParents');
    expect((await app.safeguarding.notifyParents(as('admin'), alertId)).notice).toEqual({ key: 'safeguarding.parentsAlready' });
    expect(await app.safeguarding.statusForFamily(as('mother'), alertId)).toEqual({ words: { key: 'safeguarding.statusOpen' }, choices: [] });
  });

  it('someone who may not see an alert is refused with a reason, not text', async () => {
    await expect(app.safeguarding.kindsFor(as('mother'), ids.ming!)).rejects.toMatchObject({ reason: 'forbidden' });
  });
});

describe('the checks before a contact or a note to the parents is asked for', () => {
  it('a reminder\'s button starts at the day, with the child named and today\'s date; someone else\'s child is refused', async () => {
    expect(await app.contacts.startFrom(as('teacher'), ids.ming!, 'CALL')).toEqual({ childId: ids.ming, childName: '李小明', kind: 'CALL', today });
    await expect(app.contacts.startFrom(as('mother'), ids.ming!, 'CALL')).rejects.toMatchObject({ reason: 'forbidden' });
  });

  it('a note after a talk is offered for the child whose parents joined, and refused by reason where none did', async () => {
    const withParents = await app.contacts.log(as('teacher'), { childId: ids.ming!, kind: 'TALK', date: '2026-12-02' });
    expect(await app.contacts.noteTarget(as('teacher'), withParents.contact.id)).toEqual({ contactId: withParents.contact.id, childName: '李小明' });
    const withoutParents = await app.contacts.log(as('teacher'), { childId: ids.fang!, kind: 'VISIT', date: '2026-12-02' });
    await expect(app.contacts.noteTarget(as('teacher'), withoutParents.contact.id)).rejects.toMatchObject({ reason: 'familyNote:noParents' });
  });
});
