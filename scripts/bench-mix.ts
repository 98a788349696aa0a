import type { Db } from '../src/db/client.js';
import { createTelegramUsers } from '../tests/helpers/accounts.js';

/** Telegram ids of the benchmark's people: staff from 1,000, parents from 100,000. */
const STAFF_ID = 1_000;
const PARENT_ID = 100_000;
const CATEGORIES = ['STUDY', 'ACTIVITY', 'BEHAVIOUR', 'EMOTIONS', 'HEALTH', 'DAILY_LIFE'] as const;

/** One thing a person does: a text, a command, a photo, a voice note or a button press. */
export type Step =
  | { kind: 'text'; text: string }
  | { kind: 'photo'; fileId: string; caption?: string }
  | { kind: 'voice'; fileId: string }
  | { kind: 'press'; data: string };

/** Someone who uses the bot during the benchmark, and the ids their sessions refer to. */
export interface Person {
  telegramId: number;
  name: string;
  role: 'admin' | 'keeper' | 'teacher' | 'parent';
  /** A teacher's class's children; a parent's own child. */
  childIds: number[];
  /** For the keeper: letters waiting to be opened. */
  letterIds: number[];
}

/** What the seeding made: the active people and the size of the data behind them. */
export interface SeededSchool {
  people: Person[];
  children: number;
  users: number;
  updates: number;
}

/** The same sequence of numbers on every run, so the full and the bare bot get the same sessions. */
export class Sequence {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

async function inBatches<T>(items: readonly T[], size: number, write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await write(items.slice(start, start + size));
}

/**
 * A county's worth of data: `schools` schools of 20 classes of 50 children (10 schools make
 * 10,000 children), a parent for every child, and a term of growth updates in the first
 * school. The first school's admin, keeper, 20 class teachers and enough parents to make
 * `active` people are the ones who use the bot.
 */
export async function seedCounty(db: Db, schools: number, active: number): Promise<SeededSchool> {
  const now = Date.now();
  for (let s = 0; s < schools; s++) await db.school.create({ data: { name: `Bench school ${s + 1}`, timezone: 'Asia/Shanghai' } });
  const schoolIds = (await db.school.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((school) => school.id);
  await db.class.createMany({ data: schoolIds.flatMap((schoolId) => Array.from({ length: 20 }, (_, c) => ({ schoolId, name: `${7 + Math.floor(c / 7)}年级${(c % 7) + 1}班` }))) });
  const classes = await db.class.findMany({ select: { id: true, schoolId: true }, orderBy: { id: 'asc' } });
  const childRows = classes.flatMap((klass) => Array.from({ length: 50 }, (_, n) => ({ schoolId: klass.schoolId, classId: klass.id, name: `学生${klass.id}-${n + 1}`, guardianName: '奶奶', guardianRelation: 'GRANDPARENT' as const, guardianPhone: `1390000${String(klass.id * 100 + n).padStart(4, '0')}` })));
  await inBatches(childRows, 1000, (batch) => db.child.createMany({ data: batch }));
  const children = await db.child.findMany({ select: { id: true, classId: true }, orderBy: { id: 'asc' } });

  const staff = [{ telegramId: STAFF_ID, name: '校长', role: 'admin' as const }, { telegramId: STAFF_ID + 1, name: '张阿姨', role: 'keeper' as const }];
  const firstSchoolClasses = classes.filter((klass) => klass.schoolId === schoolIds[0]);
  const teachers = firstSchoolClasses.map((klass, i) => ({ telegramId: STAFF_ID + 10 + i, name: `老师${i + 1}`, role: 'teacher' as const, classId: klass.id }));
  await createTelegramUsers(db, [...staff, ...teachers].map((person) => ({ telegramId: person.telegramId, displayName: person.name, languageCode: 'zh-CN' })));
  await inBatches(children, 1000, (batch) =>
    createTelegramUsers(db, batch.map((child, i) => ({ telegramId: PARENT_ID + child.id, displayName: `家长${child.id}`, languageCode: i % 5 === 0 ? 'en' : 'zh-CN' }))),
  );
  const userIdOf = new Map((await db.channelAccount.findMany({ select: { userId: true, externalId: true } })).map((account) => [Number(account.externalId), account.userId]));
  const firstSchool = schoolIds[0]!;
  await db.membership.createMany({
    data: [
      { userId: userIdOf.get(STAFF_ID)!, role: 'ADMIN', schoolId: firstSchool },
      { userId: userIdOf.get(STAFF_ID + 1)!, role: 'KEEPER', schoolId: firstSchool },
      ...teachers.map((teacher) => ({ userId: userIdOf.get(teacher.telegramId)!, role: 'TEACHER' as const, schoolId: firstSchool, classId: teacher.classId, classTeacher: true })),
    ],
  });
  const consentedAt = new Date(now - 30 * 86_400_000);
  await inBatches(children, 1000, (batch) =>
    db.guardianLink.createMany({ data: batch.map((child) => ({ userId: userIdOf.get(PARENT_ID + child.id)!, childId: child.id, role: 'PARENT' as const, relation: 'MOTHER' as const, consentedAt })) }),
  );

  const inFirstSchool = children.filter((child) => firstSchoolClasses.some((klass) => klass.id === child.classId));
  const teacherOf = new Map(teachers.map((teacher) => [teacher.classId, userIdOf.get(teacher.telegramId)!]));
  const updates = inFirstSchool.flatMap((child, i) => [0, 1, 2].map((k) => ({ child, createdAt: new Date(now - (k * 7 + (i % 7)) * 86_400_000), category: CATEGORIES[(i + k) % CATEGORIES.length]! })));
  await inBatches(updates, 500, (batch) =>
    db.growthUpdate.createMany({ data: batch.map((u) => ({ authorId: teacherOf.get(u.child.classId!)!, schoolId: firstSchool, category: u.category, text: '今天上课很认真，作业按时完成。', createdAt: u.createdAt })) }),
  );
  const updateIds = (await db.growthUpdate.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id);
  await inBatches(updateIds.map((updateId, i) => ({ updateId, childId: updates[i]!.child.id })), 1000, (batch) => db.updateChild.createMany({ data: batch }));

  const activeParents = inFirstSchool.slice(0, Math.max(0, active - staff.length - teachers.length));
  const letterIds: number[] = [];
  for (const child of activeParents.slice(0, 40)) {
    const letter = await db.letter.create({
      data: { childId: child.id, authorId: userIdOf.get(PARENT_ID + child.id)!, direction: 'TO_CHILD', status: 'WAITING', parts: { create: { position: 1, kind: 'text', text: '孩子，妈妈想你了。' } } },
    });
    letterIds.push(letter.id);
  }
  const classChildren = (classId: number) => inFirstSchool.filter((child) => child.classId === classId).map((child) => child.id);
  const people: Person[] = [
    { ...staff[0]!, childIds: inFirstSchool.slice(0, 50).map((child) => child.id), letterIds: [] },
    { ...staff[1]!, childIds: [], letterIds },
    ...teachers.map((teacher) => ({ telegramId: teacher.telegramId, name: teacher.name, role: teacher.role, childIds: classChildren(teacher.classId), letterIds: [] })),
    ...activeParents.map((child) => ({ telegramId: PARENT_ID + child.id, name: `家长${child.id}`, role: 'parent' as const, childIds: [child.id], letterIds: [] })),
  ];
  return { people, children: children.length, users: userIdOf.size, updates: updateIds.length };
}

/** One session of a person's, as they would use the bot on a school day. */
export function nextSession(person: Person, random: Sequence): Step[] {
  const child = () => String(random.pick(person.childIds));
  const category = () => random.pick(CATEGORIES);
  const roll = random.next();
  switch (person.role) {
    case 'teacher': {
      const threeTaps = [{ kind: 'press', data: `qu:c:${child()}` }, { kind: 'press', data: `qu:g:${category()}` }, { kind: 'press', data: 'qu:s:n' }] as const;
      if (roll < 0.3) return [{ kind: 'photo', fileId: `photo-${Math.floor(random.next() * 1e6)}`, caption: '今天的手工课' }, ...threeTaps];
      if (roll < 0.5) return [{ kind: 'text', text: '今天数学小测验考得不错，继续加油。' }, ...threeTaps];
      if (roll < 0.65) return [{ kind: 'text', text: '/record' }, { kind: 'press', data: `qu:r:${child()}` }];
      if (roll < 0.8) return [{ kind: 'text', text: '/children' }, { kind: 'press', data: `ch:v:${child()}` }];
      if (roll < 0.9) return [{ kind: 'text', text: '/updates' }];
      return [{ kind: 'text', text: '/help' }];
    }
    case 'parent': {
      if (roll < 0.25) {
        const voice = random.next() < 0.5 ? [{ kind: 'voice', fileId: `voice-${Math.floor(random.next() * 1e6)}` } as const] : [];
        return [{ kind: 'text', text: '/letter' }, { kind: 'text', text: '孩子，爸爸妈妈在外面一切都好，你要好好吃饭，听老师的话。' }, ...voice, { kind: 'press', data: 'letter:send' }];
      }
      if (roll < 0.45) return [{ kind: 'text', text: '/thread' }];
      if (roll < 0.6) return [{ kind: 'text', text: '/help' }];
      if (roll < 0.7) return [{ kind: 'text', text: '/start' }];
      if (roll < 0.8) return [{ kind: 'text', text: '/call' }];
      if (roll < 0.85) return [{ kind: 'text', text: '/mydata' }];
      return [{ kind: 'text', text: '谢谢老师！' }];
    }
    case 'keeper':
      if (roll < 0.5 && person.letterIds.length > 0) return [{ kind: 'text', text: '/inbox' }, { kind: 'press', data: `letter:open:${random.pick(person.letterIds)}` }];
      return [{ kind: 'text', text: roll < 0.8 ? '/inbox' : '/schedule' }];
    case 'admin':
      if (roll < 0.4) return [{ kind: 'text', text: '/children' }, { kind: 'press', data: `ch:v:${child()}` }];
      return [{ kind: 'text', text: random.pick(['/classes', '/help', '/receipts', '/weekly']) }];
  }
}
