import { PacingSchedule, type PaceLimit } from '../../domain/delivery/pacing.js';
import type { SendPacer } from '../../ports/delivery-state.js';

/** The SendPacer port over an in-memory schedule (one process: the local runtime, or one Lambda with reserved concurrency 1). */
export class MemorySendPacer implements SendPacer {
  constructor(private readonly schedule = new PacingSchedule()) {}
  async reserve(holder: string, limits: readonly PaceLimit[], now: Date): Promise<number> {
    return this.schedule.reserve(holder, limits, now.getTime());
  }
  async answered(holder: string, at: Date): Promise<void> {
    this.schedule.answered(holder, at.getTime());
  }
  async holdOff(key: string, until: Date): Promise<void> {
    this.schedule.holdOff(key, until.getTime());
  }
}
