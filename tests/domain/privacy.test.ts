import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivacy, type Privacy } from '../../src/domain/privacy.js';
import { Harness } from '../helpers/harness.js';
import { everythingStored } from '../helpers/stored-text.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
let privacy: Privacy;
beforeEach(async () => {
  h = await Harness.create();
  privacy = createPrivacy(h.db, () => new Date('2026-12-01T02:00:00Z'));
});
afterEach(() => h.close());

/** Two families at one school, and a teacher paired with the first family's child. */
async function seed() {
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '三年级一班' } });
  const mother = await h.db.user.create({
    data: {
      accounts: onTelegram(5001n),
      displayName: '陈静',
      languageCode: 'zh-hans',
      locale: 'zh-CN',
      quietStart: 22 * 60,
      quietEnd: 6 * 60,
      phone: '+8613512345678',
      freeStart: 12 * 60,
      freeEnd: 13 * 60,
      createdAt: new Date('2026-11-29T23:30:00Z'),
    },
  });
  const xiaoming = await h.db.child.create({
    data: {
      schoolId: school.id,
      classId: klass.id,
      name: '王小明',
      birthday: new Date('2014-03-05T00:00:00Z'),
      parentsAway: 'BOTH',
      workCity: '深圳',
      boarding: true,
      notes: '=HYPERLINK("x"), 爱画画',
      guardianName: '王奶奶',
      guardianRelation: 'GRANDPARENT',
      guardianPhone: '+8613812345678',
    },
  });
  const link = await h.db.guardianLink.create({
    data: { userId: mother.id, childId: xiaoming.id, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date('2026-11-30T01:00:00Z') },
  });
  await h.db.outboxMessage.create({ data: { idempotencyKey: 'weekly:mother', recipientId: mother.id, payload: '{"text":"周报"}' } });

  const other = await h.db.user.create({ data: { accounts: onTelegram(5002n), displayName: '刘强' } });
  const xiaojun = await h.db.child.create({
    data: { schoolId: school.id, classId: klass.id, name: '刘小军', guardianName: '刘爷爷', guardianPhone: '13900001111' },
  });
  await h.db.guardianLink.create({
    data: { userId: other.id, childId: xiaojun.id, role: 'PARENT', relation: 'FATHER', consentedAt: new Date('2026-11-30T02:00:00Z') },
  });
  await h.db.outboxMessage.create({ data: { idempotencyKey: 'weekly:other', recipientId: other.id, payload: '{"text":"周报"}' } });

  const teacher = await h.db.user.create({ data: { accounts: onTelegram(5003n), displayName: '张敏老师' } });
  await h.db.membership.create({
    data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: klass.id, classTeacher: true, createdAt: new Date('2026-09-01T00:00:00Z') },
  });
  await h.db.pairing.create({ data: { teacherId: teacher.id, childId: xiaoming.id } });
  return { school, klass, mother: { userId: mother.id }, other: { userId: other.id }, teacher: { userId: teacher.id }, xiaoming, xiaojun, link };
}

describe('myData', () => {
  it('shows exactly what is stored about the parent and their own child', async () => {
    const { mother } = await seed();
    expect(await privacy.myData(mother)).toEqual({
      you: {
        displayName: '陈静',
        telegramId: 5001,
        telegramLanguage: 'zh-hans',
        locale: 'zh-CN',
        timezone: null,
        timezoneInEffect: 'Asia/Shanghai',
        quietHours: { start: '22:00', end: '06:00' },
        phone: '+8613512345678',
        freeHours: { start: '12:00', end: '13:00' },
        joinedAt: '2026-11-29T23:30:00.000Z',
        messagesKept: 1,
        erasedAt: null,
      },
      roles: [],
      letters: [],
      checkIns: [],
      messages: [],
      calls: [],
      weeklyNotes: [],
      log: [],
      children: [
        {
          role: 'PARENT',
          relation: 'MOTHER',
          consentedAt: '2026-11-30T01:00:00.000Z',
          linkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          name: '王小明',
          birthday: '2014-03-05',
          school: '希望中学',
          className: '三年级一班',
          parentsAway: 'BOTH',
          workCity: '深圳',
          boarding: true,
          notes: '=HYPERLINK("x"), 爱画画',
          guardianName: '王奶奶',
          guardianRelation: 'GRANDPARENT',
          guardianPhone: '+8613812345678',
        },
      ],
    });
  });

  it('never holds another family, or the paired teacher', async () => {
    const { mother, other } = await seed();
    const mine = JSON.stringify(await privacy.myData(mother));
    for (const foreign of ['刘小军', '刘爷爷', '13900001111', '刘强', '张敏老师']) expect(mine).not.toContain(foreign);
    const theirs = JSON.stringify(await privacy.myData(other));
    for (const foreign of ['王小明', '王奶奶', '13812345678', '陈静']) expect(theirs).not.toContain(foreign);
  });

  it('lists the staff roles of a teacher by school and class', async () => {
    const { teacher } = await seed();
    const data = await privacy.myData(teacher);
    expect(data.roles).toEqual([{ role: 'TEACHER', school: '希望中学', className: '三年级一班', classTeacher: true, since: '2026-09-01T00:00:00.000Z' }]);
    expect(data.children).toEqual([]);
  });
});

describe('exportMyData', () => {
  it('gives the same data as JSON and records the export with its format only', async () => {
    const { mother } = await seed();
    const shown = await privacy.myData(mother);
    const file = await privacy.exportMyData(mother, 'json');
    expect(file.fileName).toBe('jiashu-my-data-2026-12-01.json');
    expect(JSON.parse(file.body.toString('utf8'))).toEqual(shown);
    const audit = await h.db.auditLog.findMany({ where: { action: 'mydata.exported' } });
    expect(audit).toMatchObject([{ actorId: mother.userId, entity: 'User', entityId: mother.userId, details: '{"format":"json"}' }]);
  });

  it('gives a CSV with a BOM, one row per field, quoted and safe to open in a spreadsheet', async () => {
    const { mother } = await seed();
    const file = await privacy.exportMyData(mother, 'csv');
    expect(file.fileName).toBe('jiashu-my-data-2026-12-01.csv');
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = file.body.toString('utf8').slice(1).split('\r\n');
    expect(rows[0]).toBe('section,field,value');
    expect(rows).toEqual(
      expect.arrayContaining([
        'you,displayName,陈静',
        'you,telegramId,5001',
        'you,timezone,',
        'you,quietHours.start,22:00',
        'you,quietHours.end,06:00',
        'child 1,relation,MOTHER',
        'child 1,name,王小明',
        'child 1,birthday,2014-03-05',
        'child 1,boarding,true',
        `child 1,notes,"'=HYPERLINK(""x""), 爱画画"`,
        "child 1,guardianPhone,'+8613812345678",
      ]),
    );
    expect(rows.filter((row) => row.startsWith('child 2'))).toEqual([]);
    expect(await h.db.auditLog.findFirst({ where: { action: 'mydata.exported' } })).toMatchObject({ details: '{"format":"csv"}' });
  });
});

describe('deleteMyData', () => {
  it('removes the family data, keeps the child’s school record and the user row, and logs counts', async () => {
    const { mother, other, xiaoming, xiaojun } = await seed();
    const childrenBefore = await h.db.child.findMany({ orderBy: { id: 'asc' } });

    expect(await privacy.deleteMyData(mother)).toEqual({
      guardianLinks: 1,
      letters: 0,
      checkIns: 0,
      familyMessages: 0,
      callBookings: 0,
      noteCopies: 0,
      outboxMessages: 1,
      copiesToOthers: 0,
      profileCleared: true,
    });

    expect(await h.db.guardianLink.findMany({ where: { childId: xiaoming.id } })).toEqual([]);
    expect(await h.db.guardianLink.count({ where: { userId: other.userId, childId: xiaojun.id } })).toBe(1);
    expect(await h.db.child.findMany({ orderBy: { id: 'asc' } })).toEqual(childrenBefore);
    expect(await h.db.outboxMessage.findMany({ select: { recipientId: true } })).toEqual([{ recipientId: other.userId }]);
    expect(await h.db.user.findUniqueOrThrow({ where: { id: mother.userId }, include: { accounts: { select: { channel: true, externalId: true } } } })).toMatchObject({
      accounts: [{ channel: 'telegram', externalId: '5001' }],
      displayName: '',
      languageCode: null,
      locale: null,
      timezone: null,
      quietStart: null,
      quietEnd: null,
      phone: null,
      freeStart: null,
      freeEnd: null,
    });
    const audit = await h.db.auditLog.findMany({ where: { action: 'mydata.deleted' } });
    expect(audit).toMatchObject([
      {
        actorId: mother.userId,
        entity: 'User',
        entityId: mother.userId,
        details: '{"guardianLinks":1,"letters":0,"checkIns":0,"familyMessages":0,"callBookings":0,"noteCopies":0,"outboxMessages":1,"copiesToOthers":0,"profileCleared":true}',
      },
    ]);
    expect(await privacy.myData(mother)).toMatchObject({ roles: [], children: [], you: { displayName: '', messagesKept: 0 } });
  });

  it('keeps the staff role, name and settings of a teacher who is also a parent', async () => {
    const { teacher, xiaojun } = await seed();
    await h.db.guardianLink.create({
      data: { userId: teacher.userId, childId: xiaojun.id, role: 'GUARDIAN', relation: 'OTHER_GUARDIAN', consentedAt: new Date() },
    });

    expect(await privacy.deleteMyData(teacher)).toMatchObject({ guardianLinks: 1, outboxMessages: 0, copiesToOthers: 0, profileCleared: false });

    expect(await h.db.membership.count({ where: { userId: teacher.userId } })).toBe(1);
    expect(await h.db.pairing.count({ where: { teacherId: teacher.userId } })).toBe(1);
    expect((await h.db.user.findUniqueOrThrow({ where: { id: teacher.userId } })).displayName).toBe('张敏老师');
    expect(await h.db.guardianLink.count({ where: { childId: xiaojun.id } })).toBe(1);
  });

  it('leaves no row or message holding the parent’s words or name, cancels their calls, and keeps what others wrote to others', async () => {
    const { school, mother, other, teacher, xiaoming, xiaojun } = await seed();
    const keeper = await h.db.user.create({ data: { accounts: onTelegram(5004n), displayName: '李阿姨' } });
    await h.db.membership.create({ data: { userId: keeper.id, role: 'KEEPER', schoolId: school.id } });
    const words = ['妈妈在深圳很想你', 'voice-mama-1', '春节我一定回家', 'voice-checkin-1', '小明最近睡得好吗', '他睡得很好请放心', '陈静', '13512345678'];
    const outbox = (key: string, recipientId: number, text: string, status: 'PENDING' | 'SENT' = 'SENT') =>
      h.db.outboxMessage.create({ data: { idempotencyKey: key, recipientId, payload: JSON.stringify({ kind: 'text', text }), status } });

    const letter = await h.db.letter.create({
      data: {
        childId: xiaoming.id,
        authorId: mother.userId,
        direction: 'TO_CHILD',
        status: 'HELD',
        parts: { create: [{ position: 0, kind: 'text', text: '妈妈在深圳很想你' }, { position: 1, kind: 'voice', fileId: 'voice-mama-1' }] },
      },
    });
    await outbox(`letter:${letter.id}:held:user-${teacher.userId}`, teacher.userId, '陈静写给王小明的信被暂缓了');
    const checkIn = await h.db.checkIn.create({
      data: { userId: mother.userId, childId: xiaoming.id, month: '2026-11', sentAt: new Date('2026-11-01T01:00:00Z'), answeredAt: new Date('2026-11-02T01:00:00Z'), message: '春节我一定回家', voiceFileId: 'voice-checkin-1' },
    });
    await outbox(`check-in:${checkIn.id}:message:user-${teacher.userId}`, teacher.userId, '陈静留言：春节我一定回家', 'PENDING');
    const question = await h.db.familyMessage.create({ data: { childId: xiaoming.id, fromUserId: mother.userId, text: '小明最近睡得好吗' } });
    await outbox(`family-message:${question.id}:user-${teacher.userId}`, teacher.userId, '陈静：小明最近睡得好吗');
    const reply = await h.db.familyMessage.create({ data: { childId: xiaoming.id, fromUserId: teacher.userId, toUserId: mother.userId, text: '他睡得很好请放心' } });
    await outbox(`family-message:${reply.id}:user-${mother.userId}`, mother.userId, '他睡得很好请放心');
    await h.db.familyMessage.create({ data: { childId: xiaojun.id, fromUserId: teacher.userId, toUserId: other.userId, text: '刘小军这周很努力' } });
    const slot = new Date('2026-12-05T02:00:00Z');
    const booking = await h.db.callBooking.create({ data: { schoolId: school.id, childId: xiaoming.id, parentId: mother.userId, slotStart: slot, activeSlot: slot } });
    await outbox(`call-reminder:${booking.id}:${keeper.id}`, keeper.id, '10:00 陈静和王小明通话', 'PENDING');
    const note = await h.db.weeklyNote.create({ data: { childId: xiaoming.id, week: '2026-W48', status: 'SENT' } });
    await h.db.weeklyNoteRecipient.create({ data: { noteId: note.id, userId: mother.userId, acknowledgedAt: new Date('2026-11-30T03:00:00Z') } });
    await outbox(`unreachable:${mother.userId}:${teacher.userId}`, teacher.userId, '陈静（王小明）收不到消息了');
    await outbox('letterbox:arrived:2026-11-30:user-keeper', keeper.id, '新信件：陈静写给王小明');
    await h.db.conversationState.create({ data: { key: '5001', value: JSON.stringify({ log: ['妈妈在深圳很想你'] }) } });
    await h.db.inviteFailure.create({ data: { userId: mother.userId } });

    const before = await privacy.myData(mother);
    expect([before.letters.length, before.checkIns.length, before.messages.length, before.calls.length, before.weeklyNotes.length]).toEqual([1, 1, 2, 1, 1]);
    expect(before.letters[0]?.parts).toEqual([{ kind: 'text', text: '妈妈在深圳很想你', fileId: null }, { kind: 'voice', text: null, fileId: 'voice-mama-1' }]);
    expect(before.messages.map((m) => [m.direction, m.text])).toEqual([['fromYou', '小明最近睡得好吗'], ['toYou', '他睡得很好请放心']]);
    expect(before.checkIns[0]).toMatchObject({ month: '2026-11', message: '春节我一定回家' });
    const csv = (await privacy.exportMyData(mother, 'csv')).body.toString('utf8');
    for (const row of ['letter 1,parts.0.text,妈妈在深圳很想你', 'check-in 1,message,春节我一定回家', 'message 2,direction,toYou', 'call 1,status,BOOKED', 'weekly note 1,week,2026-W48']) {
      expect(csv).toContain(row);
    }

    expect(await privacy.deleteMyData(mother)).toEqual({
      guardianLinks: 1,
      letters: 1,
      checkIns: 1,
      familyMessages: 2,
      callBookings: 1,
      noteCopies: 1,
      outboxMessages: 2,
      copiesToOthers: 6,
      profileCleared: true,
    });

    const stored = await everythingStored(h.db);
    for (const word of words) expect(stored, word).not.toContain(word);
    expect(stored).toContain('刘小军这周很努力');
    expect(await h.db.callBooking.count({ where: { activeSlot: { not: null } } })).toBe(0);
    expect(await h.db.weeklyNote.count()).toBe(1);
    expect(await h.db.outboxMessage.count({ where: { recipientId: keeper.id, status: 'PENDING' } })).toBe(0);
    expect(await h.db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: 'letterbox:arrived:2026-11-30:user-keeper' } })).toMatchObject({ payload: '' });
    expect(await privacy.myData(mother)).toMatchObject({ children: [], letters: [], checkIns: [], messages: [], calls: [], weeklyNotes: [], log: [{ action: 'mydata.exported' }, { action: 'mydata.deleted' }] });
  });
});
