import { Composer } from 'grammy';
import { pack, unpack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import { LETTER_LIMITS, type ChildLetterChoice, type ChildLetterTarget, type InboxChild, type LetterView } from '../../domain/letters.js';
import { wallClock } from '../../i18n/wall-clock.js';
import { authorLabel } from '../../notifications/letters.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { collectLetter } from '../letter-draft.js';
import { onAction } from '../on-action.js';
import { explainingLetterRefusals, letterLine, letterRefusalText, resendParts } from '../letter-views.js';
import { refusalOf } from '../refusals.js';

/**
 * The keeper's letterbox (admins have it too): `/inbox` lists the letters waiting by child;
 * an opened letter is re-sent part by part with "Read with the child", "Hold", "Print" and
 * "Record a reply". "Record a child's letter" (in `/inbox`, `/reply` and a children's
 * campaign) records a letter from any child the keeper looks after, found by name, so a
 * child whose parents never write can write first; with no family member linked yet the
 * letter is kept until one joins. Every press is checked again.
 */
export const inboxFeature = new Composer<BotContext>();

/** Letters (oldest first) and children listed in one message: Telegram allows 100 buttons and 4,096 characters. */
const INBOX_BUTTONS = 40;

/** The row that starts recording a child's letter, under the letterbox. */
function recordChildLetterRow(t: ChatContext['t']) {
  return [button(t('letters.recordChildLetter'), pack({ name: 'letter.recordChild' }))];
}

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
      return [button(label, pack({ name: 'letter.open', letterId: letter.id }))];
    }),
  );
  return [...rows.slice(0, INBOX_BUTTONS), recordChildLetterRow(t)];
}

async function showInbox(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const box = ctx.actor ? await ctx.domain.letters.inbox(ctx.actor) : null;
  if (box === null) await ctx.reply(ctx.t('letters.notKeeper'));
  else if (box.length === 0) await ctx.reply(ctx.t('letters.inboxEmpty'), { reply_markup: keyboard([recordChildLetterRow(ctx.t)]) });
  else await ctx.reply(inboxText(ctx.t, box), { reply_markup: keyboard(inboxButtons(ctx.t, box)) });
}

/** What the keeper may do with an opened letter: read it with the child or hold it (while waiting), print it, record a reply. */
function letterActions(t: ChatContext['t'], letter: LetterView) {
  return keyboard([
    letter.status === 'WAITING' ? [button(t('letters.readWithChild'), pack({ name: 'letter.read', letterId: letter.id })), button(t('letters.hold'), pack({ name: 'letter.hold', letterId: letter.id }))] : [],
    letter.status === 'HELD' ? [button(t('letters.readWithChild'), pack({ name: 'letter.read', letterId: letter.id }))] : [],
    [button(t('letters.print'), pack({ name: 'letter.print', letterId: letter.id })), button(t('letters.recordReply'), pack({ name: 'letter.replyFor', childId: letter.childId }))],
  ]);
}

async function holdLetter(conversation: BotConversation, ctx: ChatContext, letterId: number, childName: string) {
  const actor = ctx.actor!;
  await ctx.reply(ctx.t('letters.askHoldReason', { child: childName }));
  for (;;) {
    const answer = await conversation.waitFor('message:text', { otherwise: (other) => other.reply(other.t('letters.askHoldReason', { child: childName })) });
    if (answer.message.text.startsWith('/')) await conversation.skip({ next: true });
    const outcome = await refusalOf(conversation, () => ctx.app.letters.hold(actor, letterId, answer.message.text));
    if ('value' in outcome) {
      await ctx.reply(ctx.t('letters.held', { child: childName, author: authorLabel(ctx.t, outcome.value.letter), admins: outcome.value.admins.length }));
      return;
    }
    await ctx.reply(letterRefusalText(ctx.t, outcome.refused));
    if (outcome.refused !== 'invalid:tooLong' && outcome.refused !== 'invalid:required') return;
  }
}

/**
 * Collects and sends a child's letter: a reply to a letter, or one the child writes first.
 * The keeper is told before they start when no family member has joined yet, and after
 * sending whether it went to the family or is kept until one joins.
 */
async function writeChildLetter(conversation: BotConversation, ctx: ChatContext, target: ChildLetterTarget, kind: 'reply' | 'letter') {
  const actor = ctx.actor!;
  const child = target.childName;
  const intro = ctx.t(kind === 'reply' ? 'letters.replyIntro' : 'letters.childLetterIntro', { child, maxParts: LETTER_LIMITS.parts, maxCharacters: LETTER_LIMITS.characters });
  const noFamily = target.family === 0 ? [ctx.t('letters.childLetterNoFamily', { child })] : [];
  const collected = await collectLetter(conversation, ctx, [intro, ...noFamily].join('\n\n'), ctx.t(kind === 'reply' ? 'letters.previewReply' : 'letters.previewChildLetter', { child }));
  if (!collected) return;
  const outcome = await refusalOf(conversation, async () => {
    const reply = await ctx.app.letters.recordChildLetter(actor, target.childId, collected.parts);
    return reply.recipients.length;
  });
  if ('refused' in outcome) await collected.at.reply(letterRefusalText(ctx.t, outcome.refused));
  else await collected.at.reply(outcome.value === 0 ? ctx.t('letters.keptForFamily', { child }) : ctx.t('letters.replySent', { child, count: outcome.value }));
}

async function recordReply(conversation: BotConversation, ctx: ChatContext, target: ChildLetterTarget) {
  await writeChildLetter(conversation, ctx, target, 'reply');
}

/** The picker of children: a name per button, with the class when the children come from several. */
function childLetterKeyboard(choices: readonly ChildLetterChoice[]) {
  const severalClasses = new Set(choices.map((child) => child.className)).size > 1;
  const label = (child: ChildLetterChoice) => (severalClasses && child.className ? `${child.name} · ${child.className}` : child.name);
  return keyboard(grid(choices.map((child) => button(label(child), pack({ name: 'letter.childFor', childId: child.id }))), 2));
}

/** The keeper picks the child whose letter they record, from the buttons or by a typed name; each press is checked again. */
async function pickLetterChild(conversation: BotConversation, ctx: ChatContext): Promise<ChildLetterTarget | null> {
  const actor = ctx.actor!;
  const choices = await conversation.external(() => ctx.domain.letters.childLetterChoices(actor));
  if (choices === null || choices.children.length === 0) {
    await ctx.reply(ctx.t(choices === null ? 'letters.notKeeper' : 'letters.noChildLetterChildren'));
    return null;
  }
  const more = choices.more > 0 ? [ctx.t('letters.childLetterMore', { count: choices.more })] : [];
  await ctx.reply([ctx.t('letters.pickChildLetter'), ...more].join('\n'), { reply_markup: childLetterKeyboard(choices.children) });
  for (;;) {
    const step = await conversation.wait();
    if (step.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    const picked = unpack(step.callbackQuery?.data ?? '');
    if (picked?.name === 'letter.childFor') {
      const checked = await refusalOf(conversation, () => ctx.domain.letters.replyTarget(actor, picked.childId));
      if ('value' in checked) {
        await step.answerCallbackQuery();
        return checked.value;
      }
      await step.answerCallbackQuery({ text: letterRefusalText(step.t, checked.refused), show_alert: true });
      continue;
    }
    const query = step.message?.text;
    if (query === undefined) {
      if (step.callbackQuery) await step.answerCallbackQuery({ text: step.t('letters.finishFirst') });
      else await step.reply(step.t('letters.pickChildLetter'));
      continue;
    }
    const found = await conversation.external(() => ctx.domain.letters.childLetterChoices(actor, query));
    if (found && found.children.length > 0) await step.reply(step.t('letters.childLetterFound'), { reply_markup: childLetterKeyboard(found.children) });
    else await step.reply(step.t('letters.childLetterNotFound', { query: query.slice(0, 40) }));
  }
}

/** Records a letter a child writes first: the child is picked unless already chosen. */
async function recordChildLetter(conversation: BotConversation, ctx: ChatContext, chosen: ChildLetterTarget | null) {
  const target = chosen ?? (await pickLetterChild(conversation, ctx));
  if (target) await writeChildLetter(conversation, ctx, target, 'letter');
}

inboxFeature.use(createConversation(holdLetter, 'hold-letter'));
inboxFeature.use(createConversation(recordReply, 'record-reply'));
inboxFeature.use(createConversation(recordChildLetter, 'child-letter'));

inboxFeature.command('inbox', showInbox);
onAction(inboxFeature, 'letter.inbox', showInbox);

onAction(inboxFeature, 'letter.open', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const letter = await ctx.domain.letters.open(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    const reason = letter.holdReason && letter.status === 'HELD' ? `\n${ctx.t('letters.heldBecause', { reason: letter.holdReason })}` : '';
    await ctx.reply(`${letterLine(ctx.t, letter)}${reason}`);
    await resendParts(ctx, letter.parts);
    await ctx.reply(ctx.t('letters.whatNow', { child: letter.childName }), { reply_markup: letterActions(ctx.t, letter) });
  });
});

onAction(inboxFeature, 'letter.read', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const done = await ctx.app.letters.readWithChild(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('letters.markedRead', { child: done.letter.childName, author: authorLabel(ctx.t, done.letter) }), {
      reply_markup: keyboard([[button(ctx.t('letters.recordReply'), pack({ name: 'letter.replyFor', childId: done.letter.childId }))]]),
    });
  });
});

onAction(inboxFeature, 'letter.hold', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const letter = await ctx.domain.letters.holdable(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter('hold-letter', letter.id, letter.childName);
  });
});

/** Starts recording a child's letter from `/reply` or a "Record a child's letter" button: the keeper picks the child. */
async function startChildLetter(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  if (!ctx.user) return;
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('child-letter', null);
}

inboxFeature.command('reply', startChildLetter);
onAction(inboxFeature, 'letter.recordChild', startChildLetter);

/** Starts recording a reply to the child's letters, or a letter the child writes first, once the keeper may. */
async function recordFor(ctx: BotContext, childId: number, conversation: 'record-reply' | 'child-letter'): Promise<void> {
  await explainingLetterRefusals(ctx, async () => {
    const target = await ctx.domain.letters.replyTarget(ctx.actor!, childId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(conversation, target);
  });
}

onAction(inboxFeature, 'letter.replyFor', (ctx, action) => recordFor(ctx, action.childId, 'record-reply'));
onAction(inboxFeature, 'letter.childFor', (ctx, action) => recordFor(ctx, action.childId, 'child-letter'));
