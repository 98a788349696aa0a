import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { OutgoingMessage } from '../../src/delivery/message.js';
import { Harness, type BotReply, type TestUser } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';
import { photoMessage } from '../helpers/updates.js';
import { withTelegram } from '../helpers/accounts.js';

let h: Harness;
const ids: Record<string, number> = {};
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  ids.classA = s.classId;
  ids.classB = (await h.db.class.create({ data: { schoolId: s.schoolId, name: '八年级一班' } })).id;
  await s.user('liu', 8101, '刘老师', 'zh-CN');
  await s.user('zhao', 8102, '赵老师', 'zh-CN');
  await s.user('wang', 8103, '王老师', 'zh-CN');
  await s.user('mother', 8201, '李妈妈', 'zh-hans');
  await s.user('father', 8202, 'Li Wei', 'en');
  await s.member('liu', 'TEACHER', { classTeacher: true });
  await s.member('zhao', 'TEACHER', { classId: ids.classA });
  await s.member('wang', 'TEACHER', { classId: ids.classB, classTeacher: true });
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.child('wei', '张伟');
  await s.child('jingyi', '陈静怡', { classId: ids.classB });
  await s.pair('zhao', 'xiaoming');
  await s.link('mother', 'xiaoming', 'MOTHER');
  await s.link('father', 'xiaoming', 'FATHER');
});
afterAll(() => h.close());

const lastText = (replies: BotReply[]) => replies.at(-1)?.text;
const teacher = () => h.user('刘老师', 8101, 'zh-CN');

/** Presses buttons one after another, counting the taps. */
async function tapThrough(user: TestUser, labels: string[]): Promise<{ taps: number; last: BotReply[] }> {
  let last: BotReply[] = [];
  for (const label of labels) last = await user.press(label);
  return { taps: labels.length, last };
}

/** Photos sent together: Telegram delivers each as its own update, sharing a media_group_id. */
async function sendAlbum(user: TestUser, fileIds: string[], caption: string): Promise<BotReply[]> {
  const replies: BotReply[] = [];
  for (const [index, fileId] of fileIds.entries()) {
    const update = photoMessage(user.from, fileId, index === 0 ? caption : undefined);
    Object.assign(update.message!, { media_group_id: 'album-1' });
    h.transcript.user(user.name, `(photo ${index + 1} of an album${index === 0 ? `: ${caption}` : ''})`);
    replies.push(...(await h.deliver(update, user)));
  }
  return replies;
}

/** Sends a person's queued outbox messages the way the outbox worker would, so their buttons can be pressed. */
async function deliverOutbox(user: TestUser): Promise<{ message: OutgoingMessage; messageId: number }[]> {
  const rows = await h.db.outboxMessage.findMany({ where: { recipient: withTelegram(BigInt(user.id)), status: 'PENDING' }, orderBy: { id: 'asc' } });
  h.transcript.note(`the outbox delivers ${rows.length} message(s) to ${user.name}`);
  const delivered: { message: OutgoingMessage; messageId: number }[] = [];
  for (const row of rows) {
    const message = JSON.parse(row.payload) as OutgoingMessage;
    if (message.kind === 'text') {
      const markup: InlineKeyboardMarkup | undefined = message.buttons && {
        inline_keyboard: message.buttons.map((buttons) => buttons.map((b) => ({ text: b.text, callback_data: b.data }))),
      };
      delivered.push({ message, messageId: (await h.bot.api.sendMessage(user.id, message.text, { reply_markup: markup })).message_id });
      h.transcript.bot('bot: ', message.text, markup);
    } else if (message.kind === 'photo' || message.kind === 'voice') {
      const sent = message.kind === 'photo' ? await h.bot.api.sendPhoto(user.id, message.fileId) : await h.bot.api.sendVoice(user.id, message.fileId);
      delivered.push({ message, messageId: sent.message_id });
      h.transcript.bot(`bot: (${message.kind}) `, message.fileId);
    }
  }
  await h.db.outboxMessage.updateMany({ where: { id: { in: rows.map((row) => row.id) } }, data: { status: 'SENT' } });
  return delivered;
}

describe('quick updates', () => {
  it('a teacher sends a photo, picks a child and a category and saves in three taps; it is in the growth record', async () => {
    const liu = teacher();
    const ask = await liu.sendPhoto('photo-maths', '数学小测验得了满分');
    expect(lastText(ask)).toContain('这条是关于哪个孩子的？');
    expect(ask.at(-1)?.buttons).toEqual([['张伟', '李小明'], ['王芳'], ['全班：七年级二班'], ['✕ 不保存']]);

    const { taps, last } = await tapThrough(liu, ['李小明', '学习', '保存']);
    expect(taps).toBeLessThanOrEqual(3);
    expect(lastText(last)).toBe('已保存到李小明的成长记录（学习）。\n24 小时内可以用 /updates 修改或删除。');

    const update = await h.db.growthUpdate.findFirstOrThrow({ include: { children: true, media: true } });
    expect(update).toMatchObject({ authorId: ids.liu, category: 'STUDY', text: '数学小测验得了满分', concern: false, urgent: false });
    expect(update.children.map((link) => link.childId)).toEqual([ids.xiaoming]);
    expect(update.media.map((m) => [m.kind, m.fileId])).toEqual([['photo', 'photo-maths']]);

    await liu.send('/record');
    const record = await liu.press('李小明 · 七年级二班');
    expect(lastText(record)).toBe('李小明的成长记录（最新的在前）：\n12-01 10:00 · 学习 · 刘老师\n  数学小测验得了满分 📷×1');
  });

  it('an album of three photos becomes one update, and the child written about last comes first', async () => {
    const liu = teacher();
    const before = h.callsOf('sendMessage').length;
    const replies = await sendAlbum(liu, ['album-a', 'album-b', 'album-c'], '运动会');
    expect(h.callsOf('sendMessage').length - before).toBe(1);
    expect(replies.at(-1)?.buttons[0]).toEqual(['李小明', '张伟']);
    await tapThrough(liu, ['李小明', '活动', '保存']);
    const updates = await h.db.growthUpdate.findMany({ where: { text: '运动会' }, include: { media: { orderBy: { position: 'asc' } } } });
    expect(updates).toHaveLength(1);
    expect(updates[0]!.media.map((m) => m.fileId)).toEqual(['album-a', 'album-b', 'album-c']);
  });

  it('a text about the whole class goes to every child of the class', async () => {
    const liu = teacher();
    await liu.send('今天全班去植树');
    const { last } = await tapThrough(liu, ['全班：七年级二班', '活动', '保存']);
    expect(lastText(last)).toContain('已保存到七年级二班全班的成长记录（活动）。');
    const update = await h.db.growthUpdate.findFirstOrThrow({ where: { text: '今天全班去植树' }, include: { children: true } });
    expect(update.children.map((link) => link.childId).sort()).toEqual([ids.xiaoming, ids.fang, ids.wei].sort());
  });

  it('a voice note for a child found by typing a name', async () => {
    const liu = teacher();
    await liu.sendVoice('voice-1');
    expect(lastText(await liu.send('小刚'))).toBe('没有找到名字里有“小刚”的孩子。换个名字试试，或者点上面的名字。');
    const found = await liu.send('芳');
    expect(found.at(-1)).toMatchObject({ text: '找到了这些孩子，请点一下：', buttons: [['王芳']] });
    await tapThrough(liu, ['王芳', '情绪', '保存']);
    const update = await h.db.growthUpdate.findFirstOrThrow({ where: { category: 'EMOTIONS' }, include: { children: true, media: true } });
    expect(update.text).toBeNull();
    expect(update.children.map((link) => link.childId)).toEqual([ids.fang]);
    expect(update.media.map((m) => [m.kind, m.fileId])).toEqual([['voice', 'voice-1']]);
  });
});

describe('starting with /update', () => {
  it('asks for the content first; a voice note sent while picking joins the update', async () => {
    const liu = teacher();
    expect(lastText(await liu.send('/update'))).toBe('想记录点什么？请发一段文字、一张或几张照片、一条语音，或者一段视频。');
    expect(lastText(await liu.send('今天张伟帮同学打扫教室'))).toContain('这条是关于哪个孩子的？');
    expect(lastText(await liu.sendVoice('voice-wei'))).toBe('已经加到这条记录里了。请接着点上面的按钮。');
    await tapThrough(liu, ['张伟', '日常表现', '保存']);
    const update = await h.db.growthUpdate.findFirstOrThrow({ where: { text: '今天张伟帮同学打扫教室' }, include: { children: true, media: true } });
    expect(update.children.map((link) => link.childId)).toEqual([ids.wei]);
    expect(update.media.map((m) => m.fileId)).toEqual(['voice-wei']);
  });
});

describe('concerns', () => {
  it('tells each parent in their own language and asks the paired teacher to follow up', async () => {
    const liu = teacher();
    await liu.sendPhoto('photo-sad', '小明这两天不太说话，吃饭也少');
    const { last } = await tapThrough(liu, ['李小明', '健康', '保存，标为需关注']);
    expect(lastText(last)).toBe(
      '已保存到李小明的成长记录（健康）。\n已告诉家长（2 位）。\n已请赵老师跟进。\n24 小时内可以用 /updates 修改或删除。',
    );
    const concern = await h.db.growthUpdate.findFirstOrThrow({ where: { concern: true } });
    expect(concern.urgent).toBe(false);
    const rows = await h.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `concern:${concern.id}:` } }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.idempotencyKey, row.urgent])).toEqual([
      [`concern:${concern.id}:${ids.mother}:text`, false],
      [`concern:${concern.id}:${ids.mother}:photo`, false],
      [`concern:${concern.id}:${ids.father}:text`, false],
      [`concern:${concern.id}:${ids.father}:photo`, false],
      [`concern:${concern.id}:${ids.zhao}:follow-up-${ids.xiaoming}`, false],
    ]);

    const [motherText, motherPhoto] = (await deliverOutbox(h.user('李妈妈', 8201, 'zh-hans'))).map((each) => each.message);
    expect(motherText).toMatchObject({ kind: 'text', text: expect.stringContaining('刘老师想请您留意李小明的情况（健康）：') });
    // The worried mother can answer at once: the teacher, or a letter to her son.
    expect(motherText).toMatchObject({ buttons: [[{ text: '✉ 回复老师', data: `wn:ans:${ids.xiaoming}` }, { text: '✉ 给李小明写信', data: `letter:write:${ids.xiaoming}` }]] });
    expect(motherPhoto).toEqual({ kind: 'photo', fileId: 'photo-sad' });
    const [fatherText] = (await deliverOutbox(h.user('Li Wei', 8202, 'en'))).map((each) => each.message);
    expect(fatherText).toMatchObject({ kind: 'text', text: expect.stringContaining('刘老师 would like you to know about 李小明 (Health):') });
  });

  it('the paired teacher presses "called the parents": the follow-up is logged, with a note', async () => {
    const zhao = h.user('赵老师', 8102, 'zh-CN');
    const [request] = await deliverOutbox(zhao);
    const logged = await zhao.press('已给家长打电话');
    expect(lastText(logged)).toContain('已记录：已给家长打电话。');
    expect(lastText(await zhao.send('妈妈说周末回来看他'))).toBe('说明已保存。');
    const followUp = await h.db.concernFollowUp.findFirstOrThrow();
    expect(followUp).toMatchObject({ teacherId: ids.zhao, childId: ids.xiaoming, kind: 'CALL', note: '妈妈说周末回来看他' });
    const again = await zhao.pressData(`qu:f:${followUp.updateId}:${ids.fang}:VISIT`);
    expect(again.at(-1)).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });

    await zhao.pressData(`qu:f:${followUp.updateId}:${ids.xiaoming}:TALK`, request!.messageId);
    const photoInstead = await zhao.sendPhoto('photo-talk');
    expect(lastText(photoInstead)).toContain('这条是关于哪个孩子的？');
    expect(await h.db.concernFollowUp.findMany({ where: { kind: 'TALK' }, select: { note: true } })).toEqual([{ note: null }]);
    await zhao.send('/cancel');
  });

  it('an urgent concern is queued as urgent; a child without a paired teacher goes to the class teacher', async () => {
    const liu = teacher();
    await liu.send('王芳发烧了，已经送去卫生院');
    const { last } = await tapThrough(liu, ['王芳', '健康', '保存，紧急关注']);
    expect(lastText(last)).toContain('还没有家长加入，所以没有通知家长。\n已请刘老师跟进。');
    const concern = await h.db.growthUpdate.findFirstOrThrow({ where: { urgent: true } });
    const rows = await h.db.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `concern:${concern.id}:` } } });
    expect(rows.map((row) => [row.recipientId, row.urgent])).toEqual([[ids.liu, true]]);
  });
});

describe('changing one\'s own updates', () => {
  it('edits and deletes within 24 hours, and is refused after', async () => {
    const liu = teacher();
    const list = await liu.send('/updates');
    expect(lastText(list)).toMatch(/^您最近 24 小时的记录（还可以修改）：\n1\. 12-01 10:00 王芳 · 健康：⚠ 王芳发烧了/);
    await liu.press('修改 2');
    await liu.press('文字');
    expect(lastText(await liu.send('小明这两天话少，饭量也小'))).toBe('已修改。已经发给家长的那条消息不会跟着改。');
    const concern = await h.db.growthUpdate.findFirstOrThrow({ where: { concern: true, urgent: false } });
    expect(concern.text).toBe('小明这两天话少，饭量也小');
    expect(concern.editedAt).not.toBeNull();

    await liu.send('/updates');
    await liu.press('修改 5');
    await liu.press('类别');
    expect(lastText(await liu.press('日常表现'))).toBe('已修改。');
    await liu.send('/updates');
    expect(lastText(await liu.press('删除 5'))).toContain('要从成长记录里删除这条吗？');
    expect(lastText(await liu.press('删除'))).toBe('已删除。');
    const deleted = await h.db.growthUpdate.findFirstOrThrow({ where: { text: '今天全班去植树' } });
    expect(deleted).toMatchObject({ category: 'BEHAVIOUR' });
    expect(deleted.deletedAt).not.toBeNull();

    await liu.send('/updates');
    h.advance(25 * HOUR);
    h.transcript.note('25 hours later');
    const late = await liu.press('修改 1');
    expect(late.at(-1)).toMatchObject({ method: 'answerCallbackQuery', text: '发出超过 24 小时的记录不能再修改或删除了。' });
    const lateDelete = await liu.press('删除 1');
    expect(lateDelete.at(-1)?.text).toBe('发出超过 24 小时的记录不能再修改或删除了。');
    expect(await h.db.growthUpdate.count({ where: { deletedAt: { not: null } } })).toBe(1);
    expect(lastText(await liu.send('/updates'))).toContain('最近 24 小时您没有发过记录。');
  });
});

describe('who may post', () => {
  it('a teacher who changes their mind presses "don\'t save" at the child picker, and nothing is saved', async () => {
    const liu = teacher();
    const before = await h.db.growthUpdate.count();
    const ask = await liu.sendPhoto('photo-blurry', '拍糊了');
    expect(lastText(ask)).not.toContain('/cancel');
    const dropped = await liu.press('✕ 不保存');
    expect(dropped.find((r) => r.method === 'editMessageText')).toMatchObject({ text: '好的，没有保存。', buttons: [] });
    expect(await h.db.growthUpdate.count()).toBe(before);
    expect(await h.db.updateMedia.count({ where: { fileId: 'photo-blurry' } })).toBe(0);
    expect(lastText(await liu.send('/cancel'))).toBe('现在没有需要停止的操作。');
  });

  it('a teacher cannot post about a child outside their scope with forged buttons, and nothing is saved', async () => {
    const wang = h.user('王老师', 8103, 'zh-CN');
    const ask = await wang.send('这孩子今天很棒');
    expect(ask.at(-1)?.buttons).toEqual([['陈静怡'], ['全班：八年级一班'], ['✕ 不保存']]);
    const forgedChild = await wang.pressData(`qu:c:${ids.xiaoming}`);
    expect(forgedChild.at(-1)).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
    const forgedClass = await wang.pressData(`qu:k:${ids.classA}`);
    expect(forgedClass.at(-1)?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    expect(lastText(await wang.send('/cancel'))).toBe('已停止，没有保存任何内容。');
    expect(await h.db.growthUpdate.count({ where: { authorId: ids.wang } })).toBe(0);

    const someoneElses = await h.db.growthUpdate.findFirstOrThrow({ where: { authorId: ids.liu, deletedAt: null } });
    const forgedDelete = await wang.pressData(`qu:dy:${someoneElses.id}`);
    expect(forgedDelete.at(-1)?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    expect((await h.db.growthUpdate.findUniqueOrThrow({ where: { id: someoneElses.id } })).deletedAt).toBeNull();
  });

  it('a parent\'s plain text, voice notes and photos are kept for one tap (a letter or the teacher), never taken as an update; /update is for teachers', async () => {
    const mother = h.user('李妈妈', 8201, 'zh-hans');
    const keptButtons = [['给小明'], ['给老师（赵老师）']];
    const [text] = await mother.send('老师好，小明最近怎么样？');
    expect(text).toMatchObject({ text: '收到了您的留言。要发给谁？点一下就行，不用再发一遍。', buttons: keptButtons });
    const [voice] = await mother.sendVoice('family-voice');
    expect(voice).toMatchObject({ text: '收到了您的 2 条消息（留言、语音）。要发给谁？点一下，这几条会一起发出，不用再发一遍。', buttons: keptButtons });
    expect(lastText(await mother.sendPhoto('family-photo'))).toBe('收到了您的 3 条消息（留言、语音、照片）。要发给谁？点一下，这几条会一起发出，不用再发一遍。');
    expect(lastText(await mother.send('/update'))).toBe('只有老师可以给孩子写成长记录。');
    expect(await h.db.growthUpdate.count({ where: { authorId: ids.mother } })).toBe(0);
    expect(await h.db.keptMessage.count({ where: { userId: ids.mother } })).toBe(3);

    await mother.send('/start');
    expect(lastText(await mother.press('✉ 回复老师'))).toBe('请写下或说出（发语音）您想对李小明的老师说的话：');
    expect(lastText(await mother.send('/cancel'))).toBe('已停止，没有保存任何内容。');
    await mother.send('/start');
    expect(lastText(await mother.press('✉ 给李小明写信'))).toContain('✉ 给李小明的信。');
    expect(lastText(await mother.send('/cancel'))).toBe('已停止，没有保存任何内容。');
    expect(await h.db.letter.count({ where: { authorId: ids.mother } })).toBe(0);

    await h.db.guardianLink.create({ data: { userId: ids.father!, childId: ids.fang!, role: 'PARENT', relation: 'FATHER', consentedAt: new Date() } });
    const father = h.user('Li Wei', 8202, 'en');
    const [twoChildren] = await father.sendVoice('father-voice');
    expect(twoChildren?.buttons).toEqual([['To 小明', 'To 王芳'], ['To the teacher (赵老师)'], ['To the teacher (刘老师)']]);
    await father.send('/start');
    expect(lastText(await father.press('✉ Tell 王芳\'s teacher'))).toContain('王芳');
    expect(lastText(await father.send('/cancel'))).toBe('Stopped. Nothing was saved.');

    const teacherWang = h.user('王老师', 8103, 'zh-CN');
    await teacherWang.send('/cancel');
    expect(lastText(await teacherWang.sendDocument('report-1', 'report.pdf', 'application/pdf', 2048))).toBe('我没有看懂。发送 /help 查看我能做什么。');

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/quick-update.txt');
  });
});
