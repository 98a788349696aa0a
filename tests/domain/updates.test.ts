import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { DomainError } from '../../src/domain/errors.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import type { NewUpdate } from '../../src/domain/updates.js';
import { currentSchoolWeek } from '../../src/domain/school-week.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

let db: Db;
let domain: Domain;
let now = Date.parse('2026-12-01T02:00:00Z');
const people: Record<string, number> = {};
const children: Record<string, number> = {};
const classes: Record<string, number> = {};
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  domain = createDomain(db, { clock: () => new Date(now) });
  const school = await db.school.create({ data: { name: 'A', timezone: 'Asia/Shanghai' } });
  classes.a1 = (await db.class.create({ data: { schoolId: school.id, name: 'A1' } })).id;
  classes.a2 = (await db.class.create({ data: { schoolId: school.id, name: 'A2' } })).id;
  classes.empty = (await db.class.create({ data: { schoolId: school.id, name: 'A3' } })).id;
  const child = async (name: string, classId: number, archived = false) =>
    (children[name] = (await db.child.create({ data: { name, schoolId: school.id, classId, archivedAt: archived ? new Date() : null } })).id);
  await child('小明', classes.a1);
  await child('小红', classes.a1);
  await child('小刚', classes.a1, true);
  await child('小华', classes.a2);
  let telegramId = 500;
  const person = async (name: string, languageCode = 'zh-CN') =>
    (people[name] = (await db.user.create({ data: { accounts: onTelegram(telegramId++), displayName: name, languageCode } })).id);
  const teach = (name: string, classId: number | null, classTeacher = false) =>
    db.membership.create({ data: { userId: people[name]!, role: 'TEACHER', schoolId: school.id, classId, classTeacher } });
  await person('classTeacher');
  await teach('classTeacher', classes.a1, true);
  await teach('classTeacher', classes.empty, true);
  await person('subjectTeacher');
  await teach('subjectTeacher', classes.a1);
  await person('paired');
  await teach('paired', null);
  await db.pairing.create({ data: { teacherId: people.paired!, childId: children['小明']! } });
  await person('otherTeacher');
  await teach('otherTeacher', classes.a2, true);
  await person('admin');
  await db.membership.create({ data: { userId: people.admin!, role: 'ADMIN', schoolId: school.id } });
  await person('mother');
  await person('father', 'en');
  for (const [name, relation] of [['mother', 'MOTHER'], ['father', 'FATHER']] as const) {
    await db.guardianLink.create({ data: { userId: people[name]!, childId: children['小明']!, role: 'PARENT', relation, consentedAt: new Date() } });
  }
});
afterAll(() => db.$disconnect());

const as = (name: string) => ({ userId: people[name]! });
const plain = (target: NewUpdate['target'], extra: Partial<NewUpdate> = {}): NewUpdate => ({
  target,
  category: 'STUDY',
  text: '数学进步了',
  media: [],
  concern: false,
  urgent: false,
  ...extra,
});
const refusal = (promise: Promise<unknown>) => promise.then(() => 'allowed', (error: unknown) => (error instanceof DomainError ? error.reason : 'fault'));

describe('posting an update', () => {
  it('saves the update with its media to one child, at the domain clock', async () => {
    const saved = await domain.updates.createUpdate(
      as('subjectTeacher'),
      plain({ childIds: [children['小明']!] }, { media: [{ kind: 'photo', fileId: 'p1' }, { kind: 'voice', fileId: 'v1' }] }),
    );
    const row = await db.growthUpdate.findUniqueOrThrow({ where: { id: saved.id }, include: { media: true, children: true } });
    expect(row).toMatchObject({ authorId: people.subjectTeacher, category: 'STUDY', text: '数学进步了', concern: false, urgent: false });
    expect(row.createdAt.toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(row.children.map((link) => link.childId)).toEqual([children['小明']]);
    expect(row.media.map((m) => [m.kind, m.fileId, m.position])).toEqual([['photo', 'p1', 0], ['voice', 'v1', 1]]);
    expect(saved.concernChildren).toEqual([]);
  });

  it('saves a whole-class update to every child of the class still in it', async () => {
    const saved = await domain.updates.createUpdate(as('classTeacher'), plain({ classId: classes.a1! }, { category: 'ACTIVITY' }));
    expect(saved.children.map((child) => child.name).sort()).toEqual(['小明', '小红']);
    expect(await refusal(domain.updates.createUpdate(as('classTeacher'), plain({ classId: classes.empty! })))).toBe('noChildren');
  });

  it('refuses children and classes outside the teacher\'s scope, audited, and saves nothing', async () => {
    const before = await db.growthUpdate.count();
    expect(await refusal(domain.updates.createUpdate(as('otherTeacher'), plain({ childIds: [children['小明']!] })))).toBe('forbidden');
    expect(await refusal(domain.updates.createUpdate(as('otherTeacher'), plain({ classId: classes.a1! })))).toBe('forbidden');
    expect(await refusal(domain.updates.createUpdate(as('paired'), plain({ classId: classes.a1! })))).toBe('forbidden');
    expect(await refusal(domain.updates.createUpdate(as('mother'), plain({ childIds: [children['小明']!] })))).toBe('forbidden');
    expect(await refusal(domain.updates.createUpdate(as('classTeacher'), plain({ childIds: [999999] })))).toBe('forbidden');
    expect(await db.growthUpdate.count()).toBe(before);
    const refused = await db.auditLog.findMany({ where: { action: 'access.refused', actorId: people.otherTeacher } });
    expect(refused.map((entry) => entry.entity).sort()).toEqual(['Child', 'Class']);
  });

  it('refuses an empty update, urgent without concern, and an archived child', async () => {
    const xiaoming = { childIds: [children['小明']!] };
    expect(await refusal(domain.updates.createUpdate(as('classTeacher'), plain(xiaoming, { text: '  ' })))).toBe('invalid:required');
    expect(await refusal(domain.updates.createUpdate(as('classTeacher'), plain(xiaoming, { urgent: true })))).toBe('invalid:urgent');
    expect(await refusal(domain.updates.createUpdate(as('classTeacher'), plain({ childIds: [children['小刚']!] })))).toBe('archived');
  });

  it('a concern names each child\'s parents and the paired teacher, else the class teacher', async () => {
    const saved = await domain.updates.createUpdate(as('classTeacher'), plain({ classId: classes.a1! }, { concern: true, category: 'HEALTH' }));
    const byName = Object.fromEntries(saved.concernChildren.map((child) => [child.childName, child]));
    expect(byName['小明']!.guardians.map((g) => [g.displayName, g.languageCode])).toEqual([['mother', 'zh-CN'], ['father', 'en']]);
    expect(byName['小明']!.followUpBy?.displayName).toBe('paired');
    expect(byName['小红']!.guardians).toEqual([]);
    expect(byName['小红']!.followUpBy?.displayName).toBe('classTeacher');
  });
});

describe('the picker', () => {
  it('offers the children the teacher wrote about most recently first, then the rest by name, and the classes taught', async () => {
    now += HOUR;
    await domain.updates.createUpdate(as('classTeacher'), plain({ childIds: [children['小红']!] }));
    const choices = await domain.updates.targetChoices(as('classTeacher'));
    expect(choices.children.map((child) => child.name)).toEqual(['小红', '小明']);
    expect(choices.classes.map((each) => each.name)).toEqual(['A1']);
    expect((await domain.updates.targetChoices(as('paired'))).children.map((child) => child.name)).toEqual(['小明']);
    expect((await domain.updates.targetChoices(as('mother'))).children).toEqual([]);
  });

  it('searches by name only among the children the teacher may write about', async () => {
    expect((await domain.updates.searchChildren(as('classTeacher'), '红')).map((child) => child.name)).toEqual(['小红']);
    expect(await domain.updates.searchChildren(as('classTeacher'), '华')).toEqual([]);
    expect((await domain.updates.searchChildren(as('admin'), '小')).map((child) => child.name).sort()).toEqual(['小华', '小明', '小红']);
  });
});

describe('editing and deleting within 24 hours', () => {
  it('lets only the author edit and delete, until 24 hours have passed', async () => {
    const saved = await domain.updates.createUpdate(as('subjectTeacher'), plain({ childIds: [children['小明']!] }));
    const mine = await domain.updates.myRecentUpdates(as('subjectTeacher'));
    expect(mine[0]?.id).toBe(saved.id);
    expect(await refusal(domain.updates.editUpdate(as('classTeacher'), saved.id, { text: '改' }))).toBe('forbidden');
    expect(await refusal(domain.updates.deleteUpdate(as('admin'), saved.id))).toBe('forbidden');

    const edited = await domain.updates.editUpdate(as('subjectTeacher'), saved.id, { text: '语文也进步了', category: 'BEHAVIOUR' });
    expect(edited).toMatchObject({ text: '语文也进步了', category: 'BEHAVIOUR' });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.familiesHaveOld).toBe(false);

    // Only a sent weekly note of the update's own school week (2026-W49 in Shanghai) already carries it to the family.
    await db.weeklyNote.create({ data: { childId: children['小明']!, week: '2026-W48', status: 'SENT', sentAt: new Date(now) } });
    await db.weeklyNote.create({ data: { childId: children['小明']!, week: '2026-W49', status: 'DRAFT' } });
    expect((await domain.updates.editUpdate(as('subjectTeacher'), saved.id, { text: '语文也进步了！' })).familiesHaveOld).toBe(false);
    await db.weeklyNote.updateMany({ where: { childId: children['小明']!, week: '2026-W49' }, data: { status: 'SENT', sentAt: new Date(now) } });
    expect((await domain.updates.editUpdate(as('subjectTeacher'), saved.id, { text: '语文也进步了！！' })).familiesHaveOld).toBe(true);

    now += 25 * HOUR;
    expect(await refusal(domain.updates.editUpdate(as('subjectTeacher'), saved.id, { text: '晚了' }))).toBe('tooLate');
    expect(await refusal(domain.updates.deleteUpdate(as('subjectTeacher'), saved.id))).toBe('tooLate');
    expect(await domain.updates.myRecentUpdates(as('subjectTeacher'))).toEqual([]);
  });

  it('a deleted update leaves the growth record and cannot be changed again', async () => {
    const saved = await domain.updates.createUpdate(as('subjectTeacher'), plain({ childIds: [children['小明']!] }, { text: '要删掉的' }));
    await domain.updates.deleteUpdate(as('subjectTeacher'), saved.id);
    expect((await db.growthUpdate.findUniqueOrThrow({ where: { id: saved.id } })).deletedAt).not.toBeNull();
    expect(await refusal(domain.updates.deleteUpdate(as('subjectTeacher'), saved.id))).toBe('forbidden');
    const record = await domain.updates.growthRecord(as('classTeacher'), children['小明']!);
    expect(record.entries.map((entry) => entry.text)).not.toContain('要删掉的');
    expect(await db.auditLog.count({ where: { action: 'update.deleted', entityId: saved.id } })).toBe(1);
  });
});

describe('the growth record', () => {
  it('lists a child\'s updates newest first for the staff who may read the file', async () => {
    const record = await domain.updates.growthRecord(as('classTeacher'), children['小明']!);
    const times = record.entries.map((entry) => entry.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(record.entries.length).toBeGreaterThan(2);
    expect(record.timezone).toBe('Asia/Shanghai');
    expect(await refusal(domain.updates.growthRecord(as('otherTeacher'), children['小明']!))).toBe('forbidden');
  });
});

describe('what a family sees in the growth record', () => {
  it('shows a parent the weeks whose note was sent to them, not a week the class teacher held back nor one not yet sent', async () => {
    const started = now;
    const school = await db.school.findFirstOrThrow();
    const childId = (await db.child.create({ data: { name: '小丽', schoolId: school.id, classId: classes.a1! } })).id;
    const aunt = (await db.user.create({ data: { accounts: onTelegram(590n), displayName: 'aunt', languageCode: 'zh-CN' } })).id;
    await db.guardianLink.create({ data: { userId: aunt, childId, role: 'GUARDIAN', relation: 'OTHER_GUARDIAN', consentedAt: new Date(now) } });
    const postAndCloseWeek = async (text: string, hold: boolean) => {
      await domain.updates.createUpdate(as('classTeacher'), plain({ childIds: [childId] }, { text }));
      const week = currentSchoolWeek(school, new Date(now));
      const noteId = (await domain.weeklyNotes.compileWeek(school.id, week)).find((note) => note.childId === childId)!.noteId;
      if (hold) await domain.weeklyNotes.holdDraft(as('classTeacher'), noteId);
      await domain.weeklyNotes.markSent(await domain.weeklyNotes.compileWeek(school.id, week));
      now += 7 * 24 * HOUR;
    };
    await postAndCloseWeek('第一周：送出', false);
    await postAndCloseWeek('第二周：压下', true);
    await domain.updates.createUpdate(as('classTeacher'), plain({ childIds: [childId] }, { text: '本周：还没送出' }));
    const texts = async (who: { userId: number }) => (await domain.updates.growthRecord(who, childId)).entries.map((entry) => entry.text);
    expect(await texts({ userId: aunt })).toEqual(['第一周：送出']);
    expect(await domain.updates.growthRecord({ userId: aunt }, childId, 5)).toMatchObject({ page: 0, pages: 1, total: 1 });
    expect(await texts(as('classTeacher'))).toEqual(['本周：还没送出', '第二周：压下', '第一周：送出']);
    now = started;
  });
});

describe('following up a concern', () => {
  it('is logged by the paired teacher, a class teacher or an admin; not by others', async () => {
    const concern = await domain.updates.createUpdate(as('subjectTeacher'), plain({ childIds: [children['小明']!] }, { concern: true }));
    const logged = await domain.updates.logFollowUp(as('paired'), concern.id, children['小明']!, 'CALL');
    await domain.updates.noteFollowUp(as('paired'), logged.id, '妈妈说会多打电话');
    expect(await db.concernFollowUp.findUniqueOrThrow({ where: { id: logged.id } })).toMatchObject({
      teacherId: people.paired,
      childId: children['小明'],
      kind: 'CALL',
      note: '妈妈说会多打电话',
    });
    await domain.updates.logFollowUp(as('classTeacher'), concern.id, children['小明']!, 'VISIT');
    await domain.updates.logFollowUp(as('admin'), concern.id, children['小明']!, 'TALK');
    expect(await refusal(domain.updates.logFollowUp(as('subjectTeacher'), concern.id, children['小明']!, 'TALK'))).toBe('forbidden');
    expect(await refusal(domain.updates.logFollowUp(as('otherTeacher'), concern.id, children['小明']!, 'TALK'))).toBe('forbidden');
    expect(await refusal(domain.updates.logFollowUp(as('paired'), concern.id, children['小红']!, 'TALK'))).toBe('forbidden');
    expect(await refusal(domain.updates.noteFollowUp(as('classTeacher'), logged.id, '不是我的'))).toBe('forbidden');

    const notConcern = await domain.updates.createUpdate(as('subjectTeacher'), plain({ childIds: [children['小明']!] }));
    expect(await refusal(domain.updates.logFollowUp(as('paired'), notConcern.id, children['小明']!, 'CALL'))).toBe('forbidden');

    const record = await domain.updates.growthRecord(as('paired'), children['小明']!);
    const entry = record.entries.find((each) => each.id === concern.id);
    expect(entry?.followUps.map((f) => [f.kind, f.by])).toEqual([['CALL', 'paired'], ['VISIT', 'classTeacher'], ['TALK', 'admin']]);
  });
});
