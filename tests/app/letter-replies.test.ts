import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/index.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import type { Actor } from '../../src/domain/actor.js';
import { loadTranslations, type Translations } from '../../src/i18n/translator.js';
import { say } from '../../src/i18n/words.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { seedSchool } from '../helpers/seed.js';

let db: Db;
let app: App;
let translations: Translations;
const now = Date.parse('2026-12-02T02:00:00Z');
const ids: Record<string, number> = {};
const as = (key: string): Actor => ({ userId: ids[key]! });
let seedLink: (parent: string, child: string) => Promise<unknown>;

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  translations = await loadTranslations();
  app = createApp({ db, domainOptions: { clock: () => new Date(now) }, translations, defaultLocale: 'zh-CN' });
  const school = await seedSchool(db, { ids });
  await school.user('keeper', 9101, '张阿姨', 'zh-hans');
  await school.member('keeper', 'KEEPER');
  await school.user('mother', 9102, '王芳', 'zh-hans');
  await school.child('ming', '王小明', { parentsAway: 'BOTH' });
  await school.child('hong', '王小红', { parentsAway: 'BOTH' });
  await school.link('mother', 'ming', 'MOTHER');
  seedLink = (parent, child) => school.link(parent, child, 'MOTHER');
});
afterAll(() => db.$disconnect());

describe('letters answer in words and choices, not chat text', () => {
  it('a sent letter is confirmed by key, with the child named', async () => {
    const { reply } = await app.letters.send(as('mother'), ids.ming!, [{ kind: 'text', text: '小明，妈妈想你了。' }]);
    expect(reply).toEqual({ words: { key: 'letters.sent', values: { child: '王小明' } }, choices: [] });
    expect(say(translations.translatorFor('en'), reply.words)).toContain('王小明');
  });

  it('with one child the family writes straight away; with two they choose, each choice a typed action', async () => {
    expect(await app.letters.whomToWrite(as('mother'))).toEqual({ child: { id: ids.ming, name: '王小明' } });
    await seedLink('mother', 'hong');
    const whom = await app.letters.whomToWrite(as('mother'));
    expect(whom).toEqual({
      reply: {
        words: { key: 'letters.pickChild' },
        choices: [[{ label: { text: '王小明' }, action: { name: 'letter.write', childId: ids.ming } }, { label: { text: '王小红' }, action: { name: 'letter.write', childId: ids.hong } }]],
      },
    });
  });

  it('a thread offers "play" for a letter with a photo, and the words read the same in any language', async () => {
    await app.letters.send(as('mother'), ids.hong!, [{ kind: 'photo', fileId: 'photo-1', text: '我们的新宿舍' }]);
    const page = await app.letters.thread(as('keeper'), ids.hong!);
    expect(page.choices).toEqual([[{ label: { key: 'letters.play', values: { number: 1 } }, action: expect.objectContaining({ name: 'letter.show' }) }]]);
    const zh = say(translations.translatorFor('zh-CN'), page.words);
    expect(zh).toContain('王小红');
    expect(zh).toContain('我们的新宿舍');
  });

  it('someone else\'s child is refused, and the refusal is a reason, not text', async () => {
    await expect(app.letters.thread(as('mother'), ids.ming! + 1000)).rejects.toMatchObject({ reason: expect.any(String) });
  });
});
