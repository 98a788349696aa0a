import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import type { Action, ActionName } from '../../actions/index.js';
import { campaignClosingQuestion, campaignScopeQuestion, campaignTitle } from '../../app/letter-replies.js';
import { say } from '../../i18n/words.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { letterRefusalText } from '../letter-views.js';
import { choicesKeyboard, editWith, replyWith } from '../reply.js';
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
  const start = await conversation.external(() => ctx.app.letters.newCampaign(actor));
  if ('reply' in start) {
    await replyWith(ctx, start.reply);
    return;
  }
  await replyWith(ctx, start.ask);
  const who = await waitForCampaignPress(conversation, 'campaign.audience');
  await who.at.answerCallbackQuery();
  const { audience } = who.action;
  await editWith(who.at, campaignScopeQuestion(audience, start.targets));
  const scope = await waitForCampaignPress(conversation, 'campaign.scope');
  await scope.at.answerCallbackQuery();
  await editWith(scope.at, campaignClosingQuestion());
  const closing = await waitForCampaignPress(conversation, 'campaign.days');
  const request = {
    audience,
    schoolId: scope.action.schoolId,
    classId: scope.action.classId === 'school' ? null : scope.action.classId,
    days: closing.action.days,
    title: say(ctx.t, campaignTitle(audience)),
  };
  const outcome = await refusalOf(conversation, async () => (await ctx.app.letters.startCampaign(actor, request)).reply);
  await closing.at.answerCallbackQuery();
  if ('refused' in outcome) await closing.at.editMessageText(letterRefusalText(ctx.t, outcome.refused));
  else await editWith(closing.at, outcome.value);
}

campaignsFeature.use(createConversation(startCampaign, 'start-campaign'));

/** `/campaign`: the progress in as many messages as Telegram's 4,096 characters need, split between lines, the choices under the last. */
campaignsFeature.command('campaign', async (ctx) => {
  if (!ctx.user) return;
  const progress = await ctx.app.letters.campaigns(ctx.actor!);
  const texts = packTexts(say(ctx.t, progress.words).split('\n')).map((text) => text.replace(/^\n+|\n+$/g, ''));
  for (const [index, text] of texts.entries()) await ctx.reply(text, index === texts.length - 1 ? { reply_markup: choicesKeyboard(ctx.t, progress.choices) } : {});
});

onAction(campaignsFeature, 'campaign.start', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('start-campaign');
});
