import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** 李老师, class teacher of 七年级二班, with 王小明 whose mother 王芳 is away; 赵校长 runs the school. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, school } = world;
const { classId, schoolId } = school;
const english = () => translations.translatorFor('en');

beforeAll(async () => {
  await school.user('teacher', 9201, '李老师', 'zh-hans');
  await school.member('teacher', 'TEACHER', { classTeacher: true });
  await school.user('principal', 9202, '赵校长', 'zh-hans');
  await school.member('principal', 'ADMIN');
  await school.user('mother', 9203, '王芳', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH' });
  await school.link('mother', 'ming', 'MOTHER');
});
afterAll(world.close);

const concernAboutMing = () => ({ target: { childIds: [ids.ming!] }, category: 'HEALTH' as const, text: '今天有点发烧，已经让他休息了。', media: [], concern: true, urgent: false });

describe('quick updates answer in words and choices, not chat text', () => {
  it('the first tap offers each child and the whole class as typed actions, and "don\'t save" last', async () => {
    const whom = await app.updates.whomAbout(as('teacher'));
    expect(whom.canPick).toBe(true);
    expect(whom.reply).toEqual({
      words: { key: 'updates.askChild' },
      choices: [
        [{ label: { text: '王小明' }, action: { name: 'update.child', childId: ids.ming } }],
        [{ label: { key: 'updates.wholeClass', values: { className: '七年级二班' } }, action: { name: 'update.class', classId } }],
        [{ label: { key: 'updates.dontSave' }, action: { name: 'update.dontSave' } }],
      ],
    });
  });

  it('a pressed class is named as the whole class, and the category is asked with the six categories, three to a row', async () => {
    const picked = await app.updates.pickTarget(as('teacher'), { classId });
    expect(picked.target).toEqual({ key: 'updates.wholeClassTarget', values: { className: '七年级二班' } });
    expect(picked.reply.choices.map((row) => row.length)).toEqual([3, 3]);
    expect(picked.reply.choices[0]![0]).toEqual({ label: { key: 'categories.STUDY' }, action: { name: 'update.category', category: 'STUDY' } });
    expect(say(english(), picked.reply.words)).toBe('all of 七年级二班: what is it about?');
  });

  it('a typed name that finds nobody says so, with the name as typed', async () => {
    expect(await app.updates.search(as('teacher'), '张三')).toEqual({ words: { key: 'updates.notFound', values: { query: '张三' } }, choices: [] });
  });

  it('a saved concern says whom it reached, and the mother\'s message is queued with it', async () => {
    const { saved, reply } = await app.updates.post(as('teacher'), concernAboutMing());
    expect(say(english(), reply.words)).toBe(
      [
        'Saved to the growth record of 王小明 (Health).',
        'Sent to the parents (1).',
        'I asked 李老师 to follow up.',
        'You can edit or delete it with /updates for 24 hours.',
      ].join('\n'),
    );
    expect(reply.choices).toEqual([]);
    const toMother = await db.outboxMessage.findMany({ where: { recipientId: ids.mother! } });
    expect(toMother.some((message) => message.payload.includes('今天有点发烧'))).toBe(true);
    expect(await db.growthUpdate.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({ concern: true, category: 'HEALTH' });
  });

  it('/updates lists the day\'s updates with Edit and Delete for each; an edit after the family was told says their copy stays', async () => {
    const recent = await app.updates.recent(as('teacher'), 0);
    if (!('list' in recent)) throw new Error('expected the day\'s updates');
    const [update] = await db.growthUpdate.findMany({ where: { authorId: ids.teacher! } });
    expect(recent.list.entries).toHaveLength(1);
    expect(say(english(), recent.list.entries[0]!)).toContain('王小明 · Health: ⚠ 今天有点发烧');
    expect(recent.list.choices).toEqual([
      [
        { label: { key: 'updates.list.edit', values: { n: 1 } }, action: { name: 'update.edit', updateId: update!.id } },
        { label: { key: 'updates.list.delete', values: { n: 1 } }, action: { name: 'update.delete', updateId: update!.id } },
      ],
    ]);
    const edited = await app.updates.edit(as('teacher'), update!.id, { category: 'EMOTIONS' });
    expect(edited.reply).toEqual({ words: { key: 'updates.edit.savedAlreadySent' }, choices: [] });
    expect(await db.growthUpdate.findUniqueOrThrow({ where: { id: update!.id } })).toMatchObject({ category: 'EMOTIONS' });
  });

  it('a deleted update leaves the growth record, which then says nothing is recorded', async () => {
    const [update] = await db.growthUpdate.findMany({ where: { authorId: ids.teacher!, deletedAt: null } });
    expect(await app.updates.deleteQuestion(as('teacher'), update!.id)).toMatchObject({
      choices: [[{ action: { name: 'update.deleteYes', updateId: update!.id } }, { action: { name: 'update.deleteNo' } }]],
    });
    expect((await app.updates.remove(as('teacher'), update!.id)).reply).toEqual({ words: { key: 'updates.delete.done' }, choices: [] });
    const record = await app.updates.growthRecord(as('teacher'), ids.ming!, 0);
    expect(record.entries).toEqual([{ key: 'updates.record.empty' }]);
    expect(say(english(), record.title)).toContain('王小明');
  });

  it('someone else\'s update is refused with a reason, not text', async () => {
    const { saved } = await app.updates.post(as('teacher'), { ...concernAboutMing(), concern: false });
    await expect(app.updates.editQuestion(as('principal'), saved.id)).rejects.toMatchObject({ reason: 'forbidden' });
  });
});

describe('the weekly-note settings answer in words and choices', () => {
  it('an admin gets each school\'s mode with both modes to choose; a teacher is told only admins choose', async () => {
    const [settings] = await app.weeklyNotes.settings(as('principal'));
    expect(settings!.choices).toEqual([
      [{ label: { key: 'weeklySettings.chooseAuto' }, action: { name: 'weekly.mode', schoolId, mode: 'AUTO' } }],
      [{ label: { key: 'weeklySettings.chooseReview' }, action: { name: 'weekly.mode', schoolId, mode: 'REVIEW' } }],
    ]);
    expect(say(english(), settings!.words)).toContain('希望中学');
    expect(await app.weeklyNotes.settings(as('teacher'))).toEqual([{ words: { key: 'weeklySettings.adminsOnly' }, choices: [] }]);
  });
});

describe('who may post quick updates', () => {
  it('teachers and admins post; a family member is told updates are the staff\'s', async () => {
    expect(await app.updates.mayPost(as('teacher'))).toEqual({ posting: true });
    expect(await app.updates.mayPost(as('principal'))).toEqual({ posting: true });
    const refused = await app.updates.mayPost(as('mother'));
    expect(refused).toEqual({ reply: { words: { key: 'updates.staffOnly' }, choices: [] } });
  });
});
