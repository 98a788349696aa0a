/** The deep link that opens the bot with `/start <code>`. */
export function inviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}
