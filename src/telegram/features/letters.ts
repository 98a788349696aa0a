import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { LETTER_LIMITS, type ThreadPage } from '../../domain/letters.js';
import { pack } from '../../actions/index.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { collectLetter } from '../letter-draft.js';
import { onAction } from '../on-action.js';
import { explainingLetterRefusals, letterLine, letterRefusalText, partsSummary, resendParts } from '../letter-views.js';
import { refusalOf } from '../refusals.js';
import { letterSentText } from '../school-break.js';
import { campaignsFeature } from './campaigns.js';
import { inboxFeature } from './inbox.js';

/**
 * Letters through the Children's Home, the family's side: `/letter` (or "✉ Write to …"
 * under a weekly note, a reply or a campaign) writes to one's own child; `/thread` scrolls
 * a child's letters and replies, for the family and the keeper. The keeper's letterbox and
 * the campaigns are mounted here too.
 */
export const lettersFeature = new Composer<BotContext>();

async function writeLetter(conversation: BotConversation, ctx: ChatContext, childId: number, childName: string) {
  const actor = ctx.actor!;
  const intro = ctx.t('letters.intro', { child: childName, maxParts: LETTER_LIMITS.parts, maxCharacters: LETTER_LIMITS.characters });
  const collected = await collectLetter(conversation, ctx, intro, ctx.t('letters.previewTo', { child: childName }));
  if (!collected) return;
  const outcome = await refusalOf(conversation, async () => {
    await ctx.app.letters.send(actor, childId, collected.parts);
    return ctx.domain.schoolCalendar.childBreak(actor, childId);
  });
  await collected.at.reply('value' in outcome ? letterSentText(ctx.t, childName, outcome.value) : letterRefusalText(ctx.t, outcome.refused));
}

lettersFeature.use(createConversation(writeLetter, 'write-letter'));
lettersFeature.use(inboxFeature, campaignsFeature);

/** Checks the child again and starts the letter, leaving any other conversation. */
async function startLetter(ctx: BotContext, childId: number): Promise<void> {
  const target = await ctx.domain.letters.writeTarget(ctx.actor!, childId);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('write-letter', target.childId, target.childName);
}

lettersFeature.command('letter', async (ctx) => {
  if (!ctx.user) return;
  const children = await ctx.domain.letters.familyChildren(ctx.actor!);
  if (children.length === 0) {
    await ctx.reply(ctx.t('letters.noChildren'));
    return;
  }
  if (children.length === 1) {
    await explainingLetterRefusals(ctx, () => startLetter(ctx, children[0]!.id));
    return;
  }
  await ctx.reply(ctx.t('letters.pickChild'), { reply_markup: keyboard(grid(children.map((child) => button(child.name, pack({ name: 'letter.write', childId: child.id }))), 2)) });
});

onAction(lettersFeature, 'letter.write', async (ctx, action) => {
  await explainingLetterRefusals(ctx, () => startLetter(ctx, action.childId));
});

function threadText(t: ChatContext['t'], page: ThreadPage): string {
  if (page.letters.length === 0) return t('letters.threadEmpty', { child: page.childName });
  const entries = page.letters.map((letter) => [letterLine(t, letter), ...partsSummary(t, letter.parts).map((line) => `  ${line}`)].join('\n'));
  return [t('letters.threadTitle', { child: page.childName, page: page.page + 1, pages: page.pages }), ...entries].join('\n\n');
}

/** A page of the thread: its letters, a "▶" button per letter with photos or voice notes, and paging. */
async function showThread(ctx: BotContext, childId: number, page?: number): Promise<void> {
  const thread = await ctx.domain.letters.thread(ctx.actor!, childId, page);
  const t = ctx.t;
  const withMedia = thread.letters.filter((letter) => letter.parts.some((part) => part.kind !== 'text'));
  const paging = [
    ...(thread.page > 0 ? [button(t('letters.earlier'), pack({ name: 'letter.thread', childId, page: thread.page - 1 }))] : []),
    ...(thread.page < thread.pages - 1 ? [button(t('letters.later'), pack({ name: 'letter.thread', childId, page: thread.page + 1 }))] : []),
  ];
  const media = withMedia.map((letter) => button(t('letters.play', { number: thread.letters.indexOf(letter) + 1 }), pack({ name: 'letter.show', letterId: letter.id })));
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.reply(threadText(t, thread), { reply_markup: keyboard([...grid(media, 3), paging]) });
}

lettersFeature.command('thread', async (ctx) => {
  if (!ctx.user) return;
  const children = await ctx.domain.letters.threadChildren(ctx.actor!);
  if (children.length === 0) {
    await ctx.reply(ctx.t('letters.noThreads'));
    return;
  }
  if (children.length === 1) {
    await explainingLetterRefusals(ctx, () => showThread(ctx, children[0]!.id));
    return;
  }
  await ctx.reply(ctx.t('letters.pickThread'), { reply_markup: keyboard(grid(children.map((child) => button(child.name, pack({ name: 'letter.thread', childId: child.id, page: 'last' }))), 2)) });
});

onAction(lettersFeature, 'letter.thread', async (ctx, action) => {
  await explainingLetterRefusals(ctx, () => showThread(ctx, action.childId, action.page === 'last' ? undefined : action.page));
});

onAction(lettersFeature, 'letter.show', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const letter = await ctx.domain.letters.show(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    await ctx.reply(letterLine(ctx.t, letter));
    await resendParts(ctx, letter.parts);
  });
});
