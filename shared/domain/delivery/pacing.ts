/**
 * Send pacing with reservations (a staged generic cell rate algorithm): each sender (holder) takes the next free slot
 * on each limit in turn (per chat first, then per bot), and is told how long to wait for it. A holder that comes back
 * keeps its place, so a re-queued message never takes a second slot, and a busy chat never blocks the bot for others.
 * Before the final go, actual sends are checked against a sliding window per key (what Telegram enforces), so a
 * holder that came back late cannot land too close to the previous send on its chat.
 * Pure: state lives in this object, time is passed in.
 */

export interface PaceLimit {
  /** e.g. "telegram:bot" or "telegram:chat:123". */
  key: string;
  perSecond: number;
  /** Extra spacing per send, so jitter between reserving and arriving never squeezes two sends into one window. */
  marginMs?: number;
}

interface Hold {
  stage: number;
  at: number;
}

const interval = (l: PaceLimit) => 1000 / l.perSecond + (l.marginMs ?? 0);
/** Sliding window checked on actual sends: one second plus half the spacing margin per allowed send. */
const windowMs = (l: PaceLimit) => 1000 + ((l.marginMs ?? 0) * l.perSecond) / 2;

export class PacingSchedule {
  private readonly next = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
  private readonly sends = new Map<string, number[]>();
  private calls = 0;

  /** Milliseconds `holder` must wait before sending under every limit; 0 means send now (the slots are taken). */
  reserve(holder: string, limits: readonly PaceLimit[], nowMs: number): number {
    if (++this.calls % 1024 === 0) this.prune(nowMs);
    const active = limits.filter((l) => l.perSecond > 0);
    const hold = this.holds.get(holder);
    if (hold && hold.at > nowMs) return hold.at - nowMs;
    for (let stage = hold?.stage ?? 0; stage < active.length; stage++) {
      const limit = active[stage]!;
      const slot = Math.max(nowMs, this.next.get(limit.key) ?? 0);
      this.next.set(limit.key, slot + interval(limit));
      if (slot > nowMs) {
        this.holds.set(holder, { stage: stage + 1, at: slot });
        return slot - nowMs;
      }
    }
    let wait = 0;
    for (const limit of active) wait = Math.max(wait, this.windowWait(limit, nowMs));
    if (wait > 0) {
      this.holds.set(holder, { stage: active.length, at: nowMs + wait });
      return wait;
    }
    for (const limit of active) {
      const log = this.sends.get(limit.key) ?? [];
      log.push(nowMs);
      this.sends.set(limit.key, log);
      this.next.set(limit.key, Math.max(this.next.get(limit.key) ?? 0, nowMs + interval(limit)));
    }
    this.holds.delete(holder);
    return 0;
  }

  /** Nobody sends on `key` before `untilMs` (after a 429 with retry_after). */
  holdOff(key: string, untilMs: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, untilMs));
  }

  private windowWait(limit: PaceLimit, nowMs: number): number {
    const log = this.sends.get(limit.key);
    if (!log) return 0;
    const span = windowMs(limit);
    while (log.length && log[0]! <= nowMs - span) log.shift();
    const allowed = Math.max(1, Math.floor(limit.perSecond));
    return log.length < allowed ? 0 : log[log.length - allowed]! + span - nowMs;
  }

  /** Forgets slots long past and holders that never came back. */
  private prune(nowMs: number): void {
    for (const [key, at] of this.next) if (at < nowMs - 2000) this.next.delete(key);
    for (const [key, log] of this.sends) if (!log.length || log[log.length - 1]! < nowMs - 5000) this.sends.delete(key);
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

/** Telegram's limits, per chat first, then per bot, with spacing margins (10 % per chat, 6 % per bot) that absorb jitter. */
export function telegramLimits(chatId: string, cfg: { perChatPerSecond: number; perBotPerSecond: number }): PaceLimit[] {
  return [
    { key: `telegram:chat:${chatId}`, perSecond: cfg.perChatPerSecond, marginMs: 100 / cfg.perChatPerSecond },
    { key: 'telegram:bot', perSecond: cfg.perBotPerSecond, marginMs: 60 / cfg.perBotPerSecond },
  ];
}
