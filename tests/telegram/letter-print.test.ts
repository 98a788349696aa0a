import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../helpers/harness.js';
import { readPdf } from '../helpers/pdf.js';
import { onTelegram } from '../helpers/accounts.js';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(() => h.close());

const WRITTEN = '妈妈想你了，要好好吃饭，按时睡觉。';

/** A school with a keeper, a left-behind child, the child's mother, and a letter from her waiting. */
async function schoolWithLetter() {
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const other = await h.db.school.create({ data: { name: '山外中学', timezone: 'Asia/Shanghai' } });
  const person = (telegramId: number, displayName: string) => h.db.user.create({ data: { accounts: onTelegram(telegramId), displayName, languageCode: 'zh-CN' } });
  const keeper = await person(6001, '赵老师');
  await h.db.membership.create({ data: { userId: keeper.id, role: 'KEEPER', schoolId: school.id } });
  const otherKeeper = await person(6002, '钱老师');
  await h.db.membership.create({ data: { userId: otherKeeper.id, role: 'KEEPER', schoolId: other.id } });
  const child = await h.db.child.create({ data: { name: '王小明', schoolId: school.id, parentsAway: 'BOTH' } });
  const mother = await person(6003, '李芳');
  await h.db.guardianLink.create({ data: { userId: mother.id, childId: child.id, role: 'PARENT', relation: 'MOTHER', consentedAt: new Date(h.now) } });
  h.telegram.addFile('photo-home', await QRCode.toBuffer('home', { width: 200 }), 'photo.png');
  const letter = await h.db.letter.create({
    data: {
      childId: child.id,
      authorId: mother.id,
      direction: 'TO_CHILD',
      status: 'WAITING',
      createdAt: new Date(h.now),
      parts: {
        create: [
          { position: 0, kind: 'text', text: WRITTEN },
          { position: 1, kind: 'photo', fileId: 'photo-home' },
          { position: 2, kind: 'photo', fileId: 'photo-gone' },
          { position: 3, kind: 'voice', fileId: 'voice-1' },
        ],
      },
    },
  });
  return { letter, keeper: h.user('赵老师', 6001, 'zh-CN'), otherKeeper: h.user('钱老师', 6002, 'zh-CN'), mother: h.user('李芳', 6003, 'zh-CN') };
}

describe('printing letters', () => {
  it('gives a keeper who presses "print" the letter as a PDF with its Chinese text, and refuses others', async () => {
    const { letter, keeper, otherKeeper, mother } = await schoolWithLetter();

    const replies = await keeper.pressData(`letter:print:${letter.id}`);
    expect(replies.map((r) => [r.method, r.text])).toEqual([
      ['answerCallbackQuery', '正在生成打印文件……'],
      ['sendDocument', '给王小明的信，可以直接打印。'],
    ]);
    expect(h.callsOf('sendDocument')[0]?.payload.document).toMatchObject({ filename: 'letter-王小明-2026-12-01.pdf' });
    const upload = h.telegram.uploads.at(-1)!;
    expect(upload.filename).toBe('letter-王小明-2026-12-01.pdf');
    const [text] = (await readPdf(upload.content)).texts;
    expect(text!.split('\n')).toContain(WRITTEN);
    expect(text).toContain('♪ 这封信还有一段语音留言');
    expect(text!.match(/这里有一张照片，但没能取到/g)).toHaveLength(1);

    for (const stranger of [mother, otherKeeper]) {
      const [refused, ...rest] = await stranger.pressData(`letter:print:${letter.id}`);
      expect(refused).toMatchObject({ method: 'answerCallbackQuery', text: '抱歉，您不能对这个孩子或学校进行这项操作。' });
      expect(rest).toEqual([]);
    }
    const [missing] = await keeper.pressData('letter:print:999999');
    expect(missing?.text).toBe('抱歉，您不能对这个孩子或学校进行这项操作。');
    expect(h.callsOf('sendDocument')).toHaveLength(1);
    expect(await h.db.auditLog.count({ where: { action: 'access.refused', entity: 'Letter' } })).toBe(3);
    expect(h.logs.join('\n')).not.toMatch(/王小明|李芳|妈妈想你/);
  });

  it('/print sends a keeper the waiting letters, of one day when asked, and only keepers and admins may', async () => {
    const { keeper, mother } = await schoolWithLetter();

    const [all] = await keeper.send('/print');
    expect(all).toMatchObject({ method: 'sendDocument', text: '1 封等待中的信，可以直接打印。' });
    expect(h.telegram.uploads.at(-1)?.filename).toBe('letters-2026-12-01.pdf');

    const [ofDay] = await keeper.send('/print 2026-12-01');
    expect(ofDay?.method).toBe('sendDocument');
    expect((await keeper.send('/print 2026-11-30'))[0]?.text).toBe('2026-11-30 到的信中，没有还在等待的。');
    expect((await keeper.send('/print 2026-02-30'))[0]?.text).toBe('请这样写日期：/print 2026-12-01（只发 /print 则打印所有等待中的信）。');
    expect((await mother.send('/print'))[0]?.text).toBe('只有儿童之家管理员和学校管理员可以打印信件。');

    await h.db.letter.updateMany({ data: { status: 'READ' } });
    expect((await keeper.send('/print'))[0]?.text).toBe('现在没有等待中的信。');
    await expect(h.transcript.toString()).toMatchFileSnapshot('./__transcripts__/letter-print.txt');
  });
});
