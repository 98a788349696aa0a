import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { createTelegramUsers, withTelegram } from '../helpers/accounts.js';

/**
 * Lists that grow with a school's data (a child's growth record over a school year, the
 * receipts of a weekly note for a big class, a teacher's updates of the day, a file's edit
 * history, an admin's invitations, a busy day of calls, a month of contacts) never exceed
 * Telegram's 4,096 characters: they come a page at a time, or in several messages, and
 * nothing is left out: the oldest entry can always be reached.
 */
let h: Harness;
const ids: Record<string, number> = {};
const LIMIT = 4096;
const LONG_NAME = 'Alexandra Catherine Wilhelmina Montgomery-Fitzgerald Jr'; // 55 characters
const CHILD_NAME = '欧阳'.repeat(20); // 40 characters, the longest a child's name may be
const RECORD_ENTRIES = 200; // a school year of updates about one child
const entryLabel = (n: number) => `Entry ${String(n).padStart(3, '0')}`;
const CLASS_SIZE = 120;

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('teacher', 8701, LONG_NAME, 'en');
  await s.user('helper', 8702, `${LONG_NAME} II`, 'en');
  await s.user('outsider', 8703, 'Outsider', 'en');
  await s.member('teacher', 'TEACHER', { classTeacher: true });
  await s.member('helper', 'TEACHER', { classId: s.classId });
  await s.child('child', CHILD_NAME);
  await s.user('admin', 8704, `${LONG_NAME} Admin`, 'en');
  await s.member('admin', 'ADMIN');
});
afterAll(() => h.close());

const teacher = () => h.user(LONG_NAME, 8701, 'en');
const texts = (replies: BotReply[]) => replies.filter((reply) => reply.method === 'sendMessage' || reply.method === 'editMessageText').map((reply) => reply.text ?? '');

/** The start of the harness's day in the school's time zone (Shanghai, UTC+8). */
const shanghaiDayStart = () => Math.floor((h.now + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
const HOUR = 60 * 60 * 1000;

/** The buttons of the newest message that has any, row by row. */
const shownButtons = (user: TestUser) => (h.telegram.lastMessageWithButtons(user.id)?.keyboard?.inline_keyboard ?? []).map((row) => row.map((key) => key.text));

/** Presses ▶ until the last page, returning every page's text in order. */
async function readAllPages(user: TestUser, first: BotReply[]): Promise<string[]> {
  const pages = texts(first);
  let buttons = first.at(-1)?.buttons.flat() ?? [];
  while (buttons.includes('Next ▶')) {
    const next = await user.press('Next ▶');
    pages.push(...texts(next));
    buttons = next.at(-1)?.buttons.flat() ?? [];
  }
  return pages;
}

describe('long lists', () => {
  it('a school year of long concerns with follow-ups pages back to the oldest, in messages of at most 4,096 characters', async () => {
    const followUps = [];
    for (let n = 0; n < RECORD_ENTRIES; n++) {
      const update = await h.db.growthUpdate.create({
        data: {
          authorId: ids.teacher!,
          schoolId: (await h.db.school.findFirstOrThrow()).id,
          category: 'HEALTH',
          concern: true,
          text: `${entryLabel(n)} ${'x'.repeat(3990)}`,
          createdAt: new Date(h.now - (n + 1) * 30 * 60 * 60 * 1000),
          children: { create: { childId: ids.child! } },
          media: { create: Array.from({ length: 10 }, (_, position) => ({ kind: position % 2 ? 'photo' : 'voice', fileId: `f-${n}-${position}`, position })) },
        },
      });
      for (const kind of ['CALL', 'VISIT', 'TALK', 'CALL']) followUps.push({ updateId: update.id, childId: ids.child!, teacherId: ids.helper!, kind, createdAt: new Date(h.now) });
    }
    await h.db.concernFollowUp.createMany({ data: followUps });
    const liu = teacher();
    await liu.send('/record');
    const first = await liu.press(`${CHILD_NAME} · 七年级二班`);
    expect(first.at(-1)?.buttons).toEqual([['Next ▶']]);
    const pages = await readAllPages(liu, first);

    expect(pages.length).toBeGreaterThanOrEqual(RECORD_ENTRIES / 10);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMIT);
    for (const page of pages) {
      expect(page.startsWith(`Growth record of ${CHILD_NAME} (newest first):\n`)).toBe(true);
      expect(page).toMatch(/\nPage \d+ of 20(, part \d of \d)?$/);
    }
    expect(pages[0]).toMatch(/\nPage 1 of 20, part 1 of \d$/);
    expect(pages.at(-1)).toMatch(/\nPage 20 of 20, part (\d) of \1$/);
    const entries = pages.join('\n').match(/Entry \d{3}/g);
    expect(entries).toEqual(Array.from({ length: RECORD_ENTRIES }, (_, n) => entryLabel(n)));
    expect(pages.join('\n').match(/↳ /g)).toHaveLength(RECORD_ENTRIES * 4);

    const back = await liu.press('◀ Previous');
    expect(texts(back)[0]).toBe(pages.at(-2));
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/long-lists.txt');
  });

  it('checks every page press again: a stranger is refused, a forged page number shows a real page', async () => {
    const outsider = h.user('Outsider', 8703, 'en');
    const refused = await outsider.pressData(`qu:rp:${ids.child}:1`);
    expect(refused.at(-1)?.text).toBe('Sorry, you cannot do that for this child or school.');
    const liu = teacher();
    await liu.send('/record');
    await liu.press(`${CHILD_NAME} · 七年级二班`);
    const messageId = h.telegram.lastMessageWithButtons(liu.id)!.messageId;
    const forged = texts(await liu.pressData(`qu:rp:${ids.child}:999999:999999`, messageId))[0]!;
    expect(forged).toMatch(/Page 20 of 20, part (\d) of \1$/);
    expect(forged).toContain(entryLabel(RECORD_ENTRIES - 1));
    const unsafe = texts(await liu.pressData(`qu:rp:${ids.child}:99999999999999999999:1`, messageId))[0]!;
    expect(unsafe).toMatch(/Page 1 of 20, part 2 of \d$/);
    const older = texts(await liu.pressData(`qu:rp:${ids.child}:7`, messageId))[0]!;
    expect(older).toMatch(/Page 8 of 20, part 1 of \d$/);
    expect(older).toContain(entryLabel(70));
  });

  it('/receipts for a class of 120 children with two parents each lists every parent, a page at a time', async () => {
    const users = Array.from({ length: CLASS_SIZE * 2 }, (_, n) => ({ telegramId: 90_000 + n, displayName: `${LONG_NAME} P${n}`, languageCode: 'en' }));
    const parents = (await createTelegramUsers(h.db, users)).map((id) => ({ id }));
    const classId = (await h.db.class.findFirstOrThrow()).id;
    for (let n = 0; n < CLASS_SIZE; n++) {
      const child = await h.db.child.create({ data: { schoolId: (await h.db.school.findFirstOrThrow()).id, classId, name: `${'王'.repeat(36)}${String(n).padStart(4, '0')}` } });
      await h.db.weeklyNote.create({
        data: {
          childId: child.id,
          week: '2026-W48',
          status: 'SENT',
          sentAt: new Date(h.now),
          recipients: { create: [{ userId: parents[2 * n]!.id }, { userId: parents[2 * n + 1]!.id, acknowledgedAt: new Date(h.now) }] },
        },
      });
    }
    const liu = teacher();
    const pages = await readAllPages(liu, await liu.send('/receipts'));

    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMIT);
    const lines = pages.flatMap((page) => page.split('\n')).filter((line) => line.includes(' — '));
    expect(lines).toHaveLength(CLASS_SIZE * 2);
    expect(new Set(lines.map((line) => /P(\d+):/.exec(line)?.[1])).size).toBe(CLASS_SIZE * 2);

    const outsider = h.user('Outsider', 8703, 'en');
    const refused = await outsider.pressData('wn:rc:1');
    expect(texts(refused)[0]).toBe('No weekly note has been sent for your classes yet.');
  });

  it('/updates with 45 updates of the day about three long-named children each comes ten a page, every update with its buttons', async () => {
    const schoolId = (await h.db.school.findFirstOrThrow()).id;
    const classId = (await h.db.class.findFirstOrThrow()).id;
    const children = [];
    for (let n = 0; n < 3; n++) children.push(await h.db.child.create({ data: { schoolId, classId, name: `${'司马'.repeat(19)}${n}${n}` } }));
    for (let n = 0; n < 45; n++) {
      await h.db.growthUpdate.create({
        data: {
          authorId: ids.teacher!,
          schoolId,
          category: 'DAILY_LIFE',
          concern: true,
          text: 'y'.repeat(4000),
          createdAt: new Date(h.now - n * 60 * 1000),
          children: { create: children.map((child) => ({ childId: child.id })) },
          media: { create: Array.from({ length: 10 }, (_, position) => ({ kind: 'photo', fileId: `u-${n}-${position}`, position })) },
        },
      });
    }
    const liu = teacher();
    const sent = texts(await liu.send('/updates'));
    const buttons: string[] = shownButtons(liu).flat();
    while (shownButtons(liu).flat().includes('Next ▶')) {
      sent.push(...texts(await liu.press('Next ▶')));
      buttons.push(...shownButtons(liu).flat());
    }
    expect(sent).toHaveLength(5);
    for (const text of sent) expect(text.length).toBeLessThanOrEqual(LIMIT);
    expect(sent.join('\n').match(/^\d+(?=\. )/gm)?.map(Number)).toEqual(Array.from({ length: 45 }, (_, n) => n + 1));
    expect(buttons.filter((label) => label.startsWith('Delete'))).toEqual(Array.from({ length: 45 }, (_, n) => `Delete ${n + 1}`));
    expect(sent.at(-1)).toMatch(/\nPage 5 of 5$/);
  });

  it("a file's edit history of 300 changes with long notes pages back to the first change", async () => {
    const changes = Array.from({ length: 300 }, (_, n) => ({
      childId: ids.child!,
      actorId: ids.helper!,
      field: 'notes',
      oldValue: `Change ${String(n).padStart(3, '0')} ${'旧'.repeat(500)}`,
      newValue: `Change ${String(n + 1).padStart(3, '0')} ${'新'.repeat(500)}`,
      createdAt: new Date(h.now - (300 - n) * 60 * 60 * 1000),
    }));
    await h.db.childChange.createMany({ data: changes });
    const liu = teacher();
    await liu.send('/children 欧阳');
    await liu.press(`${CHILD_NAME} · 七年级二班`);
    const pages = await readAllPages(liu, await liu.press('History'));

    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMIT);
    const listed = pages.join('\n').match(/Change \d{3} 旧/g);
    expect(listed).toEqual(Array.from({ length: 300 }, (_, n) => `Change ${String(299 - n).padStart(3, '0')} 旧`));
    expect(pages.at(-1)).toContain('Change 000 旧');
  });

  it('/invites with an invitation for each of 240 parents lists every one, ten a page, each pending one with its withdraw button', async () => {
    const children = await h.db.child.findMany({ where: { name: { startsWith: '王' } }, orderBy: { id: 'asc' } });
    const schoolId = (await h.db.school.findFirstOrThrow()).id;
    const invites = children.flatMap((child, n) =>
      (['MOTHER', 'FATHER'] as const).map((relation) => ({
        codeHash: `long-lists-${child.id}-${relation}`,
        role: 'PARENT' as const,
        relation,
        schoolId,
        childId: child.id,
        createdById: ids.teacher!,
        expiresAt: new Date(h.now + 7 * 24 * 60 * 60 * 1000),
        createdAt: new Date(h.now - (children.length - n) * 60 * 1000),
      })),
    );
    await h.db.invite.createMany({ data: invites });
    const liu = teacher();
    const first = await liu.send('/invites');
    const withdraw: string[] = shownButtons(liu).flat();
    const pages = texts(first);
    while (shownButtons(liu).flat().includes('Next ▶')) {
      pages.push(...texts(await liu.press('Next ▶')));
      withdraw.push(...shownButtons(liu).flat());
    }

    expect(pages).toHaveLength(24);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMIT);
    const numbers = pages.flatMap((page) => page.match(/^\d+(?=\. )/gm) ?? []).map(Number);
    expect(numbers).toEqual(Array.from({ length: 240 }, (_, n) => n + 1));
    expect(withdraw.filter((label) => label.startsWith('Withdraw'))).toEqual(Array.from({ length: 240 }, (_, n) => `Withdraw no. ${n + 1}`));
    expect(pages.at(-1)).toContain(`240. mother of ${children[0]!.name}`);

    await liu.press('Withdraw no. 240');
    await liu.press('Yes, withdraw');
    expect(await h.db.invite.findUniqueOrThrow({ where: { codeHash: `long-lists-${children[0]!.id}-MOTHER` } })).toMatchObject({ revokedAt: expect.any(Date) });
  });

  it("/schedule on a day of 120 five-minute calls shows every call ten a page, each booked one with its buttons", async () => {
    const children = await h.db.child.findMany({ where: { name: { startsWith: '王' } }, orderBy: { id: 'asc' } });
    const parent = await h.db.user.findFirstOrThrow({ where: withTelegram(90_000n) });
    const school = await h.db.school.findFirstOrThrow();
    const dayStart = shanghaiDayStart();
    const calls = children.map((child, n) => {
      const slotStart = new Date(dayStart + (8 * 60 + 5 * n) * 60 * 1000);
      const held = n % 3 === 0;
      return { schoolId: school.id, childId: child.id, parentId: parent.id, slotStart, activeSlot: slotStart, status: held ? ('HELD' as const) : ('BOOKED' as const), durationMinutes: held ? 5 : null };
    });
    await h.db.callBooking.createMany({ data: calls });
    const admin = h.user(`${LONG_NAME} Admin`, 8704, 'en');
    const first = await admin.send('/schedule');
    const buttons: string[] = shownButtons(admin).flat();
    const pages = texts(first);
    while (shownButtons(admin).flat().includes('Next ▶')) {
      pages.push(...texts(await admin.press('Next ▶')));
      buttons.push(...shownButtons(admin).flat());
    }

    expect(pages).toHaveLength(12);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMIT);
    const times = pages.flatMap((page) => page.match(/^\d\d:\d\d(?= )/gm) ?? []);
    expect(times).toHaveLength(120);
    expect(times.at(-1)).toBe('17:55');
    expect(buttons.filter((label) => label.endsWith(' held'))).toHaveLength(80);
    expect(buttons).toContain(`✓ 17:55 ${children.at(-1)!.name} held`);
  });

  it("a child's file with a month of contacts (three a day) and its calls comes in several messages, every contact listed", async () => {
    const kinds = ['VISIT', 'CALL', 'TALK'] as const;
    const monthStart = shanghaiDayStart(); // the harness's clock stands on the 1st of December
    const contacts = Array.from({ length: 90 }, (_, n) => ({
      childId: ids.child!,
      teacherId: ids.helper!,
      kind: kinds[n % 3]!,
      happenedAt: new Date(monthStart + (Math.floor(n / 3) * 24 + 9 + (n % 3)) * 60 * 60 * 1000),
    }));
    await h.db.contactLog.createMany({ data: contacts });
    const liu = teacher();
    await liu.send('/children 欧阳');
    const replies = await liu.press(`${CHILD_NAME} · 七年级二班`);
    const sent = texts(replies);

    expect(sent.length).toBeGreaterThan(1);
    for (const text of sent) expect(text.length).toBeLessThanOrEqual(LIMIT);
    expect(sent[0]).toMatch(/^欧阳/);
    expect(sent.join('\n').match(/ · Alexandra Catherine Wilhelmina Montgomery-Fitzgerald Jr II$/gm)).toHaveLength(90);
    expect(replies.at(-1)?.buttons.flat()).toContain('History');
  });

  it("/campaign for a whole school of 600 children lists every child in messages of at most 4,096 characters", async () => {
    const school = await h.db.school.findFirstOrThrow();
    const classId = (await h.db.class.findFirstOrThrow()).id;
    const existing = await h.db.child.count({ where: { archivedAt: null } });
    await h.db.child.createMany({ data: Array.from({ length: 600 - existing }, (_, n) => ({ schoolId: school.id, classId, name: `${'诸葛'.repeat(18)}${String(n).padStart(4, '0')}` })) });
    await h.db.letterCampaign.create({ data: { schoolId: school.id, title: '给远方爸妈的一封信'.repeat(5), closesAt: new Date(h.now + 14 * 24 * HOUR) } });
    const replies = await h.user(`${LONG_NAME} Admin`, 8704, 'en').send('/campaign');
    const sent = texts(replies);

    expect(sent.length).toBeGreaterThan(1);
    for (const text of sent) expect(text.length).toBeLessThanOrEqual(LIMIT);
    expect(sent[0]).toMatch(/^“给远方爸妈的一封信.+: 0 of 600 children have a letter\n/);
    expect(sent.join('\n').match(/^· .+: not yet$/gm)).toHaveLength(600);
    expect(sent.join('\n')).toContain(`· ${'诸葛'.repeat(18)}${String(600 - existing - 1).padStart(4, '0')}: not yet`);
    expect(replies.at(-1)?.buttons.flat()).toEqual(['➕ Start a campaign']);
  });

  it('/inbox with 120 letters for 60 children lists the oldest and says how many more there are and how to reach them', async () => {
    const children = await h.db.child.findMany({ where: { name: { startsWith: '诸葛' } }, orderBy: { id: 'asc' }, take: 60 });
    const parent = await h.db.user.findFirstOrThrow({ where: withTelegram(90_000n) });
    await h.db.letter.createMany({
      data: children.flatMap((child, n) => [0, 1].map((k) => ({ childId: child.id, authorId: parent.id, direction: 'TO_CHILD' as const, status: 'WAITING' as const, createdAt: new Date(h.now - (240 - 2 * n - k) * 60 * 1000) }))),
    });
    const replies = await h.user(`${LONG_NAME} Admin`, 8704, 'en').send('/inbox');
    const [text] = texts(replies);

    expect(text!.length).toBeLessThanOrEqual(LIMIT);
    expect(text).toMatch(/^📬 The letterbox: 120 letters\n/);
    expect(text!.match(/: 2 letters$/gm)).toHaveLength(40);
    expect(text).toContain('… and 20 more children with letters waiting.');
    expect(text).toContain('The buttons open the oldest 40 letters; 80 more appear here as these are read with the children (send /inbox again).');
    expect(replies.at(-1)?.buttons.flat()).toHaveLength(41);
    expect(replies.at(-1)?.buttons.at(-1)).toEqual(["✏ Record a child's letter"]);
  });

  it('/children and /record for a school of 600 children offer 50 and say how many more there are and how to find them', async () => {
    const admin = h.user(`${LONG_NAME} Admin`, 8704, 'en');
    const all = await admin.send('/children');
    expect(texts(all)).toEqual(["Children's files:\n… and 550 more. Send /children followed by part of a name to find one."]);
    expect(all.at(-1)?.buttons.flat()).toHaveLength(50);
    const last = await h.db.child.findFirstOrThrow({ where: { name: { startsWith: '诸葛' } }, orderBy: { id: 'desc' } });
    const found = await admin.send(`/children ${last.name}`);
    expect(texts(found)).toEqual(["Children's files:"]);
    expect(found.at(-1)?.buttons).toEqual([[`${last.name} · 七年级二班`]]);

    const record = await teacher().send('/record');
    expect(texts(record)[0]).toBe('Whose growth record would you like to see?\n… and 550 more. Send /record followed by part of a name to find one.');
  });

  it("no message the bot sent or edited in all of the above broke Telegram's limits: 4,096 characters, 100 buttons, 64 bytes of button data", () => {
    const messages = h.telegram.calls.filter((call) => call.method === 'sendMessage' || call.method === 'editMessageText');
    expect(messages.length).toBeGreaterThan(100);
    for (const { payload } of messages) {
      expect(String(payload.text).length).toBeLessThanOrEqual(LIMIT);
      const keys = ((payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
      expect(keys.length).toBeLessThanOrEqual(100);
      for (const key of keys) expect(Buffer.byteLength(key.callback_data ?? '')).toBeLessThanOrEqual(64);
    }
  });
});

