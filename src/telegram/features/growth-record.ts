import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { replyWith } from '../reply.js';
import { listMessage } from '../update-views.js';

/**
 * `/record`: a child's growth record, newest first, for anyone who may read the child's
 * file (`/record <name>` narrows the list of children). ◀ ▶ page back through the whole
 * record, a page of updates from the domain at a time, each in messages of at most 4,096
 * characters. Every press (a child, ◀ ▶) is re-checked by the domain.
 */
export const growthRecordFeature = new Composer<BotContext>();

/** A window of the child's record as a message, part `part` of it; ◀ ▶ open the other parts and windows. */
async function recordMessage(ctx: BotContext, childId: number, page: number, part: number) {
  const record = await ctx.app.updates.growthRecord(ctx.actor!, childId, page);
  return listMessage(ctx.t, record, part, (window, other) => pack({ name: 'record.page', childId, page: window, part: other }));
}

growthRecordFeature.command('record', async (ctx) => {
  if (!ctx.user) return;
  await replyWith(ctx, await ctx.app.updates.whoseRecord(ctx.actor!, ctx.match.trim() || undefined));
});

onAction(growthRecordFeature, 'record.child', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = await recordMessage(ctx, action.childId, 0, 0);
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup });
  });
});

/** ◀ ▶: `qu:rp:<child>:<page>:<part>` (a button sent before parts existed has no part). */
onAction(growthRecordFeature, 'record.page', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { text, reply_markup } = await recordMessage(ctx, action.childId, action.page, action.part ?? 0);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});
