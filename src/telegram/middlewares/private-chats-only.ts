import type { MiddlewareFn } from 'grammy';
import type { ChatContext } from '../context.js';

function wasJustAdded(ctx: ChatContext): boolean {
  const status = ctx.myChatMember?.new_chat_member.status;
  return status === 'member' || status === 'administrator';
}

/**
 * Children's news is shared one to one, so the bot works only in private chats. In a group
 * or channel it answers commands, and being added, with a pointer to a private chat.
 */
export const privateChatsOnly: MiddlewareFn<ChatContext> = async (ctx, next) => {
  if (!ctx.chat || ctx.chat.type === 'private') return next();
  if (ctx.chat.type === 'channel') return;
  if (ctx.message?.text?.startsWith('/') || wasJustAdded(ctx)) {
    await ctx.reply(ctx.t('groups.privateOnly'));
  }
};
