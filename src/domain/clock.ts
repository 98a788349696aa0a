/** Where the domain reads the time, so tests can move it (invitation expiry, rate limits). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
