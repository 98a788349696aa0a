import { Composer } from 'grammy';
import { unpack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import { childLetterStart, holdReasonQuestion, letterbox, type ChildLetterKind } from '../../app/letter-replies.js';
import type { ChildLetterTarget } from '../../domain/letters.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { submitUntilAccepted } from '../conversation-steps.js';
import { collectLetter } from '../letter-draft.js';
import { onAction } from '../on-action.js';
import { explainingLetterRefusals, letterRefusalText, showLetter } from '../letter-views.js';
import { editWith, replyWith } from '../reply.js';
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

async function showInbox(ctx: BotContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await replyWith(ctx, ctx.actor ? await ctx.app.letters.letterbox(ctx.actor) : letterbox(null));
}

/** Asks why the letter is held until the keeper gives a reason the domain takes; a command leaves the question. */
async function holdLetter(conversation: BotConversation, ctx: ChatContext, letterId: number, childName: string) {
  const actor = ctx.actor!;
  const question = holdReasonQuestion(childName);
  await replyWith(ctx, question);
  const held = await submitUntilAccepted(
    conversation,
    async () => {
      const answer = await conversation.waitFor('message:text', { otherwise: (other) => replyWith(other, question) });
      if (answer.message.text.startsWith('/')) await conversation.skip({ next: true });
      return answer.message.text;
    },
    async (reason) => (await ctx.app.letters.hold(actor, letterId, reason)).reply,
    (_, refused) => ctx.reply(letterRefusalText(ctx.t, refused)),
  );
  if (held) await replyWith(ctx, held.value);
}

/**
 * Collects and sends a child's letter: a reply to a letter, or one the child writes first.
 * The keeper is told before they start when no family member has joined yet, and after
 * sending whether it went to the family or is kept until one joins.
 */
async function writeChildLetter(conversation: BotConversation, ctx: ChatContext, target: ChildLetterTarget, kind: ChildLetterKind) {
  const actor = ctx.actor!;
  const { intro, heading } = childLetterStart(target, kind);
  const collected = await collectLetter(conversation, ctx, intro, heading);
  if (!collected) return;
  const outcome = await refusalOf(conversation, async () => (await ctx.app.letters.recordChildLetter(actor, target.childId, collected.parts)).reply);
  if ('refused' in outcome) await collected.at.reply(letterRefusalText(ctx.t, outcome.refused));
  else await replyWith(collected.at, outcome.value);
}

async function recordReply(conversation: BotConversation, ctx: ChatContext, target: ChildLetterTarget) {
  await writeChildLetter(conversation, ctx, target, 'reply');
}

/** The keeper picks the child whose letter they record, from the choices or by a typed name; each press is checked again. */
async function pickLetterChild(conversation: BotConversation, ctx: ChatContext): Promise<ChildLetterTarget | null> {
  const actor = ctx.actor!;
  const picker = await conversation.external(() => ctx.app.letters.childLetterPicker(actor));
  if ('reply' in picker) {
    await replyWith(ctx, picker.reply);
    return null;
  }
  await replyWith(ctx, picker.pick);
  for (;;) {
    const step = await conversation.wait();
    if (step.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    const picked = unpack(step.callbackQuery?.data ?? '');
    if (picked?.name === 'letter.childFor') {
      const checked = await refusalOf(conversation, () => ctx.app.letters.childLetterTarget(actor, picked.childId));
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
    await replyWith(step, await conversation.external(() => ctx.app.letters.findLetterChild(actor, query)));
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
    const opened = await ctx.app.letters.open(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    await showLetter(ctx, opened);
    await replyWith(ctx, opened.next);
  });
});

onAction(inboxFeature, 'letter.read', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const { reply } = await ctx.app.letters.readWithChild(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    await editWith(ctx, reply);
  });
});

onAction(inboxFeature, 'letter.hold', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const letter = await ctx.app.letters.toHold(ctx.actor!, action.letterId);
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
    const target = await ctx.app.letters.childLetterTarget(ctx.actor!, childId);
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(conversation, target);
  });
}

onAction(inboxFeature, 'letter.replyFor', (ctx, action) => recordFor(ctx, action.childId, 'record-reply'));
onAction(inboxFeature, 'letter.childFor', (ctx, action) => recordFor(ctx, action.childId, 'child-letter'));
