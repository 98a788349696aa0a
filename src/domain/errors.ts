/**
 * A rule of the school stopped the action. `reason` is a stable code the chat layer
 * turns into a localized message; it never carries personal data.
 */
export class DomainError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DomainError';
  }
}
