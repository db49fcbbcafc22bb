import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WireRequest } from '../../../infra/local/aws/iam-requests.js';
import { LocalLambdaService } from '../../../infra/local/aws/lambda-service.js';
import type { LocalDeployment, LocalSchedule } from '../../../infra/local/aws/local-deployment.js';
import { LocalScheduler } from '../../../infra/local/aws/scheduler-api.js';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:Newshound-local-Stateless-DispatchPollsFunction';
const schedules = (): LocalSchedule[] => [
  { logicalId: 'DispatchPollsScheduleC227D6FD', name: 'Newshound-local-Stateless-DispatchPollsScheduleC227D6FD', description: 'Poll the feeds that are due', expression: 'rate(5 minutes)', functionArn: FN, input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}', enabled: true, flexibleTimeWindow: { Mode: 'OFF' } },
];
const NAME = schedules()[0]!.name;

const request = (method: string, path: string, body?: unknown, query = ''): WireRequest => ({ method, path, query: new URLSearchParams(query), headers: {}, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)) });
const answer = async (scheduler: LocalScheduler, req: WireRequest) => {
  const res = await scheduler.handle(req);
  return { status: res.status, type: res.headers['x-amzn-errortype'], body: JSON.parse(String(res.body)) as Record<string, unknown> };
};
const update = (state: string, extra: Record<string, unknown> = {}) => ({ State: state, ScheduleExpression: 'rate(5 minutes)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: FN, Input: '{}' }, ...extra });

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('LocalScheduler: the Scheduler API over the deployment\'s schedules', () => {
  it('describes a schedule as GetSchedule does, and 404s a name it does not have', async () => {
    const scheduler = new LocalScheduler(schedules());
    expect(await answer(scheduler, request('GET', `/schedules/${NAME}`))).toMatchObject({
      status: 200,
      body: { Name: NAME, GroupName: 'default', State: 'ENABLED', ScheduleExpression: 'rate(5 minutes)', Target: { Arn: FN }, FlexibleTimeWindow: { Mode: 'OFF' }, Description: 'Poll the feeds that are due' },
    });
    expect(await answer(scheduler, request('GET', '/schedules/nope'))).toMatchObject({ status: 404, type: 'ResourceNotFoundException' });
    expect(await answer(scheduler, request('GET', `/schedules/${NAME}`, undefined, 'groupName=other'))).toMatchObject({ status: 404 });
  });

  it('disables and enables a schedule with UpdateSchedule, which replaces the definition', async () => {
    const list = schedules();
    const scheduler = new LocalScheduler(list);
    expect(await answer(scheduler, request('PUT', `/schedules/${NAME}`, update('DISABLED')))).toMatchObject({ status: 200, body: { ScheduleArn: expect.stringContaining(`schedule/default/${NAME}`) } });
    expect(list[0]).toMatchObject({ enabled: false, input: '{}' });
    expect((await answer(scheduler, request('GET', '/schedules'))).body).toMatchObject({ Schedules: [{ Name: NAME, State: 'DISABLED' }] });
    await answer(scheduler, request('PUT', `/schedules/${NAME}`, update('ENABLED')));
    expect(list[0]!.enabled).toBe(true);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['without its expression', { ScheduleExpression: undefined }, /scheduleExpression/],
    ['without its target', { Target: undefined }, /target/],
    ['with a state that is no state', { State: 'PAUSED' }, /ENABLED or DISABLED/],
    ['with a cron expression the local runtime cannot run', { ScheduleExpression: 'cron(0 * * * ? *)' }, /rate\(\.\.\.\) schedules only/],
    ['with another target', { Target: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:other' } }, /keeps each schedule's target/],
  ])('refuses an update %s, changing nothing', async (_name, over, message) => {
    const list = schedules();
    const result = await answer(new LocalScheduler(list), request('PUT', `/schedules/${NAME}`, update('DISABLED', over)));
    expect(result).toMatchObject({ status: 400, type: 'ValidationException' });
    expect(String(result.body.message)).toMatch(message);
    expect(list[0]!.enabled).toBe(true);
  });

  it('keeps what UpdateSchedule changed across restarts in its state file', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scheduler-'));
    const file = path.join(dir, 'scheduler-schedules.json');
    await answer(new LocalScheduler(schedules(), file), request('PUT', `/schedules/${NAME}`, update('DISABLED')));
    const restarted = schedules();
    new LocalScheduler(restarted, file);
    expect(restarted[0]).toMatchObject({ enabled: false, input: '{}' });
  });
});

describe('the local runtime runs a schedule only while it is enabled', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('skips the ticks of a schedule UpdateSchedule disabled, and runs them again once it is enabled', async () => {
    vi.useFakeTimers();
    const list = schedules();
    const deployment = { functions: [], eventSources: [], schedules: list, queues: [], topicSubscriptions: new Map() } as unknown as LocalDeployment;
    const lambda = new LocalLambdaService({
      deployment,
      bundles: {},
      runtimeEnv: () => ({}),
      sqsFor: () => {
        throw new Error('no queues here');
      },
      queueDepth: () => ({ ready: 0, inFlight: 0, delayed: 0 }),
      onFunctionLog: () => {},
      log: () => {},
    });
    const invoked = vi.spyOn(lambda, 'invokeAsync').mockImplementation(() => {});
    const scheduler = new LocalScheduler(list);
    const FIVE_MINUTES = 5 * 60_000;
    try {
      lambda.start();
      expect(invoked).toHaveBeenCalledTimes(1);
      expect(invoked).toHaveBeenLastCalledWith(FN, expect.objectContaining({ scheduledTime: expect.any(String) }), undefined);
      await vi.advanceTimersByTimeAsync(FIVE_MINUTES);
      expect(invoked).toHaveBeenCalledTimes(2);

      await answer(scheduler, request('PUT', `/schedules/${NAME}`, update('DISABLED')));
      await vi.advanceTimersByTimeAsync(3 * FIVE_MINUTES);
      expect(invoked).toHaveBeenCalledTimes(2);

      await answer(scheduler, request('PUT', `/schedules/${NAME}`, update('ENABLED')));
      await vi.advanceTimersByTimeAsync(FIVE_MINUTES);
      expect(invoked).toHaveBeenCalledTimes(3);
    } finally {
      await lambda.close();
    }
  });
});
