import { performance } from 'node:perf_hooks';

/** A wall clock that runs with real time from a chosen instant, and that tests can move. */
export class TestClock {
  private base = 0;
  private startedAt = 0;
  constructor(iso: string) {
    this.set(iso);
  }
  set(iso: string): void {
    this.base = Date.parse(iso);
    this.startedAt = performance.now();
  }
  advance(ms: number): void {
    this.base += ms;
  }
  readonly now = (): Date => new Date(this.base + performance.now() - this.startedAt);
}
