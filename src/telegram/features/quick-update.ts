import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { pack, unpack } from '../../actions/index.js';
import type { Message } from 'grammy/types';
import type { Reply } from '../../app/reply.js';
import { saveQuestion, staffOnly } from '../../app/update-replies.js';
import type { UpdateMediaItem, UpdateTarget } from '../../domain/updates.js';
import type { BotContext, BotConversation, ChatContext } from '../context.js';
import { waitForPress } from '../conversation-steps.js';
import { refusalOf, refusalText } from '../refusals.js';
import { editWith, replyWith } from '../reply.js';
import { concernFollowUpFeature } from './concern-follow-up.js';
import { growthRecordFeature } from './growth-record.js';
import { myUpdatesFeature } from './my-updates.js';

/**
 * Quick updates: a teacher sends a text, photos (an album becomes one update), a voice
 * note or a video, or starts with `/update`; then three taps: the child (recent ones first, a typed
 * name searches, or the whole class), the category, and "save" or "save as concern".
 * Only staff get the flow: anyone else's message goes on to the handlers after this one.
 */
export const quickUpdateFeature = new Composer<BotContext>();

/** What the teacher sent so far: the text, the photos and voice notes, and the album they came in. */
interface Draft {
  text: string | null;
  media: UpdateMediaItem[];
  album: string | null;
}

type SaveMode = 'plain' | 'concern' | 'urgent';

const MAX_MEDIA = 10;
const DONT_SAVE = pack({ name: 'update.dontSave' });
/** The save buttons' letters: plain, concern, urgent concern. */
const SAVE_MODES: Record<'n' | 'c' | 'u', SaveMode> = { n: 'plain', c: 'concern', u: 'urgent' };

/**
 * The content of a message: a text that is not a command, or a photo (its largest size), a
 * voice note, a video or a round video note, with its caption.
 */
function draftFrom(message: Message | undefined): Draft | undefined {
  if (message?.text !== undefined) return message.text.startsWith('/') ? undefined : { text: message.text, media: [], album: null };
  const media = mediaOf(message);
  return media ? { text: message?.caption ?? null, media: [media], album: message?.media_group_id ?? null } : undefined;
}

/** The one piece of media a message carries, if any. */
function mediaOf(message: Message | undefined): UpdateMediaItem | undefined {
  const photo = message?.photo?.at(-1);
  if (photo) return { kind: 'photo', fileId: photo.file_id };
  if (message?.voice) return { kind: 'voice', fileId: message.voice.file_id };
  if (message?.video) return { kind: 'video', fileId: message.video.file_id };
  if (message?.video_note) return { kind: 'video_note', fileId: message.video_note.file_id };
  return undefined;
}

/** Whether the person may post updates, or the reply saying it is the staff's; nobody known yet may not. */
async function mayPost(ctx: ChatContext): Promise<{ posting: true } | { reply: Reply }> {
  return ctx.user ? ctx.app.updates.mayPost(ctx.actor!) : { reply: staffOnly() };
}

/**
 * Waits for the teacher's next step. Photos, voice notes and videos sent meanwhile join the draft
 * (the rest of an album silently, as its photos arrive one update each); commands go on
 * to their handlers.
 */
async function nextStep(conversation: BotConversation, draft: Draft): Promise<ChatContext> {
  for (;;) {
    const ctx = await conversation.wait();
    if (ctx.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    const more = mediaOf(ctx.message) ? draftFrom(ctx.message) : undefined;
    if (!more) return ctx;
    const sameAlbum = more.album !== null && more.album === draft.album;
    draft.media.push(...more.media.slice(0, MAX_MEDIA - draft.media.length));
    draft.text = [draft.text, more.text].filter(Boolean).join('\n') || null;
    draft.album = more.album ?? draft.album;
    if (!sameAlbum) await ctx.reply(ctx.t('updates.added'));
  }
}

/** Answers a press that does not belong to the current step. */
async function notThisStep(ctx: ChatContext): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('updates.finishFirst') });
  else await ctx.reply(ctx.t('updates.pressPlease'));
}

async function askContent(conversation: BotConversation, ctx: ChatContext): Promise<Draft> {
  await ctx.reply(ctx.t('updates.askContent'));
  for (;;) {
    const step = await conversation.wait();
    if (step.message?.text?.startsWith('/')) await conversation.skip({ next: true });
    const draft = draftFrom(step.message);
    if (draft) return draft;
    if (step.callbackQuery) await step.answerCallbackQuery({ text: step.t('updates.finishFirst') });
    else await step.reply(step.t('updates.contentPlease'));
  }
}

function targetFrom(data: string | undefined): UpdateTarget | undefined {
  const pressed = unpack(data ?? '');
  if (pressed?.name === 'update.child') return { childIds: [pressed.childId] };
  return pressed?.name === 'update.class' ? { classId: pressed.classId } : undefined;
}

/**
 * Tap 1: a child (or a whole class) from the buttons or from a search by typed name; re-checked
 * by the app, which then asks for the category. "Don't save" ends the update with nothing saved.
 */
async function pickTarget(conversation: BotConversation, ctx: ChatContext, draft: Draft) {
  const actor = ctx.actor!;
  const whom = await conversation.external(() => ctx.app.updates.whomAbout(actor));
  await replyWith(ctx, whom.reply);
  if (!whom.canPick) return undefined;
  for (;;) {
    const step = await nextStep(conversation, draft);
    if (step.callbackQuery?.data === DONT_SAVE) {
      await step.answerCallbackQuery();
      await step.editMessageText(step.t('updates.notSaved'));
      return undefined;
    }
    const target = targetFrom(step.callbackQuery?.data);
    if (target) {
      const checked = await refusalOf(conversation, () => ctx.app.updates.pickTarget(actor, target));
      if ('refused' in checked) {
        await step.answerCallbackQuery({ text: refusalText(step.t, checked.refused), show_alert: true });
        continue;
      }
      await step.answerCallbackQuery();
      return { target, named: checked.value.target, categoryQuestion: checked.value.reply, at: step };
    }
    const query = step.message?.text;
    if (query === undefined) {
      await notThisStep(step);
      continue;
    }
    await replyWith(step, await conversation.external(() => ctx.app.updates.search(actor, query)));
  }
}

async function quickUpdate(conversation: BotConversation, ctx: ChatContext, start: Draft | null) {
  const actor = ctx.actor!;
  const draft = start ?? (await askContent(conversation, ctx));
  const picked = await pickTarget(conversation, ctx, draft);
  if (!picked) return;
  const next = () => nextStep(conversation, draft);
  await editWith(picked.at, picked.categoryQuestion);
  const { action: categoryPress, at } = await waitForPress(next, 'update.category', notThisStep);
  await at.answerCallbackQuery();
  const { category } = categoryPress;
  await editWith(at, saveQuestion(picked.named, category));
  const { action: savePress, at: last } = await waitForPress(next, 'update.save', notThisStep);
  const mode = SAVE_MODES[savePress.mode];
  const outcome = await refusalOf(conversation, async () => {
    const posted = await ctx.app.updates.post(actor, {
      target: picked.target,
      category,
      text: draft.text,
      media: draft.media,
      concern: mode !== 'plain',
      urgent: mode === 'urgent',
    });
    return posted.reply;
  });
  if ('refused' in outcome) {
    await last.answerCallbackQuery({ text: refusalText(last.t, outcome.refused), show_alert: true });
    await last.editMessageText(refusalText(last.t, outcome.refused));
    return;
  }
  await last.answerCallbackQuery();
  await editWith(last, outcome.value);
}

quickUpdateFeature.use(createConversation(quickUpdate, 'quick-update'));
quickUpdateFeature.use(myUpdatesFeature, growthRecordFeature, concernFollowUpFeature);

quickUpdateFeature.command('update', async (ctx) => {
  const posting = await mayPost(ctx);
  if ('reply' in posting) {
    await replyWith(ctx, posting.reply);
    return;
  }
  await ctx.conversation.exitAll();
  await ctx.conversation.enter('quick-update', null);
});

quickUpdateFeature.on(['message:text', 'message:photo', 'message:voice', 'message:video', 'message:video_note'], async (ctx, next) => {
  const draft = draftFrom(ctx.message);
  if (!draft || 'reply' in (await mayPost(ctx))) return next();
  await ctx.conversation.enter('quick-update', draft);
});
