import { Composer, InputFile } from 'grammy';
import { renderReportChart } from '../../printing/report-chart.js';
import type { BotContext } from '../context.js';
import { explainingRefusals } from '../refusals.js';
import { replyWith } from '../reply.js';

/** `/report`: admins see their school by class, class teachers their own class, this month and last. */
export const reportsFeature = new Composer<BotContext>();

reportsFeature.command('report', async (ctx) => {
  if (!ctx.user) {
    await ctx.reply(ctx.t('refusals.forbidden'));
    return;
  }
  const actor = ctx.actor!;
  await explainingRefusals(ctx, async () => {
    const { report, reply } = await ctx.app.reports.mine(actor);
    ctx.log.info({ school: report.schoolId, classes: report.classes.length }, 'report shown');
    await replyWith(ctx, reply);
    await ctx.replyWithPhoto(new InputFile(await renderReportChart(ctx.t, report), 'report.png'));
  });
});
