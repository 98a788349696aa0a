import { TELEGRAM, type ChannelName } from '../domain/channel-accounts.js';

/** What a channel's invitation link is built from: the bot's username on Telegram; a WeCom app's id later. */
export type InviteLinkTarget = { channel: typeof TELEGRAM; botUsername: string };

/** Builds one channel's invitation link (the code inside it), so inviting is the same on every channel. */
export interface InviteLinks {
  readonly channel: ChannelName;
  link(code: string): string;
}

/**
 * The link an invitee opens to join with `code` on the target's channel: on Telegram the
 * deep link that opens the bot with `/start <code>`.
 */
export function inviteLinksFor(target: InviteLinkTarget): InviteLinks {
  switch (target.channel) {
    case TELEGRAM:
      return { channel: TELEGRAM, link: (code) => `https://t.me/${target.botUsername}?start=${code}` };
  }
}
