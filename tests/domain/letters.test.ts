import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createDomain, type Domain } from '../../src/domain/index.js';
import { addLetterPart, LETTER_LIMITS, type LetterPartInput } from '../../src/domain/letters.js';
import { freshDatabaseUrl } from '../helpers/database.js';
import { onTelegram } from '../helpers/accounts.js';

let db: Db;
let domain: Domain;
let now = Date.parse('2026-12-02T02:00:00Z');
const people: Record<string, number> = {};
const children: Record<string, number> = {};
const HOUR = 3600_000;
const as = (name: string) => ({ userId: people[name]! });
const text = (value: string): LetterPartInput => ({ kind: 'text', text: value });
const voice: LetterPartInput = { kind: 'voice', fileId: 'voice-1' };

beforeAll(async () => {
  db = await openDatabase(await freshDatabaseUrl());
  domain = createDomain(db, { clock: () => new Date(now) });
  const school = await db.school.create({ data: { name: 'A', timezone: 'Asia/Shanghai' } });
  const other = await db.school.create({ data: { name: 'B', timezone: 'Asia/Shanghai' } });
  const klass = await db.class.create({ data: { schoolId: school.id, name: 'A1' } });
  const child = async (name: string, schoolId: number, parentsAway: 'BOTH' | 'NONE' = 'BOTH') =>
    (children[name] = (await db.child.create({ data: { name, schoolId, classId: schoolId === school.id ? klass.id : null, parentsAway } })).id);
  await child('小明', school.id);
  await child('小红', school.id);
  await child('本地娃', school.id, 'NONE');
  await child('外校娃', other.id);
  let telegramId = 700;
  const person = async (name: string) => (people[name] = (await db.user.create({ data: { accounts: onTelegram(telegramId++), displayName: name } })).id);
  for (const name of ['keeper', 'otherKeeper', 'admin', 'classTeacher', 'mother', 'father', 'neighbour', 'localMum']) await person(name);
  const member = (name: string, role: 'ADMIN' | 'KEEPER' | 'TEACHER', schoolId = school.id) =>
    db.membership.create({ data: { userId: people[name]!, role, schoolId, classId: role === 'TEACHER' ? klass.id : null, classTeacher: role === 'TEACHER' } });
  await member('keeper', 'KEEPER');
  await member('otherKeeper', 'KEEPER', other.id);
  await member('admin', 'ADMIN');
  await member('classTeacher', 'TEACHER');
  const link = (name: string, childName: string, relation: 'MOTHER' | 'FATHER') =>
    db.guardianLink.create({ data: { userId: people[name]!, childId: children[childName]!, relation, role: 'PARENT', consentedAt: new Date('2026-11-01') } });
  await link('mother', '小明', 'MOTHER');
  await link('father', '小明', 'FATHER');
  await link('neighbour', '小红', 'MOTHER');
  await link('localMum', '本地娃', 'MOTHER');
});
afterAll(() => db.$disconnect());

const refused = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ reason: 'forbidden' });

describe('the limits of a letter', () => {
  it('takes up to 10 parts and 4,000 characters, and refuses more without changing what was collected', () => {
    let parts: LetterPartInput[] = [];
    for (let i = 0; i < LETTER_LIMITS.parts; i++) {
      const added = addLetterPart(parts, i === 0 ? text('x'.repeat(3990)) : voice);
      if ('refused' in added) throw new Error(added.refused);
      parts = added.parts;
    }
    expect(addLetterPart(parts, voice)).toEqual({ refused: 'letters:tooManyParts' });
    expect(addLetterPart(parts.slice(0, 5), text('y'.repeat(11)))).toEqual({ refused: 'letters:tooMuchText' });
    expect(addLetterPart(parts.slice(0, 5), text('y'.repeat(10)))).toMatchObject({ parts: { length: 6 } });
    expect(parts).toHaveLength(10);
  });
});

describe('letters', () => {
  it('lets a parent write to their own child only', async () => {
    await refused(domain.letters.send(as('neighbour'), children['小明']!, [voice]));
    await refused(domain.letters.send(as('keeper'), children['小明']!, [voice]));
    await refused(domain.letters.writeTarget(as('mother'), 999_999));
    await expect(domain.letters.send(as('mother'), children['小明']!, [])).rejects.toMatchObject({ reason: 'invalid:required' });
    const letter = await domain.letters.send(as('mother'), children['小明']!, [text(' 想你 '), voice]);
    expect(letter).toMatchObject({ status: 'WAITING', direction: 'TO_CHILD', relation: 'MOTHER', campaignTitle: null, parts: [text('想你'), voice] });
    expect(await db.auditLog.count({ where: { action: 'access.refused' } })).toBe(3);
  });

  it('opens letters for the keeper of the child\'s school and admins, never for teachers or other schools', async () => {
    const letter = (await db.letter.findFirstOrThrow()).id;
    expect((await domain.letters.open(as('keeper'), letter)).childName).toBe('小明');
    expect((await domain.letters.open(as('admin'), letter)).childName).toBe('小明');
    await refused(domain.letters.open(as('classTeacher'), letter));
    await refused(domain.letters.open(as('otherKeeper'), letter));
    await refused(domain.letters.open(as('father'), letter));
    expect((await domain.letters.show(as('father'), letter)).id).toBe(letter);
    await refused(domain.letters.show(as('neighbour'), letter));
    expect(await domain.letters.inbox(as('classTeacher'))).toBeNull();
    expect(await domain.letters.inbox(as('otherKeeper'))).toEqual([]);
  });

  it('keeps letters to a child whose parents are at home out of the keeper\'s letterbox', async () => {
    const local = await domain.letters.send(as('localMum'), children['本地娃']!, [voice]);
    await refused(domain.letters.open(as('keeper'), local.id));
    expect((await domain.letters.inbox(as('keeper')))!.map((child) => child.childName)).toEqual(['小明']);
    expect((await domain.letters.inbox(as('admin')))!.map((child) => child.childName)).toEqual(['小明', '本地娃']);
  });

  it('marks a letter read once, and holds only a waiting letter with a reason', async () => {
    const first = (await db.letter.findFirstOrThrow()).id;
    const read = await domain.letters.markRead(as('keeper'), first);
    expect(read).toMatchObject({ author: { userId: people.mother }, keeperName: 'keeper', letter: { status: 'READ' } });
    await expect(domain.letters.markRead(as('keeper'), first)).rejects.toMatchObject({ reason: 'letters:alreadyRead' });
    await expect(domain.letters.hold(as('keeper'), first, 'why')).rejects.toMatchObject({ reason: 'letters:notWaiting' });
    const second = await domain.letters.send(as('father'), children['小明']!, [voice]);
    await expect(domain.letters.hold(as('keeper'), second.id, '  ')).rejects.toMatchObject({ reason: 'invalid:required' });
    const held = await domain.letters.hold(as('keeper'), second.id, '孩子生病了');
    expect(held).toMatchObject({ letter: { status: 'HELD', holdReason: '孩子生病了' }, admins: [{ userId: people.admin }], author: { userId: people.father } });
    expect((await domain.letters.markRead(as('keeper'), second.id)).letter.status).toBe('READ');
  });

  it('sends the child\'s reply to every linked parent, and pages the thread newest last', async () => {
    await refused(domain.letters.recordReply(as('mother'), children['小明']!, [voice]));
    const reply = await domain.letters.recordReply(as('keeper'), children['小明']!, [{ kind: 'photo', fileId: 'drawing' }]);
    expect(reply.recipients.map((r) => r.userId)).toEqual([people.mother, people.father]);
    for (let i = 0; i < 4; i++) {
      now += 60_000;
      await domain.letters.send(as('mother'), children['小明']!, [text(`第 ${i + 1} 封`)]);
    }
    const last = await domain.letters.thread(as('father'), children['小明']!);
    expect(last).toMatchObject({ page: 1, pages: 2 });
    expect(last.letters.map((l) => l.parts[0]!.text)).toEqual(['第 3 封', '第 4 封']);
    expect((await domain.letters.thread(as('keeper'), children['小明']!, 0)).letters).toHaveLength(5);
    await refused(domain.letters.thread(as('neighbour'), children['小明']!));
    await refused(domain.letters.thread(as('classTeacher'), children['小明']!));
  });

  it('digests the letters waiting for the letterbox, by child, for the keepers', async () => {
    const digest = await domain.letters.letterboxDigest((await db.school.findFirstOrThrow({ where: { name: 'A' } })).id, null, new Date(now + HOUR));
    expect(digest).toMatchObject({ holders: [{ userId: people.keeper }], children: [{ childName: '小明', count: 4 }], total: 4 });
    expect(await domain.letters.letterboxDigest((await db.school.findFirstOrThrow({ where: { name: 'B' } })).id, null, new Date(now))).toBeNull();
  });
});

describe('letter campaigns', () => {
  it('is started by an admin only, links the letters written meanwhile, and shows who wrote', async () => {
    const schoolId = (await db.school.findFirstOrThrow({ where: { name: 'A' } })).id;
    const request = { schoolId, classId: null, days: 7, title: '给远方父母的一封信' };
    await refused(domain.campaigns.start(as('keeper'), request));
    await expect(domain.campaigns.start(as('admin'), { ...request, days: 0 })).rejects.toMatchObject({ reason: 'invalid:range' });
    const started = await domain.campaigns.start(as('admin'), request);
    expect(started.campaign.closesAt.toISOString()).toBe('2026-12-09T15:59:00.000Z');
    expect(started.families.map((f) => [f.recipient.userId, f.children.map((c) => c.name)])).toEqual([
      [people.mother, ['小明']],
      [people.father, ['小明']],
      [people.neighbour, ['小红']],
      [people.localMum, ['本地娃']],
    ]);
    const letter = await domain.letters.send(as('neighbour'), children['小红']!, [voice]);
    expect(letter.campaignTitle).toBe('给远方父母的一封信');
    const [keeperView] = (await domain.campaigns.progress(as('keeper')))!;
    expect(keeperView!.children).toEqual([
      { childName: '小明', written: false },
      { childName: '小红', written: true },
    ]);
    expect((await domain.campaigns.progress(as('classTeacher')))![0]!.children).toHaveLength(3);
    expect(await domain.campaigns.progress(as('mother'))).toBeNull();
    now += 8 * 24 * HOUR;
    expect((await domain.letters.send(as('mother'), children['小明']!, [voice])).campaignTitle).toBeNull();
    expect(await domain.campaigns.progress(as('admin'))).toEqual([]);
  });
});
