import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, unpack } from '../../actions/index.js';
import { ALERT_KINDS, isAlertKind } from '../../domain/safeguarding.js';
import { alertButtons, alertText, stepDue } from '../../notifications/safeguarding.js';
import { wallClock } from '../../i18n/wall-clock.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, grid, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { explainingRefusals, refusalOf, refusalText } from '../refusals.js';

/**
 * `/alert`: a teacher or keeper raises a safeguarding alert for a child (missing, left
 * without a guardian, injured, suspected harm, other) with an optional note; the school's
 * admins get it at once (else the class teacher, else the Children's Home keepers), and the
 * raiser is told it is being sent, never that it arrived before the outbox says so. `/alerts` lists the open alerts one may see; the checklist
 * buttons (`sg:<step>:<id>`) are re-checked by the domain on every press.
 */
export const safeguardingFeature = new Composer<BotContext>();

function buttonsOf(rows: { text: string; data: string }[][]) {
  return keyboard(rows.map((row) => row.map((b) => button(b.text, b.data))));
}

/** Waits for a press; a command leaves the alert and goes on to its handler. */
async function nextStep(conversation: BotConversation): Promise<ChatContext> {
  const step = await conversation.wait();
  if (step.message?.text?.startsWith('/')) await conversation.halt({ next: true });
  return step;
}

async function raiseAlert(conversation: BotConversation, ctx: ChatContext) {
  const actor = ctx.actor!;
  const children = await conversation.external(() => ctx.domain.safeguarding.alertableChildren(actor));
  if (children.length === 0) return void (await ctx.reply(ctx.t('safeguarding.noChildren')));
  await ctx.reply(ctx.t('safeguarding.pickChild'), { reply_markup: keyboard(grid(children.map((c) => button(c.name, pack({ name: 'alert.child', childId: c.id }))), 2)) });
  let child: { id: number; name: string } | undefined;
  let at = ctx;
  while (!child) {
    at = await nextStep(conversation);
    const picked = unpack(at.callbackQuery?.data ?? '');
    if (picked?.name !== 'alert.child') continue;
    const target = await refusalOf(conversation, () => ctx.domain.safeguarding.alertTarget(actor, picked.childId));
    if ('refused' in target) await at.answerCallbackQuery({ text: refusalText(at.t, target.refused), show_alert: true });
    else child = target.value;
  }
  await at.answerCallbackQuery();
  const kinds = ALERT_KINDS.map((kind) => button(at.t(`safeguarding.kinds.${kind}`), pack({ name: 'alert.kind', kind })));
  await at.editMessageText(at.t('safeguarding.pickKind', { child: child.name }), { reply_markup: keyboard(grid(kinds, 2)) });
  let kind: string | undefined;
  while (!isAlertKind(kind)) {
    at = await nextStep(conversation);
    const pressed = unpack(at.callbackQuery?.data ?? '');
    kind = pressed?.name === 'alert.kind' ? pressed.kind : undefined;
  }
  await at.answerCallbackQuery();
  await at.editMessageText(at.t('safeguarding.askNote', { child: child.name, kind: at.t(`safeguarding.kinds.${kind}`) }), {
    reply_markup: keyboard([[button(at.t('safeguarding.noNote'), pack({ name: 'alert.noNote' }))]]),
  });
  let note: string | null | undefined;
  while (note === undefined) {
    at = await nextStep(conversation);
    if (at.callbackQuery?.data === pack({ name: 'alert.noNote' })) {
      await at.answerCallbackQuery();
      note = null;
    } else if (at.message?.text) note = at.message.text;
  }
  const chosenKind = kind;
  const chosenChild = child.id;
  const raised = await refusalOf(conversation, () => ctx.app.safeguarding.raise(actor, chosenChild, chosenKind, note ?? null));
  if ('refused' in raised) return void (await at.reply(refusalText(at.t, raised.refused)));
  const { alert, told } = raised.value;
  const sending = alert.sendTo && told > 0 ? at.t(`safeguarding.sending.${alert.sendTo.tier}`, { count: told }) : at.t('safeguarding.sendingNobody');
  const deadlines = at.t('safeguarding.deadlines', { guardianDue: stepDue(alert, 'guardian'), parentsDue: stepDue(alert, 'parents') });
  await at.reply(`${sending}\n${deadlines}\n\n${alertText(at.t, alert)}`, { reply_markup: buttonsOf(alertButtons(at.t, alert)) });
}

safeguardingFeature.use(createConversation(raiseAlert, 'safeguarding-alert'));

safeguardingFeature.command('alert', (ctx) => ctx.conversation.enter('safeguarding-alert'));

safeguardingFeature.command('alerts', async (ctx) => {
  const alerts = await ctx.domain.safeguarding.openAlerts(ctx.actor!);
  if (alerts.length === 0) return void (await ctx.reply(ctx.t('safeguarding.noneOpen')));
  for (const alert of alerts) await ctx.reply(alertText(ctx.t, alert), { reply_markup: buttonsOf(alertButtons(ctx.t, alert)) });
});

onAction(safeguardingFeature, 'alert.step', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const alert = await ctx.app.safeguarding.acknowledge(ctx.actor!, action.alertId, action.step);
    await ctx.answerCallbackQuery({ text: ctx.t('safeguarding.acknowledged') });
    await ctx.editMessageText(alertText(ctx.t, alert), { reply_markup: buttonsOf(alertButtons(ctx.t, alert)) });
  });
});

onAction(safeguardingFeature, 'alert.notifyParents', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const { alert, first, parents } = await ctx.app.safeguarding.notifyParents(ctx.actor!, action.alertId);
    await ctx.answerCallbackQuery({ text: first ? ctx.t('safeguarding.parentsSent', { count: parents.length }) : ctx.t('safeguarding.parentsAlready') });
    await ctx.editMessageText(alertText(ctx.t, alert), { reply_markup: buttonsOf(alertButtons(ctx.t, alert)) });
  });
});

onAction(safeguardingFeature, 'alert.status', async (ctx, action) => {
  await explainingRefusals(ctx, async () => {
    const status = await ctx.domain.safeguarding.statusForFamily(ctx.actor!, action.alertId);
    await ctx.answerCallbackQuery();
    await ctx.reply(status.resolvedAt ? ctx.t('safeguarding.statusResolved', { at: wallClock(status.resolvedAt, status.timezone) }) : ctx.t('safeguarding.statusOpen'));
  });
});
