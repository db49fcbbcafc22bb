/**
 * Whether the time a subscribe answer takes tells a stranger anything about the address. The subscriptions handler
 * (API Gateway payload 2.0 events through its makeHandler, composed over dynalite and aws-ses-v2-local as in
 * test/integration) answers POST /subscribe for addresses in each state (new, pending, active, unsubscribed,
 * suppressed), in rounds that take every state once, in turn. Per state: the median and p90 answer time; then the
 * ratio of the slowest state's median to the fastest's (1.00 = timing says nothing).
 * aws-ses-v2-local answers in about a millisecond where SES in AWS takes tens: the mailer waits
 * NEWSHOUND_BENCH_SES_MS (default 80) per message to stand for it (0 for the bare local figure).
 * NEWSHOUND_BENCH_ANSWER_MS sets the answer budget under test (default 300; deployed stages default to 1000).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../shared/runtime/system-clock.js';
import type { Mailer } from '../shared/ports/senders.js';
import { httpEvent, startSubscriptionHandlers } from '../test/integration/subscriptions/subscription-handlers.js';
import type { BenchFigures, BenchOptions } from './run.js';
import { percentile } from './support/stats.js';

const STATES = ['new', 'pending', 'active', 'unsubscribed', 'suppressed'] as const;
type State = (typeof STATES)[number];

const round1 = (n: number) => Math.round(n * 10) / 10;

export default async function subscribeTiming(opts: BenchOptions): Promise<BenchFigures> {
  const rounds = opts.quick ? 6 : 25;
  const sesMs = Number(process.env.NEWSHOUND_BENCH_SES_MS ?? 80);
  const answerMs = Number(process.env.NEWSHOUND_BENCH_ANSWER_MS ?? 300);
  const slowSes = (ses: Mailer): Mailer => ({
    send: async (email) => {
      await sleep(sesMs);
      return ses.send(email);
    },
  });
  const t = await startSubscriptionHandlers({
    clock: systemClock,
    mailer: slowSes,
    configure: (input) => ({ ...input, subscriptions: { answerMs, rateLimits: { perIp: { limit: 1_000_000, windowMinutes: 60 }, perAddress: { limit: 1_000_000, windowMinutes: 60 } } } }),
  });
  const times = new Map<State, number[]>(STATES.map((s) => [s, []]));
  try {
    let n = 0;
    // States are seeded in the table directly, as any version of the code stores them.
    const seed = async (state: State): Promise<string> => {
      const email = `timing-${state}-${++n}@example.org`;
      const record = { id: `bench-${n}`, email, topics: ['csto'], channels: ['email' as const], mode: 'instant' as const, timeZone: 'UTC' };
      if (state === 'pending' || state === 'active' || state === 'unsubscribed') await t.table.subscribers.put({ ...record, status: state });
      if (state === 'suppressed') await t.table.suppressions.suppress({ email, reason: 'bounce', at: new Date().toISOString() });
      return email;
    };
    const request = (email: string) => t.web(httpEvent('POST', '/subscribe', { body: new URLSearchParams({ email, topics: 'csto' }).toString() }));
    // One untimed round: first calls pay for module and connection set-up.
    for (const state of STATES) await request(await seed(state));
    for (let r = 0; r < rounds; r++) {
      for (const state of STATES) {
        const email = await seed(state);
        const started = performance.now();
        const res = await request(email);
        const ms = performance.now() - started;
        if (res.statusCode !== 200) throw new Error(`subscribe for a ${state} address answered ${res.statusCode}`);
        times.get(state)!.push(ms);
      }
    }
  } finally {
    await t.close();
  }
  const perState = Object.fromEntries(STATES.map((s) => [s, { p50: round1(percentile(times.get(s)!, 50)), p90: round1(percentile(times.get(s)!, 90)) }]));
  const medians = STATES.map((s) => perState[s]!.p50);
  const spread = Math.round((Math.max(...medians) / Math.min(...medians)) * 100) / 100;
  opts.log(`  ${rounds} rounds, SES latency ${sesMs} ms, answer budget ${answerMs} ms`);
  for (const s of STATES) opts.log(`  ${s.padEnd(13)} p50 ${String(perState[s]!.p50).padStart(7)} ms   p90 ${String(perState[s]!.p90).padStart(7)} ms`);
  opts.log(`  slowest / fastest median: ${spread.toFixed(2)}`);
  return { rounds, sesMs, answerMs, perState, spread };
}
