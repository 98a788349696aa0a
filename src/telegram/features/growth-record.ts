import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import type { GrowthRecord } from '../../domain/updates.js';
import type { BotContext, ChatContext } from '../context.js';
import { keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals } from '../refusals.js';
import { windowPage } from '../pager.js';
import { categoryName, shortTime, snippet } from '../update-views.js';
import { childPicker } from './child-files.js';

/**
 * `/record`: a child's growth record, newest first, for anyone who may read the child's
 * file (`/record <name>` narrows the list of children). ◀ ▶ page back through the whole
 * record, a page of updates from the domain at a time, each in messages of at most 4,096
 * characters. Every press (a child, ◀ ▶) is re-checked by the domain.
 */
export const growthRecordFeature = new Composer<BotContext>();

const SNIPPET_LENGTH = 100;

/** A page of the record (or a part of it) in at most 4,096 characters; ◀ ▶ open the others. */
function recordPage(t: ChatContext['t'], record: GrowthRecord, childId: number, part: number) {
  const entries = record.entries.map((entry) => {
    const heading = [shortTime(entry.createdAt, record.timezone), categoryName(t, entry.category), entry.authorName].join(' · ');
    const followUps = entry.followUps.map(
      (followUp) => `  ↳ ${[t(`updates.followUp.kinds.${followUp.kind}`), followUp.by, shortTime(followUp.at, record.timezone)].join(' · ')}`,
    );
    return [heading, `  ${snippet(entry, SNIPPET_LENGTH)}`, ...followUps].join('\n');
  });
  const title = t('updates.record.title', { name: record.childName });
  const at = { window: record.page, windows: record.pages, part };
  const shown = windowPage(t, title, entries.length > 0 ? entries : [t('updates.record.empty')], at, (page, other) => pack({ name: 'record.page', childId, page, part: other }));
  return { text: shown.text, reply_markup: keyboard([shown.buttons]) };
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
    const { childId } = action;
    const record = await ctx.domain.updates.growthRecord(ctx.actor!, childId, 0);
    const { text, reply_markup } = recordPage(ctx.t, record, childId, 0);
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup });
  });
});

/** ◀ ▶: `qu:rp:<child>:<page>:<part>` (a button sent before parts existed has no part). */
onAction(growthRecordFeature, 'record.page', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { childId } = action;
    const record = await ctx.domain.updates.growthRecord(ctx.actor!, childId, action.page);
    const { text, reply_markup } = recordPage(ctx.t, record, childId, action.part ?? 0);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});
