import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, type BotReply } from '../helpers/harness.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
let ids: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  h = await Harness.create();
  ids = await seed();
});
afterAll(() => h.close());

/** Two families at one school: 陈静 (Chinese) with 王小明, Liu Qiang (English) with 刘小军. */
async function seed() {
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '三年级一班' } });
  const mother = await h.db.user.create({
    data: { accounts: onTelegram(6001n), displayName: '陈静', languageCode: 'zh-hans', createdAt: new Date('2026-11-29T23:30:00Z') },
  });
  const father = await h.db.user.create({
    data: { accounts: onTelegram(6002n), displayName: 'Liu Qiang', languageCode: 'en', createdAt: new Date('2026-11-30T04:00:00Z') },
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
      guardianName: '王奶奶',
      guardianRelation: 'GRANDPARENT',
      guardianPhone: '13812345678',
    },
  });
  const xiaojun = await h.db.child.create({
    data: { schoolId: school.id, classId: klass.id, name: '刘小军', parentsAway: 'FATHER', guardianName: '刘爷爷', guardianPhone: '13900001111' },
  });
  await h.db.guardianLink.create({
    data: { userId: mother.id, childId: xiaoming.id, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date('2026-11-30T01:00:00Z') },
  });
  await h.db.guardianLink.create({
    data: { userId: father.id, childId: xiaojun.id, role: 'PARENT', relation: 'FATHER', consentedAt: new Date('2026-11-30T04:10:00Z') },
  });
  await h.db.outboxMessage.create({ data: { idempotencyKey: 'weekly:6001', recipientId: mother.id, payload: '{"text":"本周小明很好"}' } });
  const teacher = await h.db.user.create({ data: { accounts: onTelegram(6003n), displayName: '张老师' } });
  await h.db.membership.create({ data: { userId: teacher.id, role: 'TEACHER', schoolId: school.id, classId: klass.id, classTeacher: true } });
  await h.db.letter.create({
    data: { childId: xiaoming.id, authorId: mother.id, direction: 'TO_CHILD', status: 'WAITING', parts: { create: [{ position: 0, kind: 'text', text: '小明，妈妈想你' }] } },
  });
  const checkIn = await h.db.checkIn.create({ data: { userId: mother.id, childId: xiaoming.id, month: '2026-11', sentAt: new Date('2026-11-01T01:00:00Z'), message: '过年回家' } });
  const question = await h.db.familyMessage.create({ data: { childId: xiaoming.id, fromUserId: mother.id, text: '小明作业多吗' } });
  await h.db.outboxMessage.create({
    data: { idempotencyKey: `family-message:${question.id}:user-${teacher.id}`, recipientId: teacher.id, payload: '{"kind":"text","text":"陈静：小明作业多吗"}', status: 'SENT' },
  });
  await h.db.familyMessage.create({ data: { childId: xiaoming.id, fromUserId: teacher.id, toUserId: mother.id, text: '不多，请放心' } });
  const slot = new Date('2026-12-06T02:00:00Z');
  await h.db.callBooking.create({ data: { schoolId: school.id, childId: xiaoming.id, parentId: mother.id, slotStart: slot, activeSlot: slot } });
  return { mother: mother.id, father: father.id, xiaoming: xiaoming.id, xiaojun: xiaojun.id, checkIn: checkIn.id };
}

const texts = (replies: BotReply[]) => replies.map((reply) => reply.text ?? '').join('\n');

describe('/mydata for a parent', () => {
  it('shows the parent what is stored about them and their own child, and who sees it', async () => {
    const mother = h.user('陈静', 6001, 'zh-hans');
    const replies = await mother.send('/mydata');
    expect(replies.map((reply) => reply.method)).toEqual(['sendMessage', 'sendMessage', 'sendMessage', 'sendMessage']);
    const [overview, file, records, closing] = replies;
    expect(overview?.text).toContain('名字：陈静');
    expect(overview?.text).toContain('Telegram 编号：6001');
    expect(overview?.text).toContain('您手机上 Telegram 的语言：简体中文');
    expect(overview?.text).toContain('时区：北京时间（学校的）');
    expect(overview?.text).toContain('第一次给我发消息：2026-11-30');
    expect(overview?.text).toContain('这里保存的发给您的消息（待发送或已发送）：1 条');
    expect(file?.text).toContain('您的孩子：王小明');
    expect(file?.text).toContain('生日：2014-03-05');
    expect(file?.text).toContain('联系电话：13812345678');
    expect(records?.text).toBe(
      ['您在这里写下和收到的内容：', '• 您写的信：1 封', '• 每月问候和您的回答：1 次', '• 您和老师之间的留言：2 条', '• 您预约的通话：1 次', '下载的文件里有每一项的完整内容。'].join('\n'),
    );
    expect(closing?.text).toContain('儿童之家管理员');
    expect(closing?.buttons).toEqual([['下载全部信息', '下载表格'], ['删除我的信息']]);
    for (const foreign of ['刘小军', '刘爷爷', '13900001111', 'Liu Qiang']) expect(texts(replies)).not.toContain(foreign);
  });

  it('sends the data as a JSON file and as a CSV file', async () => {
    const mother = h.user('陈静', 6001, 'zh-hans');
    const [answer, json] = await mother.press('下载全部信息');
    expect(answer?.method).toBe('answerCallbackQuery');
    expect(json).toMatchObject({ method: 'sendDocument', text: '这是“家书”现在保存的关于您和孩子的全部信息。' });
    await mother.press('下载表格');
    const documents = h.callsOf('sendDocument').map(({ payload }) => ({ chat: Number(payload.chat_id), document: payload.document }));
    expect(documents).toEqual([
      { chat: 6001, document: { filename: expect.stringMatching(/^jiashu-my-data-\d{4}-\d\d-\d\d\.json$/), size: expect.any(Number) } },
      { chat: 6001, document: { filename: expect.stringMatching(/^jiashu-my-data-\d{4}-\d\d-\d\d\.csv$/), size: expect.any(Number) } },
    ]);
    expect((documents[0]?.document as { size: number }).size).toBeGreaterThan(200);
    expect(await h.db.auditLog.count({ where: { action: 'mydata.exported', actorId: ids.mother } })).toBe(2);
  });

  it('ignores forged buttons that name other people or children', async () => {
    const father = h.user('Liu Qiang', 6002, 'en');
    for (const data of [`mydata:delete:yes:${ids.mother}`, `mydata:json:${ids.mother}`, `mydata:delete:yes ${ids.xiaoming}`]) {
      const [reply] = await father.pressData(data);
      expect(reply).toMatchObject({ method: 'answerCallbackQuery', text: 'This button is no longer valid.' });
    }
    expect(await h.db.guardianLink.count()).toBe(2);
    expect(h.callsOf('sendDocument')).toHaveLength(2);
  });

  it('asks before deleting, and keeps everything on "No"', async () => {
    const mother = h.user('陈静', 6001, 'zh-hans');
    const [, confirm] = await mother.press('删除我的信息');
    expect(confirm?.text).toContain('• 您和王小明的关联');
    expect(confirm?.text).toContain('• 您写的信、每月问候的回答');
    expect(confirm?.buttons).toEqual([['确定删除', '不删了']]);
    const [, kept] = await mother.press('不删了');
    expect(kept).toMatchObject({ method: 'editMessageText', text: '好的，什么都没有删除。', buttons: [] });
    expect(await h.db.guardianLink.count({ where: { userId: ids.mother } })).toBe(1);
  });

  it('deletes the parent’s data on "Yes", and the child’s school record stays', async () => {
    const mother = h.user('陈静', 6001, 'zh-hans');
    const childBefore = await h.db.child.findUniqueOrThrow({ where: { id: ids.xiaoming } });
    await mother.press('删除我的信息');
    const [, done] = await mother.press('确定删除');
    expect(done?.method).toBe('editMessageText');
    expect(done?.text).toContain('• 您和 1 个孩子的关联');
    expect(done?.text).toContain('• 1 条发给您的消息');
    expect(done?.text).toContain('孩子在学校的档案仍然留在学校');
    for (const line of ['• 您写的信：1 封', '• 每月问候和您的回答：1 次', '• 您和老师之间的留言：2 条', '• 您预约的通话：1 次（还没到时间的已经取消', '• 发给学校老师的消息里引用您的话或提到您名字的副本：1 条']) {
      expect(done?.text).toContain(line);
    }
    expect(done?.text).toContain('我还保留您在这里的操作记录');
    expect(await h.db.letter.count({ where: { authorId: ids.mother } })).toBe(0);
    expect(await h.db.checkIn.count({ where: { userId: ids.mother } })).toBe(0);
    expect(await h.db.familyMessage.count({ where: { childId: ids.xiaoming } })).toBe(0);
    expect(await h.db.callBooking.count({ where: { parentId: ids.mother } })).toBe(0);
    expect(await h.db.outboxMessage.count({ where: { payload: { contains: '小明作业多吗' } } })).toBe(0);

    expect(await h.db.guardianLink.count({ where: { userId: ids.mother } })).toBe(0);
    expect(await h.db.child.findUniqueOrThrow({ where: { id: ids.xiaoming } })).toEqual(childBefore);
    expect(await h.db.user.findUniqueOrThrow({ where: { id: ids.mother }, include: { accounts: { select: { externalId: true } } } })).toMatchObject({ accounts: [{ externalId: '6001' }], displayName: '', languageCode: null });
    expect(await h.db.outboxMessage.count({ where: { recipientId: ids.mother } })).toBe(0);
    expect(await h.db.auditLog.count({ where: { action: 'mydata.deleted', actorId: ids.mother } })).toBe(1);
    expect(await h.db.guardianLink.count({ where: { userId: ids.father, childId: ids.xiaojun } })).toBe(1);
    expect(h.logs.join('\n')).not.toMatch(/陈静|王小明|13812345678/);

    await mother.send('/help');
    expect(await h.db.user.findUniqueOrThrow({ where: { id: ids.mother } })).toMatchObject({ displayName: '', erasedAt: expect.any(Date) });
  });

  it('refuses the buttons of old messages once the data is deleted', async () => {
    const mother = h.user('陈静', 6001, 'zh-hans');
    for (const data of [`ci:talk:${ids.checkIn}:DAILY`, `letter:write:${ids.xiaoming}`]) {
      const replies = await mother.pressData(data);
      expect(replies).toEqual([
        expect.objectContaining({ method: 'answerCallbackQuery', text: '您在这里的信息已经删除，这个按钮不能再用了。如果还想在这里关注孩子，请向学校重新要一个邀请。' }),
      ]);
    }
    expect(await h.db.checkIn.count()).toBe(0);
  });

  it('tells someone linked to no child that nothing more is kept, and does not claim the erased name is kept', async () => {
    const mother = h.user('陈静', 6001, 'zh-hans');
    const [reply] = await mother.send('/mydata');
    expect(reply?.text).toBe('我只保存了您的 Telegram 编号，用来认出是您，还有您在这里的操作记录（没有名字，也没有您写的内容）。您没有关联任何孩子，没有别的信息可以查看或删除。');
    expect(reply?.buttons).toEqual([]);

    const newcomer = h.user('周阿姨', 6009, 'zh-hans');
    const [first] = await newcomer.send('/mydata');
    expect(first?.text).toBe('我只保存了您的 Telegram 名字和编号，这样才能回复您。您还没有和任何孩子关联，所以没有别的信息可以查看或删除。');
    expect(first?.buttons).toEqual([]);
  });

  it('lets the erased parent join again through a new invitation, and then answers their buttons', async () => {
    const admin = await h.db.user.create({ data: { accounts: onTelegram(6004n), displayName: '校长' } });
    const school = await h.db.child.findUniqueOrThrow({ where: { id: ids.xiaoming }, select: { schoolId: true } });
    await h.db.membership.create({ data: { userId: admin.id, role: 'ADMIN', schoolId: school.schoolId } });
    const invite = await h.jobDeps().domain.invites.issueInvite({ userId: admin.id }, { role: 'FAMILY', childId: ids.xiaoming, relation: 'MOTHER' });
    const mother = h.user('陈静', 6001, 'zh-hans');
    await mother.send(`/start ${invite.code}`);
    await mother.press('我同意');
    expect(await h.db.user.findUniqueOrThrow({ where: { id: ids.mother } })).toMatchObject({ erasedAt: null });
    expect(await h.db.guardianLink.count({ where: { userId: ids.mother, childId: ids.xiaoming } })).toBe(1);
    expect(texts(await mother.pressData(`letter:write:${ids.xiaoming}`))).toContain('✉ 给王小明的信。');
  });

  it('speaks English to the other family and shows only their child', async () => {
    const father = h.user('Liu Qiang', 6002, 'en');
    const replies = await father.send('/mydata');
    expect(replies[1]?.text).toContain('Your child 刘小军');
    expect(replies[1]?.text).toContain('Working away from home: the father');
    expect(texts(replies)).not.toMatch(/王小明|王奶奶|13812345678/);
  });

  it('writes a transcript of what the users saw', async () => {
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/my-data.txt');
  });
});
