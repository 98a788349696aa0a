import type { Composer, Filter } from 'grammy';
import { unpack, type Action, type ActionName } from '../actions/index.js';
import type { BotContext } from './context.js';

/** A button press whose callback data was read as an action. */
export type ActionContext = Filter<BotContext, 'callback_query:data'>;

/** Each press's data read once, however many handlers look at it on the way down the chain. */
const unpacked = new WeakMap<object, Action | undefined>();

function actionOf(ctx: ActionContext): Action | undefined {
  if (!unpacked.has(ctx.callbackQuery)) unpacked.set(ctx.callbackQuery, unpack(ctx.callbackQuery.data));
  return unpacked.get(ctx.callbackQuery);
}

/**
 * Handles presses of one kind of button: the callback data is read and checked by `unpack`
 * (a forged or malformed press matches no handler and goes on down the chain), and the
 * handler gets the typed action instead of a regex match.
 */
export function onAction<N extends ActionName>(composer: Composer<BotContext>, name: N, handler: (ctx: ActionContext, action: Action<N>) => Promise<unknown>): void {
  composer.on('callback_query:data', async (ctx, next) => {
    const action = actionOf(ctx);
    if (action?.name !== name) return next();
    await handler(ctx, action as Action<N>);
  });
}
