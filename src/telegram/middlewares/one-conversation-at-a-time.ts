import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * Starting something new leaves whatever conversation was still open: a user who types
 * `/quiet` while the child form waits gets the quiet-hours questions, not an error. Every
 * feature enters conversations through `ctx.conversation.enter`, so the rule lives here once.
 */
export const oneConversationAtATime: MiddlewareFn<BotContext> = (ctx, next) => {
  const controls = ctx.conversation;
  const enter = controls.enter.bind(controls);
  controls.enter = (async (id: string, ...args: unknown[]) => {
    if (Object.keys(controls.active()).length > 0) await controls.exitAll();
    return enter(id, ...args);
  }) as typeof controls.enter;
  return next();
};
