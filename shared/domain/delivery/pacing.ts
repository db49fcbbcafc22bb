/**
 * Send pacing with reservations (a staged generic cell rate algorithm): each sender (holder) takes the next free slot
 * on each limit in turn (per chat first, then per bot), and is told how long to wait for it. A holder that comes back
 * keeps its place, so a re-queued message never takes a second slot, and a busy chat never blocks the bot for others.
 * Before the final go, sends are checked against a sliding one-second window per key (what Telegram enforces), each
 * counted until a second after the provider answered it (`answered`), so no lag can make the provider see too many.
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

/** One send as the window sees it: counted from when it was let go until the provider's answer came back. */
interface SendMark {
  go: number;
  answered?: number;
}

const interval = (l: PaceLimit) => 1000 / l.perSecond + (l.marginMs ?? 0);
const WINDOW_MS = 1000;
/** A send whose answer never came (a crash) stops counting after this long. */
const UNANSWERED_MS = 30_000;

export class PacingSchedule {
  private readonly next = new Map<string, number>();
  private readonly holds = new Map<string, Hold>();
  private readonly sends = new Map<string, SendMark[]>();
  private readonly inFlight = new Map<string, SendMark>();
  /** Per key, the next turn for holders that found the window full. */
  private readonly behindWindow = new Map<string, number>();
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
    // A full window: queue up behind it in slot order (not all at its opening, which would only make a herd).
    let at = nowMs;
    for (const limit of active) {
      const wait = this.windowWait(limit, nowMs);
      if (wait <= 0) continue;
      const slot = Math.max(nowMs + wait, this.behindWindow.get(limit.key) ?? 0);
      this.behindWindow.set(limit.key, slot + interval(limit));
      at = Math.max(at, slot);
    }
    if (at > nowMs) {
      this.holds.set(holder, { stage: active.length, at });
      return at - nowMs;
    }
    const mark: SendMark = { go: nowMs };
    for (const limit of active) {
      const log = this.sends.get(limit.key) ?? [];
      log.push(mark);
      this.sends.set(limit.key, log);
      this.next.set(limit.key, Math.max(this.next.get(limit.key) ?? 0, nowMs + interval(limit)));
    }
    this.inFlight.set(holder, mark);
    this.holds.delete(holder);
    return 0;
  }

  /**
   * The provider answered `holder`'s send (or it failed) at `nowMs`. The provider counted the send at some moment
   * between go and answer, so windows count it until a second after the answer: jitter and event-loop lag between
   * "go" and the request arriving can then never squeeze more sends into one of the provider's windows.
   */
  answered(holder: string, nowMs: number): void {
    const mark = this.inFlight.get(holder);
    if (!mark) return;
    mark.answered = nowMs;
    this.inFlight.delete(holder);
  }

  /** Nobody sends on `key` before `untilMs` (after a 429 with retry_after). */
  holdOff(key: string, untilMs: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, untilMs));
  }

  private windowWait(limit: PaceLimit, nowMs: number): number {
    const log = this.sends.get(limit.key);
    if (!log) return 0;
    const until = (m: SendMark) => (m.answered ?? (nowMs < m.go + UNANSWERED_MS ? Infinity : m.go)) + WINDOW_MS;
    let live = log.filter((m) => until(m) > nowMs);
    if (live.length !== log.length) {
      this.sends.set(limit.key, live);
    }
    const allowed = Math.max(1, Math.floor(limit.perSecond));
    if (live.length < allowed) return 0;
    // Wait until enough of the counted sends leave the window; an unanswered one keeps it closed (retry shortly).
    live = [...live].sort((a, b) => until(a) - until(b));
    const opensAt = until(live[live.length - allowed]!);
    return Number.isFinite(opensAt) ? Math.max(1, opensAt - nowMs) : 10;
  }

  /** Forgets slots long past and holders that never came back. */
  private prune(nowMs: number): void {
    for (const [key, at] of this.next) if (at < nowMs - 2000) this.next.delete(key);
    for (const [key, at] of this.behindWindow) if (at < nowMs - 2000) this.behindWindow.delete(key);
    for (const [key, log] of this.sends) if (log.every((m) => (m.answered ?? m.go + UNANSWERED_MS) < nowMs - WINDOW_MS)) this.sends.delete(key);
    for (const [holder, hold] of this.holds) if (hold.at < nowMs - 15 * 60_000) this.holds.delete(holder);
    for (const [holder, mark] of this.inFlight) if (mark.go < nowMs - UNANSWERED_MS) this.inFlight.delete(holder);
  }
}

/**
 * A pacing wait up to this long is waited out inside the invocation: the sends of one batch then go out in slot order
 * (one every ~80 ms at a container's share of the bot rate) with no re-queue. A longer wait (a second message to the
 * same chat, the bot held off after a 429 retry_after) re-queues with DelaySeconds, as it costs less than the waiting.
 */
export const IN_INVOCATION_WAIT_MS = 1000;
/** What an invocation must still have left after such a wait: the send (Telegram's timeout, 10 s by default) and its ledger writes. */
export const ROOM_AFTER_WAIT_MS = 15_000;

/**
 * Whether a holder told to wait `waitMs` waits in the invocation: only a short wait (with what it `waited` already, at
 * most IN_INVOCATION_WAIT_MS) and only while the invocation's `remainingMs` (unknown outside Lambda) leaves ample room.
 */
export function waitsInInvocation(waitMs: number, waitedMs: number, remainingMs?: number): boolean {
  if (waitMs <= 0 || waitedMs + waitMs > IN_INVOCATION_WAIT_MS) return false;
  return remainingMs === undefined || remainingMs - waitMs >= ROOM_AFTER_WAIT_MS;
}

/** Telegram's limits, per chat first, then per bot; the spacing margins (5 % per chat, 3 % per bot) keep the flow smooth. */
export function telegramLimits(chatId: string, cfg: { perChatPerSecond: number; perBotPerSecond: number }): PaceLimit[] {
  return [
    { key: `telegram:chat:${chatId}`, perSecond: cfg.perChatPerSecond, marginMs: 50 / cfg.perChatPerSecond },
    { key: 'telegram:bot', perSecond: cfg.perBotPerSecond, marginMs: 30 / cfg.perBotPerSecond },
  ];
}
