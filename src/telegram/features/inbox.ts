import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { LETTER_LIMITS, type InboxChild, type LetterView } from '../../domain/letters.js';
import { wallClock } from '../../i18n/wall-clock.js';
import { OPEN_INBOX_DATA, authorLabel } from '../../notifications/letters.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { collectLetter } from '../letter-draft.js';
import { explainingLetterRefusals, letterLine, letterRefusalText, resendParts } from '../letter-views.js';
import { idFrom, refusalOf } from '../refusals.js';

/**
 * The keeper's letterbox (admins have it too): `/inbox` lists the letters waiting by child;
 * an opened letter is re-sent part by part with "Read with the child", "Hold", "Print" and
 * "Record a reply"; `/reply` records a child's reply for their family. Every press is checked again.
 */
export const inboxFeature = new Composer<BotContext>();

/** Letters (oldest first) and children listed in one message: Telegram allows 100 buttons and 4,096 characters. */
const INBOX_BUTTONS = 40;

function inboxText(t: ChatContext['t'], box: InboxChild[]): string {
  const total = box.reduce((sum, child) => sum + child.letters.length, 0);
  const lines = box.slice(0, INBOX_BUTTONS).map((child) => t('letters.digestChild', { child: child.childName, count: child.letters.length }));
  const hiddenChildren = box.length - lines.length;
  const more = [
    ...(hiddenChildren > 0 ? [t('letters.inboxMoreChildren', { count: hiddenChildren })] : []),
    ...(total > INBOX_BUTTONS ? [t('letters.inboxMoreLetters', { shown: INBOX_BUTTONS, count: total - INBOX_BUTTONS })] : []),
  ];
  return [t('letters.inboxTitle', { count: total }), ...lines, ...more, '', t('letters.inboxOpen')].join('\n');
}

function inboxButtons(t: ChatContext['t'], box: InboxChild[]) {
  const rows = box.flatMap((child) =>
    child.letters.map((letter) => {
      const label = `${letter.status === 'HELD' ? '⏸ ' : ''}${child.childName} · ${authorLabel(t, letter)} · ${wallClock(letter.createdAt, child.timezone).slice(5)}`;
      return [button(label, `letter:open:${letter.id}`)];
    }),
  );
  return rows.slice(0, INBOX_BUTTONS);
}

async function showInbox(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const box = ctx.user ? await ctx.domain.letters.inbox({ userId: ctx.user.id }) : null;
  if (box === null) await ctx.reply(ctx.t('letters.notKeeper'));
  else if (box.length === 0) await ctx.reply(ctx.t('letters.inboxEmpty'));
  else await ctx.reply(inboxText(ctx.t, box), { reply_markup: keyboard(inboxButtons(ctx.t, box)) });
}

/** What the keeper may do with an opened letter: read it with the child or hold it (while waiting), print it, record a reply. */
function letterActions(t: ChatContext['t'], letter: LetterView) {
  return keyboard([
    letter.status === 'WAITING' ? [button(t('letters.readWithChild'), `letter:read:${letter.id}`), button(t('letters.hold'), `letter:hold:${letter.id}`)] : [],
    letter.status === 'HELD' ? [button(t('letters.readWithChild'), `letter:read:${letter.id}`)] : [],
    [button(t('letters.print'), `letter:print:${letter.id}`), button(t('letters.recordReply'), `letter:reply:${letter.childId}`)],
  ]);
}

async function holdLetter(conversation: BotConversation, ctx: ChatContext, letterId: number, childName: string) {
  const actor = { userId: ctx.user!.id };
  await ctx.reply(ctx.t('letters.askHoldReason', { child: childName }));
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (other) => other.reply(other.t('letters.askHoldReason', { child: childName })) });
    if (answer.message.text.startsWith('/')) await conversation.skip({ next: true });
    const outcome = await refusalOf(conversation, async () => {
      const held = await ctx.domain.letters.hold(actor, letterId, answer.message.text);
      await ctx.notifications.letters.held(held, ctx.domain.clock());
      return held;
    });
    if ('value' in outcome) {
      await ctx.reply(ctx.t('letters.held', { child: childName, author: authorLabel(ctx.t, outcome.value.letter), admins: outcome.value.admins.length }));
      return;
    }
    await ctx.reply(letterRefusalText(ctx.t, outcome.refused));
    if (outcome.refused !== 'invalid:tooLong' && outcome.refused !== 'invalid:required') return;
  }
}

async function recordReply(conversation: BotConversation, ctx: ChatContext, childId: number, childName: string) {
  const actor = { userId: ctx.user!.id };
  const intro = ctx.t('letters.replyIntro', { child: childName, maxParts: LETTER_LIMITS.parts, maxCharacters: LETTER_LIMITS.characters });
  const collected = await collectLetter(conversation, ctx, intro, ctx.t('letters.previewReply', { child: childName }));
  if (!collected) return;
  const outcome = await refusalOf(conversation, async () => {
    const reply = await ctx.domain.letters.recordReply(actor, childId, collected.parts);
    await ctx.notifications.letters.reply(reply, ctx.domain.clock());
    return reply.recipients.length;
  });
  await collected.at.reply('value' in outcome ? ctx.t('letters.replySent', { child: childName, count: outcome.value }) : letterRefusalText(ctx.t, outcome.refused));
}

inboxFeature.use(createConversation(holdLetter, 'hold-letter'));
inboxFeature.use(createConversation(recordReply, 'record-reply'));

inboxFeature.command('inbox', showInbox);
inboxFeature.callbackQuery(OPEN_INBOX_DATA, showInbox);

inboxFeature.callbackQuery(/^letter:open:(\d+)$/, async (ctx) => {
  await explainingLetterRefusals(ctx, async () => {
    const letter = await ctx.domain.letters.open({ userId: ctx.user!.id }, idFrom(ctx.match[1]));
    await ctx.answerCallbackQuery();
    const reason = letter.holdReason && letter.status === 'HELD' ? `\n${ctx.t('letters.heldBecause', { reason: letter.holdReason })}` : '';
    await ctx.reply(`${letterLine(ctx.t, letter)}${reason}`);
    await resendParts(ctx, letter.parts);
    await ctx.reply(ctx.t('letters.whatNow', { child: letter.childName }), { reply_markup: letterActions(ctx.t, letter) });
  });
});

inboxFeature.callbackQuery(/^letter:read:(\d+)$/, async (ctx) => {
  await explainingLetterRefusals(ctx, async () => {
    const done = await ctx.domain.letters.markRead({ userId: ctx.user!.id }, idFrom(ctx.match[1]));
    await ctx.notifications.letters.read(done, ctx.domain.clock());
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('letters.markedRead', { child: done.letter.childName, author: authorLabel(ctx.t, done.letter) }), {
      reply_markup: keyboard([[button(ctx.t('letters.recordReply'), `letter:reply:${done.letter.childId}`)]]),
    });
  });
});

inboxFeature.callbackQuery(/^letter:hold:(\d+)$/, async (ctx) => {
  await explainingLetterRefusals(ctx, async () => {
    const letter = await ctx.domain.letters.holdable({ userId: ctx.user!.id }, idFrom(ctx.match[1]));
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('hold-letter', letter.id, letter.childName);
  });
});

inboxFeature.command('reply', async (ctx) => {
  if (!ctx.user) return;
  const children = await ctx.domain.letters.replyChildren({ userId: ctx.user.id });
  if (children.length === 0) {
    await ctx.reply(ctx.t('letters.noReplyChildren'));
    return;
  }
  await ctx.reply(ctx.t('letters.pickReplyChild'), { reply_markup: keyboard(grid(children.map((child) => button(child.name, `letter:reply:${child.id}`)), 2)) });
});

inboxFeature.callbackQuery(/^letter:reply:(\d+)$/, async (ctx) => {
  await explainingLetterRefusals(ctx, async () => {
    const target = await ctx.domain.letters.replyTarget({ userId: ctx.user!.id }, idFrom(ctx.match[1]));
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('record-reply', target.childId, target.childName);
  });
});
