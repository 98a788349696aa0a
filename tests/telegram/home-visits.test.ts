import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeHomeVisits } from '../../src/jobs/home-visits.js';
import { Harness, type BotReply } from '../helpers/harness.js';
import { seedSchool } from '../helpers/seed.js';

let h: Harness;
const ids: Record<string, number> = {};
const lastReply = (replies: BotReply[]) => replies.filter((r) => r.method !== 'answerCallbackQuery').at(-1);
const lastText = (replies: BotReply[]) => lastReply(replies)?.text;

/** Runs the notice job as the scheduler tick would at `at`. */
async function runJob(at: string): Promise<void> {
  h.transcript.note(`the scheduler runs at ${at}`);
  h.now = Date.parse(at);
  await noticeHomeVisits(h.jobDeps(), new Date(at));
}

beforeAll(async () => {
  h = await Harness.create();
  const s = await seedSchool(h.db, { ids });
  await s.user('paired', 8702n, '赵老师', 'zh-CN');
  await s.user('grandma', 8703n, '李奶奶', 'zh-CN');
  await s.user('grandpa', 8704n, 'Grandpa Li', 'en');
  await s.user('mother', 8705n, '陈静', 'zh-CN');
  await s.member('paired', 'TEACHER');
  await s.child('xiaoming', '李小明');
  await s.child('fang', '王芳');
  await s.pair('paired', 'xiaoming');
  await s.pair('paired', 'fang');
  await s.link('grandma', 'xiaoming', 'GRANDPARENT');
  await s.link('grandpa', 'xiaoming', 'GRANDPARENT');
  await s.link('mother', 'xiaoming', 'MOTHER');
  h.user('李奶奶', 8703, 'zh-CN');
  h.user('Grandpa Li', 8704, 'en');
  h.user('陈静', 8705, 'zh-CN');
});
afterAll(() => h.close());

describe('home visits planned ahead', () => {
  it('the paired teacher plans a visit; the grandparents at home are told the day before and answer in one tap', async () => {
    const teacher = h.user('赵老师', 8702, 'zh-CN');
    await teacher.send('/log');
    await teacher.press('李小明');
    const days = await teacher.press('📅 预约家访');
    expect(lastReply(days)).toMatchObject({
      text: '李小明：哪天去家访？',
      buttons: [['12月2日周三', '12月3日周四'], ['12月4日周五', '12月5日周六'], ['12月6日周日', '12月7日周一']],
    });
    expect(lastReply(await teacher.press('12月3日周四'))).toMatchObject({ text: '李小明 · 12月3日周四：什么时候去？', buttons: [['上午', '下午', '晚上']] });
    expect(lastText(await teacher.press('下午'))).toBe('已约好：12月3日周四下午去李小明家家访。前一天会告诉在家的监护人，对方可以回复“方便”或“换个时间”。');
    const visit = await h.db.plannedVisit.findFirstOrThrow({ where: { childId: ids.xiaoming! } });
    expect(visit).toMatchObject({ teacherId: ids.paired!, plannedFor: new Date('2026-12-03T06:00:00Z'), noticeQueuedAt: null, cancelledAt: null });

    // Nothing before 10:00 the day before; then one notice to each grandparent, however often the job runs; none to the mother.
    await runJob('2026-12-02T01:59:00Z');
    expect(await h.db.outboxMessage.count()).toBe(0);
    await runJob('2026-12-02T02:00:00Z');
    await runJob('2026-12-02T02:01:00Z');
    const notices = await h.deliverOutbox();
    expect(notices.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [8703, '赵老师（李小明的结对老师）想在12月3日周四下午来家里看看李小明。您方便吗？'],
      [8704, "赵老师, 李小明's paired teacher, would like to visit you at home on Thu 12/3, afternoon. Does that suit you?"],
    ]);
    expect((await h.db.plannedVisit.findUniqueOrThrow({ where: { id: visit.id } })).noticeQueuedAt).toEqual(new Date('2026-12-02T02:00:00Z'));

    // The grandmother says it suits her; the teacher hears it.
    const grandma = h.user('李奶奶', 8703, 'zh-CN');
    expect(lastText(await grandma.press('方便'))).toBe('好的，已经告诉赵老师您方便。');
    const told = await h.deliverOutbox();
    expect(told.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([[8702, '李奶奶（李小明的祖辈）回复：12月3日周四下午的家访，方便。']]);

    // A parent cannot answer for the home; the grandfather asks for another time, which calls the visit off.
    const mother = h.user('陈静', 8705, 'zh-CN');
    expect((await mother.pressData(`pv:ok:${visit.id}`))[0]).toMatchObject({ text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
    const grandpa = h.user('Grandpa Li', 8704, 'en');
    expect(lastText(await grandpa.press('Another time'))).toBe('Thank you. 赵老师 knows to find another time and will get in touch.');
    expect((await h.db.plannedVisit.findUniqueOrThrow({ where: { id: visit.id } })).cancelledAt).toEqual(new Date(h.now));
    const moved = await h.deliverOutbox();
    expect(moved.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([
      [8702, 'Grandpa Li（李小明的祖辈）说12月3日周四下午不方便，想换个时间。这次家访已取消，请用 /log 重新约。'],
    ]);
    expect((await grandma.pressData(`pv:ok:${visit.id}`))[0]).toMatchObject({ text: '这次家访已经取消或已经过去了。' });
  });

  it('with no guardian at home joined, the teacher is told to call instead', async () => {
    const teacher = h.user('赵老师', 8702, 'zh-CN');
    await teacher.send('/log');
    await teacher.press('王芳');
    await teacher.press('📅 预约家访');
    await teacher.press('12月4日周五');
    expect(lastText(await teacher.press('晚上'))).toBe('已约好：12月4日周五晚上去王芳家家访。在家的监护人还没有加入，没法提前告诉他们，请打个电话约一下。');
    await runJob('2026-12-03T12:00:00Z');
    expect(await h.deliverOutbox()).toHaveLength(0);

    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/home-visits.txt');
  });
});

describe('home visits planned ahead, in English', () => {
  let en: Harness;
  const enIds: Record<string, number> = {};
  beforeAll(async () => {
    en = await Harness.create();
    const school = await seedSchool(en.db, { ids: enIds });
    await school.user('teacher', 8711n, 'Ms Wang', 'en');
    await school.user('grandma', 8712n, '李奶奶', 'zh-CN');
    await school.member('teacher', 'TEACHER', { classTeacher: true });
    await school.child('xiaoming', '李小明');
    await school.link('grandma', 'xiaoming', 'GRANDPARENT');
    en.user('李奶奶', 8712, 'zh-CN');
  });
  afterAll(() => en.close());

  it('an English-speaking teacher plans a morning visit; the grandmother reads the notice in Chinese and the teacher her answer in English', async () => {
    const teacher = en.user('Ms Wang', 8711, 'en');
    await teacher.send('/log');
    await teacher.press('李小明');
    await teacher.press('📅 Plan a home visit');
    await teacher.press('Wed 12/2');
    expect(lastText(await teacher.press('morning'))).toBe(
      "Planned: a home visit to 李小明's family on Wed 12/2, morning. The guardian at home is told the day before and can answer that it suits them or ask for another time.",
    );
    // Planned after 10:00 the day before: the notice goes at once.
    en.now = Date.parse('2026-12-01T02:01:00Z');
    await noticeHomeVisits(en.jobDeps(), new Date(en.now));
    const notice = await en.deliverOutbox();
    expect(notice.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([[8712, 'Ms Wang（李小明的结对老师）想在12月2日周三上午来家里看看李小明。您方便吗？']]);
    const grandma = en.user('李奶奶', 8712, 'zh-CN');
    await grandma.press('方便');
    const told = await en.deliverOutbox();
    expect(told.map((call) => [call.payload.chat_id, call.payload.text])).toEqual([[8711, '李奶奶 (grandparent of 李小明): the home visit on Wed 12/2, morning suits them.']]);

    await expect(en.transcript.toString()).toMatchFileSnapshot('./__transcripts__/home-visits.en.txt');
  });
});
