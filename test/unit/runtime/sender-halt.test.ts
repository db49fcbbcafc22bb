import { describe, expect, it } from 'vitest';
import { haltSender, isResumeRequest, resumeIfDue, type SenderHaltDeps } from '../../../shared/runtime/sender-halt.js';
import { ManualClock } from '../../support/manual-clock.js';
import { MemoryEventSourceSwitch, MemorySenderHaltStore } from '../../support/memory-sender-halts.js';

const REASON = 'SES sending paused for the account';

/** One sender's halt state (table and event source), shared by the containers `container()` makes. */
function sender() {
  const clock = new ManualClock();
  const halts = new MemorySenderHaltStore();
  const eventSource = new MemoryEventSourceSwitch();
  const logs: { level: string; message: string }[] = [];
  const container = (): SenderHaltDeps => ({
    sender: 'send-email',
    halts,
    eventSource,
    clock,
    logger: {
      error: (message: string) => void logs.push({ level: 'error', message }),
      warn: (message: string) => void logs.push({ level: 'warn', message }),
      info: (message: string) => void logs.push({ level: 'info', message }),
    } as SenderHaltDeps['logger'],
  });
  const record = () => halts.items.get('send-email');
  const alarms = () => logs.filter((l) => l.message === 'ALARM consumer halted').length;
  return { clock, halts, eventSource, logs, container, record, alarms };
}

const minutesAfter = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();

describe('haltSender', () => {
  it('stops the queue, records the reason with a five-minute backoff, and raises the alarm', async () => {
    const t = sender();
    const start = t.clock.now();
    await haltSender(t.container(), REASON);
    expect(t.eventSource.enabled).toBe(false);
    expect(t.record()).toEqual({ sender: 'send-email', reason: REASON, since: start.toISOString(), attempts: 1, resumeAfter: minutesAfter(start, 5) });
    expect(t.alarms()).toBe(1);
  });

  it('counts a second container halting within the backoff as the same halt', async () => {
    const t = sender();
    await haltSender(t.container(), REASON);
    const first = t.record();
    t.clock.advance({ seconds: 30 });
    await haltSender(t.container(), 'SES sending paused (seen by another container)');
    expect(t.record()).toEqual(first);
    expect(t.eventSource.switches).toEqual([false, false]);
    expect(t.alarms()).toBe(1);
  });

  it.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 40],
    [5, 60],
    [6, 60],
  ])('the halt after %i failed resumes backs off %i minutes, and keeps when it began', async (attempts, backoffMinutes) => {
    const t = sender();
    const since = t.clock.now().toISOString();
    // The earlier halts' record, as the last resume left it (resumeAfter = the resume).
    if (attempts > 1) await t.halts.put({ sender: 'send-email', reason: REASON, since, attempts: attempts - 1, resumeAfter: since });
    t.clock.advance({ minutes: 1 });
    const now = t.clock.now();
    await haltSender(t.container(), REASON);
    expect(t.record()).toEqual({ sender: 'send-email', reason: REASON, since: attempts === 1 ? now.toISOString() : since, attempts, resumeAfter: minutesAfter(now, backoffMinutes) });
  });
});

describe('resumeIfDue', () => {
  it('has nothing to do for a sender that is not halted', async () => {
    const t = sender();
    expect(await resumeIfDue(t.container(), { resume: 'scheduled' })).toBe('not-halted');
    expect(t.eventSource.switches).toEqual([]);
  });

  it('waits for the backoff before starting the queue again', async () => {
    const t = sender();
    await haltSender(t.container(), REASON);
    t.clock.advance({ minutes: 4, seconds: 59 });
    expect(await resumeIfDue(t.container(), { resume: 'scheduled' })).toBe('waiting');
    expect(t.eventSource.enabled).toBe(false);

    t.clock.advance({ seconds: 1 });
    expect(await resumeIfDue(t.container(), { resume: 'scheduled' })).toBe('resumed');
    expect(t.eventSource.enabled).toBe(true);
    // Kept until the sender proves healthy: a halt right after counts as a failed resume.
    expect(t.record()).toMatchObject({ attempts: 1, resumeAfter: t.clock.now().toISOString() });
  });

  it('resumes at once on {"resume":"now"}, backoff or not', async () => {
    const t = sender();
    await haltSender(t.container(), REASON);
    t.clock.advance({ seconds: 10 });
    expect(await resumeIfDue(t.container(), { resume: 'now' })).toBe('resumed');
    expect(t.eventSource.enabled).toBe(true);
  });

  it('a resume that meets the cause again halts with a longer backoff', async () => {
    const t = sender();
    await haltSender(t.container(), REASON);
    t.clock.advance({ minutes: 5 });
    await resumeIfDue(t.container(), { resume: 'scheduled' });
    t.clock.advance({ seconds: 20 });
    await haltSender(t.container(), REASON);
    expect(t.eventSource.enabled).toBe(false);
    expect(t.record()).toMatchObject({ attempts: 2, resumeAfter: minutesAfter(t.clock.now(), 10) });
    expect(t.alarms()).toBe(2);
  });

  it('clears a resumed sender that has not halted again for ten minutes as healthy', async () => {
    const t = sender();
    await haltSender(t.container(), REASON);
    t.clock.advance({ minutes: 5 });
    await resumeIfDue(t.container(), { resume: 'scheduled' });

    t.clock.advance({ minutes: 9, seconds: 59 });
    expect(await resumeIfDue(t.container(), { resume: 'scheduled' })).toBe('waiting');
    expect(t.record()).toBeDefined();

    t.clock.advance({ seconds: 1 });
    expect(await resumeIfDue(t.container(), { resume: 'scheduled' })).toBe('healthy');
    expect(t.record()).toBeUndefined();
    expect(t.eventSource.enabled).toBe(true);
    // A later halt starts afresh.
    await haltSender(t.container(), REASON);
    expect(t.record()).toMatchObject({ attempts: 1, since: t.clock.now().toISOString() });
  });

  it('on {"resume":"now"} clears a resumed sender at once', async () => {
    const t = sender();
    await haltSender(t.container(), REASON);
    await resumeIfDue(t.container(), { resume: 'now' });
    expect(await resumeIfDue(t.container(), { resume: 'now' })).toBe('healthy');
    expect(t.record()).toBeUndefined();
  });
});

describe('isResumeRequest', () => {
  it.each<[unknown, boolean]>([
    [{ resume: 'scheduled', scheduledTime: '2026-11-20T10:00:00Z' }, true],
    [{ resume: 'now' }, true],
    [{ resume: 'later' }, false],
    [{ Records: [] }, false],
    [null, false],
    [undefined, false],
    ['resume', false],
  ])('%j → %s', (event, expected) => {
    expect(isResumeRequest(event)).toBe(expected);
  });
});
