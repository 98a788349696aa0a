import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { letterToChild } from '../../app/letter-replies.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { collectLetter } from '../letter-draft.js';
import { onAction } from '../on-action.js';
import { explainingLetterRefusals, letterRefusalText, showLetter } from '../letter-views.js';
import { refusalOf } from '../refusals.js';
import { replyWith } from '../reply.js';
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
  const { intro, heading } = letterToChild(childName);
  const collected = await collectLetter(conversation, ctx, intro, heading);
  if (!collected) return;
  const outcome = await refusalOf(conversation, () => ctx.app.letters.send(actor, childId, collected.parts));
  if ('value' in outcome) await replyWith(collected.at, outcome.value.reply);
  else await collected.at.reply(letterRefusalText(ctx.t, outcome.refused));
}

lettersFeature.use(createConversation(writeLetter, 'write-letter'));
lettersFeature.use(inboxFeature, campaignsFeature);

/** Checks the child again and starts the letter, leaving any other conversation. */
async function startLetter(ctx: BotContext, childId: number): Promise<void> {
  const target = await ctx.app.letters.writeTarget(ctx.actor!, childId);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('write-letter', target.childId, target.childName);
}

lettersFeature.command('letter', async (ctx) => {
  if (!ctx.user) return;
  const whom = await ctx.app.letters.whomToWrite(ctx.actor!);
  if ('reply' in whom) await replyWith(ctx, whom.reply);
  else await explainingLetterRefusals(ctx, () => startLetter(ctx, whom.child.id));
});

onAction(lettersFeature, 'letter.write', async (ctx, action) => {
  await explainingLetterRefusals(ctx, () => startLetter(ctx, action.childId));
});

lettersFeature.command('thread', async (ctx) => {
  if (!ctx.user) return;
  await explainingLetterRefusals(ctx, async () => {
    await replyWith(ctx, await ctx.app.letters.threads(ctx.actor!));
  });
});

onAction(lettersFeature, 'letter.thread', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const page = await ctx.app.letters.thread(ctx.actor!, action.childId, action.page === 'last' ? undefined : action.page);
    await ctx.answerCallbackQuery();
    await replyWith(ctx, page);
  });
});

onAction(lettersFeature, 'letter.show', async (ctx, action) => {
  await explainingLetterRefusals(ctx, async () => {
    const shown = await ctx.app.letters.show(ctx.actor!, action.letterId);
    await ctx.answerCallbackQuery();
    await showLetter(ctx, shown);
  });
});
