import { Composer } from 'grammy';
import type { GrowthRecord } from '../../domain/updates.js';
import type { BotContext, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { explainingRefusals, idFrom } from '../refusals.js';
import { listPage } from '../pager.js';
import { categoryName, shortTime, snippet } from '../update-views.js';

/**
 * `/record`: a child's growth record, newest first, for anyone who may read the child's
 * file (`/record <name>` narrows the list of children), a page of 4,096 characters at a time.
 * Every press (a child, ◀ ▶) is re-checked by the domain.
 */
export const growthRecordFeature = new Composer<BotContext>();

const SNIPPET_LENGTH = 100;

/** The record as one page of at most 4,096 characters; ◀ ▶ open the others. */
function recordPage(t: ChatContext['t'], record: GrowthRecord, childId: number, page: number) {
  const entries = record.entries.map((entry) => {
    const heading = [shortTime(entry.createdAt, record.timezone), categoryName(t, entry.category), entry.authorName].join(' · ');
    const followUps = entry.followUps.map(
      (followUp) => `  ↳ ${[t(`updates.followUp.kinds.${followUp.kind}`), followUp.by, shortTime(followUp.at, record.timezone)].join(' · ')}`,
    );
    return [heading, `  ${snippet(entry, SNIPPET_LENGTH)}`, ...followUps].join('\n');
  });
  const shown = listPage(t, t('updates.record.title', { name: record.childName }), entries.length > 0 ? entries : [t('updates.record.empty')], page, (other) => `qu:rp:${childId}:${other}`);
  return { text: shown.text, reply_markup: keyboard([shown.buttons]) };
}

growthRecordFeature.command('record', async (ctx) => {
  if (!ctx.user) return;
  const children = await ctx.domain.children.listChildren({ userId: ctx.user.id }, ctx.match.trim() || undefined);
  if (children.length === 0) {
    await ctx.reply(ctx.t('childFile.noneVisible'));
    return;
  }
  const buttons = children.map((child) => button(child.className ? `${child.name} · ${child.className}` : child.name, `qu:r:${child.id}`));
  await ctx.reply(ctx.t('updates.record.pick'), { reply_markup: keyboard(grid(buttons, 2)) });
});

growthRecordFeature.callbackQuery(/^qu:r:(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const childId = idFrom(ctx.match[1]);
    const record = await ctx.domain.updates.growthRecord({ userId: ctx.user!.id }, childId);
    const { text, reply_markup } = recordPage(ctx.t, record, childId, 0);
    await ctx.answerCallbackQuery();
    await ctx.reply(text, { reply_markup });
  });
});

growthRecordFeature.callbackQuery(/^qu:rp:(\d+):(\d+)$/, async (ctx) => {
  await explainingRefusals(ctx, async () => {
    const childId = idFrom(ctx.match[1]);
    const record = await ctx.domain.updates.growthRecord({ userId: ctx.user!.id }, childId);
    const { text, reply_markup } = recordPage(ctx.t, record, childId, Number(ctx.match[2]));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(text, { reply_markup });
  });
});
