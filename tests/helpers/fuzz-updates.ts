import type { Chat, User } from 'grammy/types';
import { callbackQuery, documentMessage, myChatMember, photoMessage, privateChat, textMessage, voiceMessage, type UpdateBody } from './updates.js';

/** A seeded pseudo-random source (mulberry32), so a failing fuzz run can be replayed from its seed. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

const ODD_PIECES = [
  '\u200f', // right-to-left mark
  '\u202e', // right-to-left override
  '\u200d', // zero-width joiner
  '\u200b', // zero-width space
  '\ufeff', // byte order mark
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '👍🏽',
  '🇨🇳',
  'e\u0301\u0301\u0301',
  'مرحبا',
  'שלום',
  '\ud800', // a lone high surrogate (JSON may carry it as an escape)
  '\udfff', // a lone low surrogate
  '\u0000',
  '\n\n\t',
  '<b>not html</b>',
  '{{t}}',
  '$t(errors.apology)',
  '%s%n',
  "'; DROP TABLE Child; --",
  '../../etc/passwd',
  '二 16:30-18:00 10',
  '2026-02-30',
  '-1',
  '9'.repeat(40),
  '𠀀𪚥',
  '李小明',
];

const WORDS = ['hello', '你好', '孩子', 'ok', 'yes', '是', '取消', 'Save', '保存', '1', '0', '23:00', 'Tue', '七年级二班', '@jiashu_test_bot'];

/** Text of every awkward kind: empty, blank, over Telegram's 4,096 characters, odd Unicode. */
export function randomText(random: Random): string {
  switch (random.int(0, 6)) {
    case 0:
      return random.pick(WORDS);
    case 1:
      return random.pick(['', ' ', '\u200b', '\n']);
    case 2:
      return random.pick(ODD_PIECES).repeat(random.int(1, 4));
    case 3:
      return 'x'.repeat(random.int(4_090, 5_000)) + random.pick(ODD_PIECES);
    case 4:
      return random.pick(['字', '👨‍👩‍👧', 'a\u200d']).repeat(random.int(1_500, 4_200));
    default:
      return Array.from({ length: random.int(1, 12) }, () => (random.chance(0.5) ? random.pick(WORDS) : random.pick(ODD_PIECES))).join(random.pick([' ', '', '\n']));
  }
}

/** An id as forged callback data might carry it: real, zero, huge, negative or not a number. */
export function randomId(random: Random, realIds: readonly number[]): string {
  if (random.chance(0.5) && realIds.length > 0) return String(random.pick(realIds));
  return random.pick([
    '0',
    '1',
    String(random.int(2, 500)),
    '2147483647',
    '2147483648',
    '4294967296',
    '9007199254740991',
    '9007199254740993',
    '99999999999999999999999',
    '9'.repeat(300),
    '-1',
    'NaN',
    'Infinity',
    '1e3',
    '0x10',
    '00000000001',
    '',
    ' 1',
    '١٢',
  ]);
}

/** Callback data templates for every button prefix the bot listens to; `#` stands for an id. */
const CALLBACK_TEMPLATES = [
  'cbk:c:#', 'cbk:b:#', 'cbk:m:#', 'cbk:d:#:#:20261202', 'cbk:d:#:#:99999999', 'cbk:s:#:#:#', 'cbk:x:#', 'cbk:xy:#', 'cbk:xn',
  'letter:print:#', 'letter:open:#', 'letter:read:#', 'letter:hold:#', 'letter:reply:#', 'letter:write:#', 'letter:thread:#:last',
  'letter:thread:#:#', 'letter:show:#', 'letter:send', 'letter:discard', 'inbox:open',
  'wn:ack:#', 'wn:ans:#', 'fm:r:#', 'wn:edit:#', 'wn:hold:#', 'wk:mode:#:AUTO', 'wk:mode:#:REVIEW',
  'cls:new:#', 'cls:v:#', 'cls:a:#:0', 'cls:a:#:1', 'cls:s:#:#:1', 'cls:s:#:#:0',
  'language:en', 'language:zh-CN', 'language:xx', 'language:',
  'chr:s:#', 'chr:keep', 'chr:cap:#',
  'qu:e:#', 'qu:et:#', 'qu:ec:#', 'qu:ecs:#:STUDY', 'qu:ecs:#:NOPE', 'qu:d:#', 'qu:dy:#', 'qu:dn', 'qu:r:#', 'qu:c:#', 'qu:k:#',
  'qu:rp:#:#', 'qu:rp:#:#:#', 'qu:lp:#:#', 'ch:hp:#:#', 'inv:p:#:#', 'csk:p:#:2026-12-1:#:#', 'csk:p:#:2026-2-31:#:#',
  'qu:g:STUDY', 'qu:g:HEALTH', 'qu:g:#', 'qu:s:c', 'qu:s:n', 'qu:s:u', 'qu:fn', 'qu:f:#',
  'ch:v:#', 'ch:e:#', 'ch:ef:#:name', 'ch:ef:#:guardianPhone', 'ch:ef:#:__proto__', 'ch:h:#', 'ch:a:#', 'ch:ay:#', 'ch:an', 'ch:p:#', 'ch:ps:#:#',
  'campaign:new', 'campaign:for:#:school', 'campaign:for:#:#', 'campaign:days:#',
  'join:yes:#', 'join:yes:', 'join:no',
  'inv:t:#', 'inv:tc:#:#', 'inv:tk:#:#:0', 'inv:tk:#:#:1', 'inv:k:#', 'inv:f', 'inv:fc:#', 'inv:fr:#:MOTHER', 'inv:fr:#:GRANDPARENT',
  'inv:r:#', 'inv:ry:#', 'inv:rn',
  'mydata:json', 'mydata:csv', 'mydata:delete', 'mydata:delete:yes', 'mydata:delete:no',
  'csk:h:#', 'csk:m:#', 'csk:min:#',
  'quiet:at:#', 'quiet:off',
  'form:v:#', 'form:class:#', 'form:save', 'form:discard',
];

/** Callback data a forged or stale button could carry: every known prefix with odd ids, or noise. */
export function forgedCallbackData(random: Random, realIds: readonly number[]): string {
  if (random.chance(0.1)) return randomText(random).slice(0, random.pick([64, 300, 5_000]));
  return random.pick(CALLBACK_TEMPLATES).replace(/#/g, () => randomId(random, realIds));
}

export const COMMANDS = [
  'start', 'help', 'cancel', 'language', 'quiet', 'classes', 'invite', 'invites', 'addchild', 'children', 'import', 'mydata',
  'weekly', 'receipts', 'update', 'updates', 'record', 'letter', 'thread', 'inbox', 'print', 'reply', 'campaign', 'call',
  'callhours', 'schedule', 'nosuchcommand',
];

/** A command with random arguments, sometimes addressed to this bot or another. */
export function randomCommand(random: Random, realIds: readonly number[]): string {
  const suffix = random.pick(['', '', '', '@jiashu_test_bot', '@other_bot']);
  const argument = random.pick([
    '',
    ` ${randomText(random)}`,
    ` ${randomId(random, realIds)}`,
    ` ${random.pick(['2026-12-01', '2026-13-45', 'yesterday', '二 16:30-18:00 10', 'Tue 16:30-18:00 99', 'join_abc', 'inv_'.padEnd(70, 'x')])}`,
  ]);
  return `/${random.pick(COMMANDS)}${suffix}${argument}`;
}

let fuzzMessageId = 5_000_000;
const now = () => Math.floor(Date.now() / 1000);

function groupChat(random: Random): Chat {
  const id = -random.int(1, 5) - (random.chance(0.5) ? 1_000_000_000_000 : 0);
  return random.chance(0.5) ? { id, type: 'group', title: 'Parents 七年级' } : { id, type: 'supergroup', title: '家长群' };
}

/** Updates Telegram may send that the bot never asked for, or types it does not know yet. */
function strangeUpdate(random: Random, from: User): UpdateBody {
  const kind = random.int(0, 9);
  const body = {
    0: { inline_query: { id: 'iq', from, query: randomText(random), offset: '' } },
    1: { chosen_inline_result: { result_id: 'r', from, query: 'q' } },
    2: { poll_answer: { poll_id: 'p', user: from, option_ids: [0] } },
    3: { message_reaction: { chat: privateChat(from), message_id: 1, date: now(), user: from, old_reaction: [], new_reaction: [{ type: 'emoji', emoji: '❤' }] } },
    4: { chat_join_request: { chat: groupChat(random), from, user_chat_id: from.id, date: now() } },
    5: { pre_checkout_query: { id: 'pc', from, currency: 'XTR', total_amount: 1, invoice_payload: 'x' } },
    6: { some_future_update: { from, text: randomText(random), nested: { deeper: [1, null, '\ud800'] } } },
    7: { business_message: { message_id: fuzzMessageId++, date: now(), chat: privateChat(from), from, text: 'hi' } },
    8: { removed_chat_boost: { chat: groupChat(random), boost_id: 'b', remove_date: now(), source: { source: 'premium', user: from } } },
    9: {},
  }[kind];
  return body as unknown as UpdateBody;
}

/** A message update of a kind the bot has no handler for, or with parts missing or wrong. */
function oddMessage(random: Random, from: User): UpdateBody {
  const base = { message_id: fuzzMessageId++, date: now(), chat: privateChat(from), from };
  const kind = random.int(0, 8);
  const message = [
    { ...base, sticker: { file_id: 'stk', file_unique_id: 'stk', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } },
    { ...base, location: { latitude: 23.1, longitude: 113.3 } },
    { ...base, contact: { phone_number: '+8613800000000', first_name: 'X' } },
    { ...base, video: { file_id: 'vid', file_unique_id: 'vid', width: 1, height: 1, duration: 1 } },
    { ...base, text: '/start', entities: [{ type: 'bot_command', offset: 3, length: 400 }] },
    { ...base, text: randomText(random), entities: [{ type: 'bold', offset: -5, length: 99999 }] },
    { ...base, from: { ...from, is_bot: true } },
    { ...base, from: undefined, sender_chat: groupChat(random) },
    { ...base, new_chat_members: [from] },
  ][kind];
  return { message } as unknown as UpdateBody;
}

export type FuzzKind =
  | 'text' | 'command' | 'forged-callback' | 'photo' | 'voice' | 'document' | 'odd-message' | 'edited'
  | 'group-text' | 'group-command' | 'group-callback' | 'group-added' | 'channel' | 'strange';

/**
 * One random update from `from`, and what kind it is (the test checks group handling by kind).
 * A forged press lands on a message the bot really sent that person (`shownMessageId`), as a
 * modified client's would; someone who was never sent anything cannot press, and types instead.
 */
export function randomUpdate(random: Random, from: User, realIds: readonly number[], shownMessageId: () => number | undefined): { kind: FuzzKind; update: UpdateBody } {
  const roll = random.int(0, 99);
  const pressedOn = roll >= 42 && roll < 62 ? shownMessageId() : undefined;
  if (roll < 22 || (roll >= 42 && roll < 62 && pressedOn === undefined)) return { kind: 'text', update: textMessage(from, randomText(random)) };
  if (roll < 42) return { kind: 'command', update: textMessage(from, randomCommand(random, realIds)) };
  if (roll < 62) return { kind: 'forged-callback', update: callbackQuery(from, forgedCallbackData(random, realIds), pressedOn!) };
  if (roll < 67) return { kind: 'photo', update: photoMessage(from, `fuzz-photo-${random.int(1, 9)}`, random.chance(0.5) ? randomText(random) : undefined) };
  if (roll < 71) return { kind: 'voice', update: voiceMessage(from, `fuzz-voice-${random.int(1, 9)}`, random.pick([0, 1, 3_600, -1])) };
  if (roll < 74) {
    const name = random.pick(['children.csv', 'x.pdf', '', '../../a.csv', '孩子.csv']);
    return { kind: 'document', update: documentMessage(from, `fuzz-doc-${random.int(1, 3)}`, name, random.pick(['text/csv', 'application/pdf', '']), random.pick([undefined, 0, 10, 50_000_000])) };
  }
  if (roll < 78) return { kind: 'odd-message', update: oddMessage(random, from) };
  if (roll < 82) {
    const { message } = textMessage(from, random.chance(0.5) ? randomCommand(random, realIds) : randomText(random)) as { message: object };
    return { kind: 'edited', update: { edited_message: { ...message, edit_date: now() } } as unknown as UpdateBody };
  }
  if (roll < 86) return { kind: 'group-text', update: textMessage(from, randomText(random).replace(/^\//, ''), groupChat(random)) };
  if (roll < 90) return { kind: 'group-command', update: textMessage(from, randomCommand(random, realIds), groupChat(random)) };
  if (roll < 92) return { kind: 'group-callback', update: callbackQuery(from, forgedCallbackData(random, realIds), random.int(1, 99), groupChat(random)) };
  if (roll < 94) return { kind: 'group-added', update: myChatMember(from, groupChat(random), random.pick(['member', 'left', 'kicked'] as const)) };
  if (roll < 97) {
    const chat: Chat = { id: -1_001_999_000_000 - random.int(0, 3), type: 'channel', title: 'School news' };
    const post = { message_id: fuzzMessageId++, date: now(), chat, sender_chat: chat, text: random.chance(0.5) ? '/start' : randomText(random) };
    return { kind: 'channel', update: (random.chance(0.7) ? { channel_post: post } : { edited_channel_post: { ...post, edit_date: now() } }) as unknown as UpdateBody };
  }
  return { kind: 'strange', update: strangeUpdate(random, from) };
}
