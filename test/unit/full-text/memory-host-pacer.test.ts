import { describe, expect, it } from 'vitest';
import { MemoryHostPacer } from '../../../shared/adapters/memory/memory-host-pacer.js';

/** A pacer on a clock that only moves when it sleeps (or when a request says it took time). */
function pacer(spacingMs: number) {
  let now = 0;
  const sleeps: number[] = [];
  const p = new MemoryHostPacer(spacingMs, {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { p, sleeps, advance: (ms: number) => void (now += ms), now: () => now };
}

describe('MemoryHostPacer', () => {
  it('spaces requests to one host from the end of the last one, and leaves other hosts alone', async () => {
    const t = pacer(1000);
    const take = (ms: number) => async () => t.advance(ms);
    expect(await t.p.run('a.example', Infinity, take(300))).toEqual({ ran: true, value: undefined });
    expect(t.sleeps).toEqual([]);
    await t.p.run('A.example', Infinity, take(0));
    expect(t.sleeps).toEqual([1000]);
    await t.p.run('b.example', Infinity, take(0));
    expect(t.sleeps).toEqual([1000]);
    t.advance(400);
    await t.p.run('a.example', Infinity, take(0));
    expect(t.sleeps).toEqual([1000, 600]);
  });

  it('does not run a request whose turn would come after its start-by time', async () => {
    const t = pacer(1000);
    await t.p.run('a.example', Infinity, async () => undefined);
    let ran = false;
    expect(await t.p.run('a.example', t.now() + 500, async () => (ran = true))).toEqual({ ran: false });
    expect(ran).toBe(false);
    // A request that did not run does not count as the host's last.
    expect(await t.p.run('a.example', Infinity, async () => 'x')).toEqual({ ran: true, value: 'x' });
    expect(t.sleeps).toEqual([1000]);
  });

  it('runs one request at a time per host, in turn; a waiter that gives up is left out', async () => {
    const p = new MemoryHostPacer(0);
    const order: string[] = [];
    let release!: () => void;
    const first = p.run('a.example', Infinity, () => new Promise<void>((resolve) => (release = () => (order.push('first done'), resolve()))));
    const second = p.run('a.example', Infinity, async () => void order.push('second'));
    const gaveUp = p.run('a.example', p.now() - 1, async () => void order.push('never'));
    expect(await gaveUp).toEqual({ ran: false });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first done', 'second']);
  });
});
