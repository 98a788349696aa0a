import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { FakeTelegram, TEST_TOKEN, type ApiCall } from './helpers/fake-telegram.js';
import { callbackQuery, photoMessage, telegramUser, textMessage, type UpdateBody } from './helpers/updates.js';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const STEP_TIMEOUT_MS = 10_000;

let workdir: string;
let telegram: FakeTelegram;
let databaseUrl: string;

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'jiashu-e2e-'));
  databaseUrl = `file:${path.join(workdir, 'data', 'jiashu.db')}`;
  telegram = await new FakeTelegram().start();
});
afterAll(async () => {
  await telegram.stop();
  await rm(workdir, { recursive: true, force: true });
});

/** The environment of the operator's commands and the bot: this test's database and fake Telegram. */
function botEnv(): NodeJS.ProcessEnv {
  const { BOT_TOKEN: _token, DATABASE_URL: _url, TELEGRAM_API_ROOT: _root, ...inherited } = process.env;
  return { ...inherited, BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: telegram.url, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' };
}

function textOf(call: ApiCall): string {
  return String(call.payload.text ?? call.payload.caption ?? '');
}

function inviteCodeIn(text: string): string {
  const match = /https:\/\/t\.me\/jiashu_test_bot\?start=([2-9A-Z]{12})/.exec(text);
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1]!;
}

/** Pushes a user's update over getUpdates and waits for the bot to show them a matching message. */
async function act(user: User, update: UpdateBody, expected: RegExp): Promise<ApiCall> {
  const from = telegram.calls.length;
  telegram.pushUpdate(update);
  return telegram.waitForCall(
    (call) => /^(send|edit)\w+$/.test(call.method) && Number(call.payload.chat_id) === user.id && expected.test(textOf(call)),
    STEP_TIMEOUT_MS,
    from,
  );
}

const say = (user: User, text: string, expected: RegExp) => act(user, textMessage(user, text), expected);

/** Presses the button with this label once the bot shows it, on the message that carries it. */
async function press(user: User, label: string, expected: RegExp): Promise<ApiCall> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const message = telegram.lastMessageWithButtons(user.id);
    const button = message?.keyboard?.inline_keyboard.flat().find((b) => b.text === label);
    if (message && button && 'callback_data' in button) {
      return act(user, callbackQuery(user, button.callback_data, message.messageId), expected);
    }
    if (Date.now() > deadline) throw new Error(`${user.first_name} sees no button "${label}"`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the bot process from end to end', () => {
  it('sets up a school, takes a photo update and a letter over getUpdates, and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const created = await run(process.execPath, [tsx, 'src/cli/create-school.ts', '--name', '希望中学', '--timezone', 'Asia/Shanghai'], {
      cwd: projectRoot,
      env: botEnv(),
      timeout: 15_000,
    });
    expect(created.stdout).toContain('Created school "希望中学" (Asia/Shanghai).');

    const child = spawn('npm', ['start', '--silent', '--ignore-scripts'], { cwd: projectRoot, env: botEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = exitOf(child);
    const admin = telegramUser(8101, '张校长', 'zh-CN');
    const teacher = telegramUser(8102, '刘老师', 'zh-CN');
    const keeper = telegramUser(8103, '张阿姨', 'zh-CN');
    const mother = telegramUser(8104, '陈静', 'zh-hans');
    const db = await openDatabase(databaseUrl);
    try {
      await telegram.waitForCall((call) => call.method === 'getUpdates', 30_000);

      await say(admin, `/start ${inviteCodeIn(created.stdout)}`, /以学校管理员身份加入希望中学/);
      await press(admin, '我同意', /您现在是希望中学的学校管理员/);
      await say(admin, '/classes', /还没有班级/);
      await press(admin, '+ 新建班级', /班级叫什么名字/);
      await say(admin, '七年级二班', /已创建班级：七年级二班/);

      await say(admin, '/invite', /您想邀请谁/);
      await press(admin, '老师', /教哪个班/);
      await press(admin, '七年级二班', /班主任还是任课老师/);
      const teacherInvite = await press(admin, '班主任', /邀请链接/);
      await say(teacher, `/start ${inviteCodeIn(textOf(teacherInvite))}`, /以老师身份加入希望中学/);
      await press(teacher, '我同意', /您现在是希望中学的老师/);

      await say(admin, '/invite', /您想邀请谁/);
      const keeperInvite = await press(admin, '儿童之家管理员', /邀请链接/);
      await say(keeper, `/start ${inviteCodeIn(textOf(keeperInvite))}`, /加入希望中学/);
      await press(keeper, '我同意', /您现在是希望中学的/);

      const school = await db.school.findFirstOrThrow({ include: { classes: true } });
      await db.child.create({ data: { schoolId: school.id, classId: school.classes[0]!.id, name: '李小明', parentsAway: 'BOTH' } });
      await say(teacher, '/children', /./);
      await press(teacher, '李小明 · 七年级二班', /李小明（七年级二班）/);
      await press(teacher, '邀请家人', /./);
      const familyInvite = await press(teacher, '妈妈', /邀请链接/);
      await say(mother, `/start ${inviteCodeIn(textOf(familyInvite))}`, /以李小明的妈妈身份/);
      await press(mother, '我同意', /以后老师关于李小明的消息会发到这里/);

      await act(teacher, photoMessage(teacher, 'photo-e2e-quiz', '数学小测验得了满分'), /这条是关于哪个孩子的/);
      await press(teacher, '李小明', /李小明：这条属于哪一类/);
      await press(teacher, '学习', /要保存吗/);
      await press(teacher, '保存', /已保存到李小明的成长记录（学习）/);

      await say(mother, '/letter', /给李小明的信/);
      await say(mother, '小明，妈妈在广州一切都好，过年就回家。', /您给李小明的信（1\/10 段/);
      await press(mother, '✉ 发送', /✓ 已发送/);

      const inbox = await say(keeper, '/inbox', /信箱：1 封信/);
      expect(textOf(inbox)).toContain('李小明：1 封');
      expect(telegram.lastMessageWithButtons(keeper.id)?.keyboard?.inline_keyboard.flat().map((b) => b.text)).toEqual([
        expect.stringMatching(/^李小明 · 陈静（妈妈） · /),
        '✏ 记录孩子的信',
      ]);

      const stopAt = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(5_000);

      const update = await db.growthUpdate.findFirstOrThrow({ include: { media: true, children: true } });
      expect(update).toMatchObject({ category: 'STUDY', text: '数学小测验得了满分', children: [expect.objectContaining({ childId: expect.any(Number) })], media: [expect.objectContaining({ fileId: 'photo-e2e-quiz' })] });
      const letter = await db.letter.findFirstOrThrow({ include: { parts: true } });
      expect(letter).toMatchObject({ status: 'WAITING', parts: [expect.objectContaining({ kind: 'text', text: '小明，妈妈在广州一切都好，过年就回家。' })] });
      expect(output).not.toMatch(/妈妈在广州|数学小测验|陈静|刘老师/);
    } finally {
      child.kill('SIGKILL');
      await db.$disconnect();
    }
  });
});
