import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import type { BotContext } from '../context.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { listMessage } from '../update-views.js';
import { childPicker } from './child-files.js';

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
  const children = await ctx.domain.children.listChildren(ctx.actor!, ctx.match.trim() || undefined);
  if (children.length === 0) {
    await ctx.reply(ctx.t('childFile.noneVisible'));
    return;
  }
  const { text, reply_markup } = childPicker(ctx.t, ctx.t('updates.record.pick'), 'record', children, (id) => pack({ name: 'record.child', childId: id }));
  await ctx.reply(text, { reply_markup });
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
