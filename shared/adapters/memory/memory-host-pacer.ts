import type { Sleep } from '../../ports/clock.js';
import type { HostPacer } from '../../ports/host-pacer.js';

/** setTimeout's longest delay: a longer one (or Infinity) would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface HostState {
  busy: boolean;
  /** When the host's last request ended (monotonic ms); -Infinity before the first. */
  lastEnd: number;
  waiters: Array<() => void>;
}

/**
 * HostPacer for one process (a Lambda container, the local runtime, the CLI): the feeds one poll-feed invocation
 * polls concurrently share it, so two feeds of one site do not fetch its pages at once. Containers do not share it.
 */
export class MemoryHostPacer implements HostPacer {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly spacingMs: number,
    private readonly clock: { now(): number; sleep: Sleep } = { now: () => performance.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
  ) {}

  now(): number {
    return this.clock.now();
  }

  async run<T>(host: string, startBy: number, request: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const key = host.toLowerCase();
    let state = this.hosts.get(key);
    if (!state) this.hosts.set(key, (state = { busy: false, lastEnd: -Infinity, waiters: [] }));
    while (state.busy) if (!(await this.waitTurn(state, startBy))) return { ran: false };
    state.busy = true;
    let ran = false;
    try {
      const wait = state.lastEnd + this.spacingMs - this.clock.now();
      if (this.clock.now() + Math.max(0, wait) > startBy) return { ran: false };
      if (wait > 0) await this.clock.sleep(wait);
      ran = true;
      return { ran: true, value: await request() };
    } finally {
      state.busy = false;
      if (ran) state.lastEnd = this.clock.now();
      state.waiters.shift()?.();
    }
  }

  /** Waits until the host is handed on, or until `startBy`; whether it was handed on. */
  private waitTurn(state: HostState, startBy: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const woken = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = state.waiters.indexOf(woken);
        if (at >= 0) state.waiters.splice(at, 1);
        resolve(false);
      }, Math.min(MAX_TIMER_MS, Math.max(0, startBy - this.clock.now())));
      state.waiters.push(woken);
    });
  }
}
