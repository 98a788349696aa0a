import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, type Action, type ActionName } from '../../actions/index.js';
import type { CampaignProgress, CampaignTarget } from '../../domain/campaigns.js';
import { wallClock } from '../../i18n/wall-clock.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { letterRefusalText } from '../letter-views.js';
import { packTexts } from '../pager.js';
import { onAction } from '../on-action.js';
import { waitForPress } from '../conversation-steps.js';
import { refusalOf } from '../refusals.js';

/**
 * Letter campaigns: `/campaign` shows admins, keepers and class teachers who has written in
 * the open campaigns; an admin starts one for a class or the whole school with a closing
 * date, either for the families to write to their children (the families are told) or for
 * the children to write "a letter to distant parents" (the keepers, who record the letters,
 * and the class teachers are told). A whole school's progress comes in as many messages as
 * 4,096 characters allow, every child listed.
 */
export const campaignsFeature = new Composer<BotContext>();

const DURATIONS = [7, 14, 28] as const;

/** The open campaigns' progress as messages of at most 4,096 characters: each campaign's heading, then a line per child. */
function progressTexts(t: ChatContext['t'], progress: CampaignProgress[]): string[] {
  if (progress.length === 0) return [t('campaigns.noneOpen')];
  const blocks = progress.flatMap(({ campaign, children }, index) => {
    const written = children.filter((child) => child.written).length;
    const where = campaign.className ?? t('campaigns.wholeSchool');
    const byChildren = campaign.audience === 'CHILDREN';
    const names = { title: campaign.title, where, closes: wallClock(campaign.closesAt, campaign.timezone).slice(0, 10), written, count: children.length };
    const heading = t(byChildren ? 'campaigns.progressTitleChildren' : 'campaigns.progressTitle', names);
    const notYet = byChildren ? 'campaigns.notYetChildren' : 'campaigns.notYet';
    const lines = children.map((child) => t(child.written ? 'campaigns.written' : notYet, { child: child.childName }));
    return [...(index > 0 ? [''] : []), heading, ...lines];
  });
  return packTexts(blocks).map((text) => text.replace(/^\n+|\n+$/g, ''));
}

function scopeButtons(t: ChatContext['t'], targets: CampaignTarget[]) {
  return targets.flatMap((target) => [
    [button(t('campaigns.forSchool', { school: target.schoolName }), pack({ name: 'campaign.scope', schoolId: target.schoolId, classId: 'school' }))],
    ...target.classes.map((klass) => [button(t('campaigns.forClass', { className: klass.name }), pack({ name: 'campaign.scope', schoolId: target.schoolId, classId: klass.id }))]),
  ]);
}

/** Waits for a press of the named action's button; anything else is answered with "press a button". Commands pass on. */
function waitForCampaignPress<N extends ActionName>(conversation: BotConversation, name: N): Promise<{ action: Action<N>; at: ChatContext }> {
  const next = async () => {
    const step = await conversation.wait();
    if (step.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    return step;
  };
  const nudge = (step: ChatContext) => (step.callbackQuery ? step.answerCallbackQuery({ text: step.t('letters.finishFirst') }) : step.reply(step.t('campaigns.pressPlease')));
  return waitForPress(next, name, nudge);
}

async function startCampaign(conversation: BotConversation, ctx: ChatContext) {
  const actor = ctx.actor!;
  const targets = await conversation.external(() => ctx.domain.campaigns.targets(actor));
  if (targets.length === 0) {
    await ctx.reply(ctx.t('campaigns.adminsOnly'));
    return;
  }
  const audiences = [
    [button(ctx.t('campaigns.forFamilies'), pack({ name: 'campaign.audience', audience: 'FAMILIES' }))],
    [button(ctx.t('campaigns.forChildren'), pack({ name: 'campaign.audience', audience: 'CHILDREN' }))],
  ];
  await ctx.reply(ctx.t('campaigns.askAudience'), { reply_markup: keyboard(audiences) });
  const who = await waitForCampaignPress(conversation, 'campaign.audience');
  await who.at.answerCallbackQuery();
  const { audience } = who.action;
  const title = ctx.t(audience === 'CHILDREN' ? 'campaigns.defaultTitle' : 'campaigns.familiesTitle');
  await who.at.editMessageText(ctx.t(audience === 'CHILDREN' ? 'campaigns.askScopeChildren' : 'campaigns.askScope', { title }), { reply_markup: keyboard(scopeButtons(ctx.t, targets)) });
  const scope = await waitForCampaignPress(conversation, 'campaign.scope');
  await scope.at.answerCallbackQuery();
  const days = DURATIONS.map((n) => button(ctx.t('campaigns.inDays', { count: n }), pack({ name: 'campaign.days', days: n })));
  await scope.at.editMessageText(ctx.t('campaigns.askClosing'), { reply_markup: keyboard([days]) });
  const closing = await waitForCampaignPress(conversation, 'campaign.days');
  const request = {
    audience,
    schoolId: scope.action.schoolId,
    classId: scope.action.classId === 'school' ? null : scope.action.classId,
    days: closing.action.days,
    title,
  };
  const outcome = await refusalOf(conversation, () => ctx.app.letters.startCampaign(actor, request));
  await closing.at.answerCallbackQuery();
  if ('refused' in outcome) {
    await closing.at.editMessageText(letterRefusalText(ctx.t, outcome.refused));
    return;
  }
  const { campaign, families, staff, children } = outcome.value;
  const names = { title: campaign.title, where: campaign.className ?? ctx.t('campaigns.wholeSchool'), closes: wallClock(campaign.closesAt, campaign.timezone).slice(0, 10) };
  await closing.at.editMessageText(
    audience === 'CHILDREN' ? ctx.t('campaigns.startedChildren', { ...names, children, count: staff.length }) : ctx.t('campaigns.started', { ...names, count: families.length }),
  );
}

campaignsFeature.use(createConversation(startCampaign, 'start-campaign'));

campaignsFeature.command('campaign', async (ctx) => {
  if (!ctx.user) return;
  const actor = ctx.actor!;
  const [progress, targets, roles] = await Promise.all([ctx.domain.campaigns.progress(actor), ctx.domain.campaigns.targets(actor), ctx.domain.users.rolesOf(actor)]);
  if (progress === null) {
    await ctx.reply(ctx.t('campaigns.staffOnly'));
    return;
  }
  const recording = progress.some(({ campaign }) => campaign.audience === 'CHILDREN') && (roles.includes('KEEPER') || roles.includes('ADMIN'));
  const buttons = [
    ...(recording ? [[button(ctx.t('letters.recordChildLetter'), pack({ name: 'letter.recordChild' }))]] : []),
    ...(targets.length > 0 ? [[button(ctx.t('campaigns.start'), pack({ name: 'campaign.start' }))]] : []),
  ];
  const texts = progressTexts(ctx.t, progress);
  for (const [index, text] of texts.entries()) await ctx.reply(text, index === texts.length - 1 ? { reply_markup: keyboard(buttons) } : {});
});

onAction(campaignsFeature, 'campaign.start', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('start-campaign');
});
