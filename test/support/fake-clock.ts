import type { Clock } from '../../shared/ports/clock.js';

/** A clock tests move by hand. */
export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-20T10:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
