import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../../src/i18n/words.js';
import { appWorld } from '../helpers/app-world.js';

const now = Date.parse('2026-12-02T02:00:00Z');
/** 陈静, mother of 王小明 (whose guardian is 王奶奶); 李校长 the admin; Sam, who reads English and has no role here. */
const world = await appWorld({ clock: () => now });
const { db, app, translations, ids, as, school } = world;
const en = () => translations.translatorFor('en');
const audits = (key: string) => db.auditLog.findMany({ where: { actorId: ids[key]! }, orderBy: { id: 'asc' }, select: { action: true, details: true } });

beforeAll(async () => {
  await school.user('mother', 9301, '陈静', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH', guardianName: '王奶奶' });
  await school.link('mother', 'ming', 'MOTHER');
  await school.user('admin', 9302, '李校长', 'zh-hans');
  await school.member('admin', 'ADMIN');
  await school.user('stranger', 9303, 'Sam', 'en');
});
afterAll(world.close);

describe('/mydata answers in words and choices', () => {
  it('shows a parent what is kept, one message each, the last offering downloads and deletion as typed choices', async () => {
    const messages = await app.myData.view(as('mother'), 'en');
    expect(messages).toHaveLength(3);
    const [overview, child, closing] = messages.map((message) => say(en(), message.words));
    expect(overview).toMatch(/^What Jiashu keeps about you\n/);
    expect(overview).toContain("Your Telegram app's language: Simplified Chinese");
    expect(child).toContain('王小明');
    expect(child).toContain('王奶奶');
    expect(closing).toMatch(/You can download all of this, or ask me to delete your data\.$/);
    expect(messages.at(-1)?.choices).toEqual([
      [
        { label: { key: 'myData.buttons.json' }, action: { name: 'myData.download', format: 'json' } },
        { label: { key: 'myData.buttons.csv' }, action: { name: 'myData.download', format: 'csv' } },
      ],
      [{ label: { key: 'myData.buttons.delete' }, action: { name: 'myData.delete' } }],
    ]);
  });

  it('names the Telegram language in the reader’s language', async () => {
    const [overview] = await app.myData.view(as('mother'), 'zh-CN');
    expect(say(translations.translatorFor('zh-CN'), overview!.words)).toContain('您手机上 Telegram 的语言：简体中文');
  });

  it('offers staff no deletion when they keep nothing as family, and tells someone with nothing kept in one short answer', async () => {
    const staff = await app.myData.view(as('admin'), 'en');
    expect(staff.at(-1)?.choices).toHaveLength(1);
    expect(await app.myData.view(as('stranger'), 'en')).toEqual([{ words: { key: 'myData.nothing' }, choices: [] }]);
  });

  it('hands over the data as a file, and its download is audited with it', async () => {
    const file = await app.myData.download(as('mother'), 'json');
    expect(file.fileName).toBe('jiashu-my-data-2026-12-02.json');
    expect(file.caption).toEqual({ key: 'myData.download.caption' });
    expect(JSON.parse(file.bytes.toString('utf8'))).toMatchObject({ you: { displayName: '陈静' }, children: [{ name: '王小明' }] });
    expect(await audits('mother')).toEqual([{ action: 'mydata.exported', details: '{"format":"json"}' }]);
  });

  it('asks before deleting, then deletes the family data and says what went; after that nothing is left to delete', async () => {
    const question = await app.myData.askToDelete(as('mother'));
    expect(say(en(), question.words)).toContain('王小明');
    expect(question.choices).toEqual([
      [
        { label: { key: 'myData.buttons.confirm' }, action: { name: 'myData.deleteYes' } },
        { label: { key: 'myData.buttons.keep' }, action: { name: 'myData.deleteNo' } },
      ],
    ]);

    const { counts, reply } = await app.myData.delete(as('mother'));
    expect(counts).toMatchObject({ guardianLinks: 1, profileCleared: true });
    expect(reply.words).toMatchObject({ join: expect.arrayContaining([{ key: 'myData.deleted.links', values: { count: 1 } }]) });
    expect(await db.guardianLink.count({ where: { userId: ids.mother! } })).toBe(0);
    expect(await db.child.count({ where: { id: ids.ming! } })).toBe(1);
    expect((await audits('mother')).at(-1)?.action).toBe('mydata.deleted');

    expect(await app.myData.askToDelete(as('mother'))).toEqual({ words: { key: 'myData.deleted.nothing' }, choices: [] });
    expect(await app.myData.view(as('mother'), 'en')).toEqual([{ words: { key: 'myData.nothingErased' }, choices: [] }]);
  });
});
