/**
 * Send pacing with reservations (a staged generic cell rate algorithm): each sender (holder) takes the next free slot
 * on each limit in turn (per chat first, then per bot), and is told how long to wait for it. A holder that comes back
 * keeps its place, so a re-queued message never takes a second slot, and a busy chat never blocks the bot for others.
 * Pure: state lives in this object, time is passed in.
 */

export interface PaceLimit {
  /** e.g. "telegram:bot" or "telegram:chat:123". */
  key: string;
  perSecond: number;
  /** Extra spacing per send, so network jitter between reserving and arriving never squeezes two sends into one window. */
  marginMs?: number;
}

interface Hold {
  stage: number;
  at: number;
}

export class PacingSchedule {
  private readonly next = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
  private calls = 0;

  /** Milliseconds `holder` must wait before sending under every limit; 0 means send now (the slots are taken). */
  reserve(holder: string, limits: readonly PaceLimit[], nowMs: number): number {
    if (++this.calls % 1024 === 0) this.prune(nowMs);
    const hold = this.holds.get(holder);
    if (hold && hold.at > nowMs) return hold.at - nowMs;
    for (let stage = hold?.stage ?? 0; stage < limits.length; stage++) {
      const limit = limits[stage]!;
      if (!(limit.perSecond > 0)) continue;
      const slot = Math.max(nowMs, this.next.get(limit.key) ?? 0);
      this.next.set(limit.key, slot + 1000 / limit.perSecond + (limit.marginMs ?? 0));
      if (slot > nowMs) {
        this.holds.set(holder, { stage: stage + 1, at: slot });
        return slot - nowMs;
      }
    }
    this.holds.delete(holder);
    return 0;
  }

  /** Nobody sends on `key` before `untilMs` (after a 429 with retry_after). */
  holdOff(key: string, untilMs: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, untilMs));
  }

  /** Forgets slots long past and holders that never came back. */
  private prune(nowMs: number): void {
    for (const [key, at] of this.next) if (at < nowMs - 1000) this.next.delete(key);
    for (const [holder, hold] of this.holds) if (hold.at < nowMs - 15 * 60_000) this.holds.delete(holder);
  }
}

/** The SendPacer port over an in-memory schedule (one process: the local runtime, or one Lambda with reserved concurrency 1). */
export class MemorySendPacer {
  constructor(private readonly schedule = new PacingSchedule()) {}
  async reserve(holder: string, limits: readonly PaceLimit[], now: Date): Promise<number> {
    return this.schedule.reserve(holder, limits, now.getTime());
  }
  async holdOff(key: string, until: Date): Promise<void> {
    this.schedule.holdOff(key, until.getTime());
  }
}

/** Telegram's limits, per chat first, then per bot; 10 % and 3 % spacing margins absorb jitter between reservation and arrival. */
export function telegramLimits(chatId: string, cfg: { perChatPerSecond: number; perBotPerSecond: number }): PaceLimit[] {
  return [
    { key: `telegram:chat:${chatId}`, perSecond: cfg.perChatPerSecond, marginMs: 100 / cfg.perChatPerSecond },
    { key: 'telegram:bot', perSecond: cfg.perBotPerSecond, marginMs: 30 / cfg.perBotPerSecond },
  ];
}
