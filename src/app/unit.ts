import type { Domain } from '../domain/index.js';
import type { Notifications } from '../notifications/index.js';

/** What one use case works with, all bound to its transaction. */
export interface Unit {
  domain: Domain;
  notifications: Notifications;
  /** The moment the use case runs, from the injected clock. */
  now: Date;
}

/** Runs a use case's work in one transaction: its domain change and its queued messages are kept together or not at all. */
export type InTransaction = <T>(work: (unit: Unit) => Promise<T>) => Promise<T>;
