/** The channels a person can have an account on: Telegram today, WeCom later. */
export type ChannelName = 'telegram';

/** The Telegram channel's name, as stored in `ChannelAccount.channel`. */
export const TELEGRAM: ChannelName = 'telegram';

/** One person's identity on one channel: the id an update comes from and messages go to. */
export interface ChannelAddress {
  channel: ChannelName;
  /** The channel's id for the person, as text (a Telegram user id in decimal). */
  externalId: string;
}

/** The account of a Telegram user id, so Telegram code never spells out the channel's name. */
export function telegramAccount(telegramUserId: number): ChannelAddress {
  return { channel: TELEGRAM, externalId: String(telegramUserId) };
}
