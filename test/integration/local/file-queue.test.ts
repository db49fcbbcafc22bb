import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consumeBatch, emptyStats } from '../../../infra/local/queue-runner.js';
import { FileQueue } from '../../../shared/adapters/local/file-queue.js';
import type { ConsumerOutcome } from '../../../shared/usecases/consumer-outcome.js';

let dir: string;
let now: number;
const clock = () => now;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newshound-queue-'));
  now = Date.parse('2026-11-20T10:00:00Z');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileQueue', () => {
  it('keeps messages across a restart, including ones in flight when the process stopped', async () => {
    const q = new FileQueue<{ n: number }>('q', dir, clock);
    await q.send([{ n: 1 }, { n: 2 }]);
    const [taken] = await q.receive(1, 60);
    expect(taken?.body).toEqual({ n: 1 });

    const reopened = new FileQueue<{ n: number }>('q', dir, clock);
    const bodies = (await reopened.receive(10, 60)).map((m) => m.body.n).sort();
    expect(bodies).toEqual([1, 2]);
  });

  it('hides a received message for its visibility timeout and honours send delays and retryLater', async () => {
    const q = new FileQueue<string>('q', dir, clock);
    await q.send(['later'], { delaySeconds: 30 });
    await q.send(['now']);
    const [m] = await q.receive(10, 60);
    expect(m?.body).toBe('now');
    expect(await q.receive(10, 60)).toEqual([]);
    now += 31_000;
    expect((await q.receive(10, 60)).map((x) => x.body)).toEqual(['later']);
    await q.retryLater(m!.id, 5);
    now += 5_000;
    const again = await q.receive(10, 60);
    expect(again.map((x) => [x.body, x.receiveCount])).toEqual([['now', 2]]);
    expect(await q.depth()).toEqual({ ready: 0, inFlight: 2, dead: 0 });
  });

  it('parks dead letters with their reason, durably', async () => {
    const q = new FileQueue<string>('q', dir, clock);
    await q.send(['bad']);
    const [m] = await q.receive(1, 60);
    await q.deadLetter(m!.id, 'chat not found');
    expect(new FileQueue<string>('q', dir, clock).deadLetters()).toEqual([{ id: m!.id, body: 'bad', reason: 'chat not found' }]);
    expect(await q.depth()).toEqual({ ready: 0, inFlight: 0, dead: 1 });
  });
});

describe('consumeBatch (the local stand-in for Lambda + SQS)', () => {
  it('acts on each outcome and dead-letters a message whose handler keeps throwing', async () => {
    const q = new FileQueue<string>('q', dir, clock);
    await q.send(['ok', 'retry', 'park', 'throw']);
    const outcomes: Record<string, ConsumerOutcome> = {
      ok: { kind: 'done', detail: 'sent' },
      retry: { kind: 'retry', delaySeconds: 10, reason: '429' },
      park: { kind: 'park', reason: 'rejected' },
    };
    const stats = emptyStats();
    const consumer = {
      queue: q,
      maxReceives: 3,
      handle: async (body: string) => {
        if (body === 'throw') throw new Error('store down');
        return outcomes[body]!;
      },
    };
    await consumeBatch(consumer, stats);
    expect(stats).toMatchObject({ processed: 4, done: { sent: 1 }, retried: 1, parked: 1, failed: 1 });
    for (let i = 0; i < 5; i++) {
      now += 61_000;
      await consumeBatch(consumer, stats);
    }
    expect(q.deadLetters().map((d) => [d.body, d.reason]).sort()).toEqual([
      ['park', 'rejected'],
      ['throw', 'failed 3 times: store down'],
    ]);
    expect(await q.depth()).toMatchObject({ dead: 2 });
  });

  it('stops a halted consumer and leaves its message queued', async () => {
    const q = new FileQueue<string>('q', dir, clock);
    await q.send(['a', 'b']);
    const stats = emptyStats();
    await consumeBatch({ queue: q, handle: async () => ({ kind: 'halt', reason: 'SES sending paused' }) }, stats);
    expect(stats.halted).toBe('SES sending paused');
    expect(await consumeBatch({ queue: q, handle: async () => ({ kind: 'done', detail: 'x' }) }, stats)).toBe(0);
    expect(await q.depth()).toMatchObject({ ready: 2, inFlight: 0 });
  });
});
