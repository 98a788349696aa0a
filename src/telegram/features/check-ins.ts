import { Composer } from 'grammy';
import { pack } from '../../actions/index.js';
import { createConversation } from '@grammyjs/conversations';
import type { OutgoingButton } from '../../delivery/message.js';
import type { CheckInStep, CheckInSummary, CheckInView } from '../../domain/check-ins.js';
import { DomainError } from '../../domain/errors.js';
import { checkInQuestion, worriesFromMask } from '../../notifications/check-ins.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { button, keyboard } from '../keyboards.js';
import { onAction } from '../on-action.js';
import { refusalOf, refusalText } from '../refusals.js';

/**
 * The parent's side of the monthly check-in: each button press is re-checked by the domain,
 * saved, and replaces the question with the next one (talk → worries → coming home → call),
 * then an optional text or voice note for the teacher, or "skip". "Answer now" under the
 * reminder brings back the question the parent stopped at; late answers are welcome.
 * A guardian at home answers one question instead (good / so-so / worrying); a worrying
 * answer tells the teacher at once, and a voice note may follow as after the parents' questions.
 */
export const checkInsFeature = new Composer<BotContext>();

/** Ticked worries fit in four bits, one per worry. */
const WORRY_MASKS = 16;

function inline(rows: OutgoingButton[][]) {
  return keyboard(rows.map((row) => row.map((b) => button(b.text, b.data))));
}

/** Runs a press's action; a domain refusal becomes an alert in the parent's language. */
async function explained(ctx: ChatContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    ctx.log.info({ reason: error.reason }, 'check-in press refused');
    await ctx.answerCallbackQuery({ text: refusalText(ctx.t, error.reason), show_alert: true });
  }
}

/** Replaces the pressed message with the check-in's next question. */
async function showNext(ctx: ChatContext, view: CheckInView, step: Exclude<CheckInStep, 'done'>, mask = 0): Promise<void> {
  const question = checkInQuestion(ctx.t, view, step, mask);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(question.text, { reply_markup: inline(question.buttons) });
}

/** The optional last step: a text or voice note for the teacher, or "skip". Commands and other buttons leave it. */
async function checkInMessage(conversation: BotConversation, ctx: ChatContext, checkInId: number, childName: string, promptId: number) {
  const actor = ctx.actor!;
  for (;;) {
    const step = await conversation.wait();
    const data = step.callbackQuery?.data;
    if (data === pack({ name: 'checkIn.skip', checkInId })) {
      await step.answerCallbackQuery();
      await step.editMessageText(step.t('checkIns.thanks', { child: childName }));
      return;
    }
    if (data !== undefined || step.message?.text?.startsWith('/')) return conversation.halt({ next: true });
    if (!step.message) continue;
    const content = step.message.text ? { text: step.message.text } : step.message.voice ? { voiceFileId: step.message.voice.file_id } : undefined;
    if (!content) {
      await step.reply(step.t('checkIns.textOrVoice'));
      continue;
    }
    const outcome = await refusalOf(conversation, async () => {
      await ctx.app.checkIns.addMessage(actor, checkInId, content);
    });
    if ('value' in outcome) {
      await step.api.editMessageText(step.chat!.id, promptId, step.t('checkIns.thanks', { child: childName }));
      await step.reply(step.t('checkIns.messageSent', { child: childName }));
      return;
    }
    await step.reply(refusalText(step.t, outcome.refused));
    if (!outcome.refused.startsWith('invalid:')) return;
  }
}

checkInsFeature.use(createConversation(checkInMessage, 'check-in-message'));

onAction(checkInsFeature, 'checkIn.talk', async (ctx, action) => {
  await explained(ctx, async () => {
    const view = await ctx.app.checkIns.answerTalk(ctx.actor!, action.checkInId, action.often);
    await showNext(ctx, view, 'worries');
  });
});

onAction(checkInsFeature, 'checkIn.worry', async (ctx, action) => {
  await explained(ctx, async () => {
    const { mask } = action;
    if (!(mask < WORRY_MASKS)) throw new DomainError('forbidden');
    const view = await ctx.domain.checkIns.atWorries(ctx.actor!, action.checkInId);
    await showNext(ctx, view, 'worries', mask);
  });
});

onAction(checkInsFeature, 'checkIn.worriesDone', async (ctx, action) => {
  await explained(ctx, async () => {
    const { mask } = action;
    if (!(mask < WORRY_MASKS)) throw new DomainError('forbidden');
    const view = await ctx.app.checkIns.answerWorries(ctx.actor!, action.checkInId, worriesFromMask(mask));
    await showNext(ctx, view, 'home');
  });
});

onAction(checkInsFeature, 'checkIn.home', async (ctx, action) => {
  await explained(ctx, async () => {
    const view = await ctx.app.checkIns.answerComingHome(ctx.actor!, action.checkInId, action.month);
    await showNext(ctx, view, 'call');
  });
});

/** Thanks for a completed check-in and offers the optional note for the teacher. */
async function offerMessage(ctx: ChatContext & BotContext, summary: CheckInSummary): Promise<void> {
  await ctx.answerCallbackQuery();
  const prompt = `${ctx.t('checkIns.thanks', { child: summary.childName })}\n\n${ctx.t('checkIns.askMessage')}`;
  await ctx.editMessageText(prompt, { reply_markup: inline([[{ text: ctx.t('checkIns.skip'), data: pack({ name: 'checkIn.skip', checkInId: summary.id }) }]]) });
  await ctx.conversation.enter('check-in-message', summary.id, summary.childName, ctx.callbackQuery!.message!.message_id);
}

onAction(checkInsFeature, 'checkIn.call', async (ctx, action) => {
  await explained(ctx, async () => {
    const summary = await ctx.app.checkIns.answerWantsCall(ctx.actor!, action.checkInId, action.answer === 'YES');
    await offerMessage(ctx, summary);
  });
});

onAction(checkInsFeature, 'checkIn.atHome', async (ctx, action) => {
  await explained(ctx, async () => {
    const summary = await ctx.app.checkIns.answerAtHome(ctx.actor!, action.checkInId, action.answer);
    await offerMessage(ctx, summary);
  });
});

onAction(checkInsFeature, 'checkIn.skip', async (ctx, action) => {
  await explained(ctx, async () => {
    const view = await ctx.domain.checkIns.current(ctx.actor!, action.checkInId);
    if (view.step !== 'done') throw new DomainError('forbidden');
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('checkIns.thanks', { child: view.childName }));
  });
});

onAction(checkInsFeature, 'checkIn.open', async (ctx, action) => {
  await explained(ctx, async () => {
    const view = await ctx.domain.checkIns.current(ctx.actor!, action.checkInId);
    if (view.step === 'done') {
      await ctx.answerCallbackQuery({ text: ctx.t('checkIns.alreadyAnswered') });
      return;
    }
    const question = checkInQuestion(ctx.t, view, view.step);
    await ctx.answerCallbackQuery();
    await ctx.reply(question.text, { reply_markup: inline(question.buttons) });
  });
});
