import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from 'grammy';
import type { User } from 'grammy/types';
import type { ApiCall, ChatMessage } from './helpers/fake-telegram.js';
import { Harness } from './helpers/harness.js';
import { Random, randomUpdate, type FuzzKind } from './helpers/fuzz-updates.js';
import { callbackQuery, telegramUser, type UpdateBody } from './helpers/updates.js';
import { onTelegram } from './helpers/accounts.js';
import { supportedLocales } from '../src/i18n/locales.js';

const UPDATES = Number(process.env.FUZZ_UPDATES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Telegram refusals the test injects; the error lines they cause are expected. */
const INJECTED = 'injected by the fuzz test';

/** Family A's data that nobody outside family A and the school's staff may ever be shown. */
const MARKERS = {
  childName: '甲家孩子Qz7',
  guardianPhone: '139-0417-2286',
  letterText: '甲家妈妈的悄悄话 MARKER-LETTER-8841',
};

const privateOnlyTexts = supportedLocales.map(
  (locale) => (JSON.parse(readFileSync(new URL(`../locales/${locale}.json`, import.meta.url), 'utf8')) as { groups: { privateOnly: string } }).groups.privateOnly,
);

let h: Harness;
const realIds: number[] = [];
const staff: Record<'admin' | 'teacher' | 'keeper', User> = {
  admin: telegramUser(8001, '赵校长', 'zh-CN'),
  teacher: telegramUser(8002, 'Ms Liu', 'en'),
  keeper: telegramUser(8003, '张阿姨', 'zh-CN'),
};
const motherA = telegramUser(8101, '甲妈妈', 'zh-CN');
const fatherB = telegramUser(8201, 'Father B', 'en');
const strangers = [telegramUser(8301, 'Stranger', 'fr'), telegramUser(8302, '路人'), telegramUser(8303, '\u202eevil\u200d', 'ar')];
/** The people allowed to see family A's data: family A and the staff of the school. */
const insiders = new Set([motherA.id, ...Object.values(staff).map((u) => u.id)]);

beforeAll(async () => {
  h = await Harness.create();
  h.now = Date.parse('2026-12-02T01:00:00Z');
  const school = await h.db.school.create({ data: { name: '希望中学', timezone: 'Asia/Shanghai' } });
  const klass = await h.db.class.create({ data: { schoolId: school.id, name: '七年级二班' } });
  const userIds: Record<number, number> = {};
  for (const person of [...Object.values(staff), motherA, fatherB]) {
    userIds[person.id] = (await h.db.user.create({ data: { accounts: onTelegram(person.id), displayName: person.first_name, languageCode: person.language_code } })).id;
  }
  const member = (person: User, role: 'ADMIN' | 'KEEPER' | 'TEACHER', classId: number | null = null) =>
    h.db.membership.create({ data: { userId: userIds[person.id]!, role, schoolId: school.id, classId, classTeacher: role === 'TEACHER' } });
  await member(staff.admin, 'ADMIN');
  await member(staff.keeper, 'KEEPER');
  await member(staff.teacher, 'TEACHER', klass.id);
  const childA = await h.db.child.create({
    data: { schoolId: school.id, classId: klass.id, name: MARKERS.childName, guardianName: '甲奶奶', guardianRelation: 'GRANDPARENT', guardianPhone: MARKERS.guardianPhone },
  });
  const childB = await h.db.child.create({ data: { schoolId: school.id, classId: klass.id, name: 'Child B' } });
  const consentedAt = new Date('2026-11-01');
  await h.db.guardianLink.create({ data: { userId: userIds[motherA.id]!, childId: childA.id, role: 'PARENT', relation: 'MOTHER', consentedAt } });
  await h.db.guardianLink.create({ data: { userId: userIds[fatherB.id]!, childId: childB.id, role: 'PARENT', relation: 'FATHER', consentedAt } });
  const letter = await h.db.letter.create({
    data: { childId: childA.id, authorId: userIds[motherA.id]!, direction: 'TO_CHILD', status: 'WAITING', parts: { create: { position: 1, kind: 'text', text: MARKERS.letterText } } },
  });
  const update = await h.db.growthUpdate.create({
    data: { authorId: userIds[staff.teacher.id]!, schoolId: school.id, category: 'STUDY', text: 'Class news', children: { create: [{ childId: childA.id }, { childId: childB.id }] } },
  });
  h.telegram.addFile('fuzz-doc-1', 'name,class\n甲,七年级二班\n"unterminated,\n\ud800,,,,,,\n', 'a.csv');
  h.telegram.addFile('fuzz-doc-2', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]), 'b.csv');
  h.telegram.addFile('fuzz-doc-3', '', 'c.csv');
  realIds.push(school.id, klass.id, childA.id, childB.id, letter.id, update.id, ...Object.values(userIds));
});
afterAll(() => h?.close());

/** Someone writing to the bot: mostly the seeded people, sometimes a newcomer with any id. */
function pickSender(random: Random): User {
  const roll = random.int(0, 99);
  if (roll < 35) return random.pick(Object.values(staff));
  if (roll < 45) return motherA;
  if (roll < 65) return fatherB;
  if (roll < 95) return random.pick(strangers);
  return telegramUser(random.int(10_000, 2 ** 40), random.pick(['New', '新人', '\ud83d']), random.pick([undefined, 'en', 'zh-hans', 'xx-YY']));
}

const newestMessage = new Map<number, number>();

/** The id of the newest message the bot sent into this chat (the fake numbers them from 1001), or 1000 for none. */
function newestShown(chatId: number): number {
  let newest = newestMessage.get(chatId) ?? 1000;
  while (h.telegram.message(chatId, newest + 1)) newest++;
  newestMessage.set(chatId, newest);
  return newest;
}

/** A message the bot has sent into this person's chat, if any. */
function shownMessageId(random: Random, chatId: number): number | undefined {
  const newest = newestShown(chatId);
  return newest > 1000 ? random.int(1001, newest) : undefined;
}

/** A press on a button the bot really showed this person, to get deeper into the flows. */
function pressRealButton(random: Random, from: User): UpdateBody | undefined {
  let message: ChatMessage | undefined;
  for (let id = newestShown(from.id); id > 1000 && !message?.keyboard; id--) message = h.telegram.message(from.id, id);
  const buttons = message?.keyboard?.inline_keyboard.flat().filter((button) => 'callback_data' in button) ?? [];
  if (!message || buttons.length === 0) return undefined;
  const button = random.pick(buttons) as { callback_data: string };
  return callbackQuery(from, button.callback_data, message.messageId);
}

/** Who sees a call: the chat it goes to, or for a toast, the person who pressed. */
function recipientOf(call: ApiCall, sender: number | undefined): number | undefined {
  return call.payload.chat_id === undefined ? sender : Number(call.payload.chat_id);
}

const SENDING = /^(send\w+|edit\w+|answerCallbackQuery|copyMessages?|forwardMessages?)$/;

function leaks(content: string): string[] {
  return Object.entries(MARKERS)
    .filter(([, marker]) => content.includes(marker))
    .map(([name]) => name);
}

function senderOf(update: UpdateBody): number | undefined {
  const u = update as Record<string, { from?: User; user?: User } | undefined>;
  for (const value of Object.values(u)) {
    const id = value?.from?.id ?? value?.user?.id;
    if (id !== undefined) return id;
  }
  return undefined;
}

/** A short description of an update for a failure report: its kind and the start of its text or data. */
function summarize(update: UpdateBody): string {
  const body = update as { message?: { text?: string }; callback_query?: { data?: string; message?: { message_id: number } } };
  if (body.callback_query) return `data ${JSON.stringify(body.callback_query.data?.slice(0, 60))} on message ${body.callback_query.message?.message_id}`;
  if (body.message?.text !== undefined) return `text ${JSON.stringify(body.message.text.slice(0, 60))}`;
  return Object.keys(update).join(',');
}

describe('fuzzing the bot with random and malformed updates', () => {
  it(`survives ${UPDATES} updates without crashing, leaking or answering groups beyond a pointer`, { timeout: 180_000 }, async () => {
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const random = new Random(SEED);
    let unhandled = 0;
    const onUnhandled = () => void unhandled++;
    process.on('unhandledRejection', onUnhandled);
    const rejected: string[] = [];
    const leaked: string[] = [];
    const groupProblems: string[] = [];
    const kinds = new Map<string, number>();
    const handled = new Map<number, string>();
    const segments: number[] = [];
    const slowest: [number, string][] = [];
    const started = Date.now();
    try {
      for (let i = 0; i < UPDATES; i++) {
        const from = pickSender(random);
        const pressed = random.chance(0.15) ? pressRealButton(random, from) : undefined;
        const { kind, update }: { kind: FuzzKind | 'real-press'; update: UpdateBody } = pressed ? { kind: 'real-press', update: pressed } : randomUpdate(random, from, realIds, () => shownMessageId(random, from.id));
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        if (random.chance(0.01)) {
          const method = random.pick(['sendMessage', 'answerCallbackQuery', 'editMessageText', 'sendDocument']);
          const description = random.pick(['Bad Request: message is not modified', 'Forbidden: bot was blocked by the user', 'Bad Request: chat not found']);
          h.telegram.failNext(method, description.startsWith('Forbidden') ? 403 : 400, `${description} (${INJECTED})`);
        }
        const callsBefore = h.telegram.calls.length;
        const uploadsBefore = h.telegram.uploads.length;
        const sender = senderOf(update);
        try {
          const updateId = h.telegram.takeUpdateId();
          handled.set(updateId, `#${i} ${kind} from ${sender}: ${summarize(update)}`);
          const at = Date.now();
          await h.bot.handleUpdate({ ...update, update_id: updateId } as Parameters<Bot['handleUpdate']>[0]);
          slowest.push([Date.now() - at, handled.get(updateId)!]);
          if (slowest.length > 40) slowest.sort((a, b) => b[0] - a[0]).splice(10);
        } catch (error) {
          rejected.push(`#${i} ${kind}: ${String(error).slice(0, 300)}`);
        }
        h.advance(1_000);
        const calls = h.telegram.calls.slice(callsBefore).filter((call) => SENDING.test(call.method));
        for (const call of calls) {
          const to = recipientOf(call, sender);
          const found = to !== undefined && !insiders.has(to) ? leaks(JSON.stringify(call.payload)) : [];
          if (found.length > 0) leaked.push(`#${i} ${kind}: ${call.method} to ${to} shows ${found.join(', ')}`);
          if (to !== undefined && to < 0 && !(call.method === 'sendMessage' && privateOnlyTexts.includes(String(call.payload.text)))) {
            groupProblems.push(`#${i} ${kind}: ${call.method} in group ${to}: ${String(call.payload.text ?? '').slice(0, 80)}`);
          }
        }
        if (sender !== undefined && !insiders.has(sender)) {
          for (const upload of h.telegram.uploads.slice(uploadsBefore)) {
            const found = leaks(upload.content.toString('utf8'));
            if (found.length > 0) leaked.push(`#${i} ${kind}: file ${upload.filename} to ${sender} shows ${found.join(', ')}`);
          }
        }
        const chat = (update as { message?: { chat: { id: number } }; my_chat_member?: { chat: { id: number }; new_chat_member: { status: string } } });
        const pointedAt = (chatId: number) => calls.some((call) => Number(call.payload.chat_id) === chatId && privateOnlyTexts.includes(String(call.payload.text)));
        if (kind === 'group-command' && !pointedAt(chat.message!.chat.id)) groupProblems.push(`#${i} group-command: no pointer to a private chat`);
        if (kind === 'group-added' && chat.my_chat_member!.new_chat_member.status === 'member' && !pointedAt(chat.my_chat_member!.chat.id)) {
          groupProblems.push(`#${i} group-added: no pointer to a private chat`);
        }
        if (i % 1000 === 999) segments.push(Date.now() - started - segments.reduce((a, b) => a + b, 0));
        if (i % 500 === 499) {
          for (const call of await h.deliverOutbox()) {
            const to = Number(call.payload.chat_id);
            const found = insiders.has(to) ? [] : leaks(JSON.stringify(call.payload));
            if (found.length > 0) leaked.push(`outbox after #${i}: ${call.method} to ${to} shows ${found.join(', ')}`);
          }
        }
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    const elapsed = Date.now() - started;
    const errorLines = h.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    const unexpectedErrors = errorLines.filter((line) => !line.includes(INJECTED)).map((line) => {
      const entry = JSON.parse(line) as { msg: string; update_id?: number; err?: { type?: string; message?: string; stack?: string } };
      const where = entry.err?.stack?.split('\n').find((frame) => frame.includes('/src/'))?.trim() ?? '';
      return `${entry.msg}: ${entry.err?.type} ${entry.err?.message} ${where} (${handled.get(entry.update_id ?? -1) ?? 'no update'})`;
    });
    console.log(
      `fuzz: ${UPDATES} updates in ${elapsed} ms (seed ${SEED}; ms per thousand: ${segments.join(', ')}); kinds ${JSON.stringify(Object.fromEntries(kinds))}; ` +
        `${h.telegram.calls.length} Bot API calls; ${errorLines.length - unexpectedErrors.length} error lines from injected refusals`,
    );
    console.log(`slowest: ${slowest.sort((a, b) => b[0] - a[0]).slice(0, 8).map(([ms, what]) => `${ms} ms ${what.slice(0, 100)}`).join('\n')}`);
    expect({ rejected, unhandled, leaked, groupProblems: groupProblems.slice(0, 20), unexpectedErrors: unexpectedErrors.slice(0, 30) }).toEqual({
      rejected: [],
      unhandled: 0,
      leaked: [],
      groupProblems: [],
      unexpectedErrors: [],
    });
  });
});
