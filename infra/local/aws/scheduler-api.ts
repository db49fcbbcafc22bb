/**
 * EventBridge Scheduler's API for the deployment's schedules, locally: GetSchedule, ListSchedules and UpdateSchedule
 * (which, as in AWS, replaces the schedule's definition: its state, expression, target input, description). The
 * local Lambda service fires a schedule only while it is ENABLED; changes are kept in `stateFile` across restarts.
 */
import { awsError, type WireResponse } from './aws-errors.js';
import type { WireRequest } from './iam-requests.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalSchedule } from './local-deployment.js';
import { readJsonFile, writePrivateJsonFile } from './private-json-file.js';
import { rateMs } from './schedules.js';

type Saved = Record<string, Pick<LocalSchedule, 'enabled' | 'expression' | 'input'> & { description?: string }>;

const SCHEDULE = /^\/schedules\/([^/]+)\/?$/;

export function scheduleArn(schedule: Pick<LocalSchedule, 'name'>): string {
  return `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/default/${schedule.name}`;
}

export class LocalScheduler {
  private readonly created = new Date();
  private readonly modified = new Map<string, Date>();

  constructor(
    private readonly schedules: LocalSchedule[],
    private readonly stateFile?: string,
  ) {
    const saved = (stateFile ? readJsonFile(stateFile) : undefined) as Saved | undefined;
    for (const schedule of schedules) {
      const state = saved?.[schedule.name];
      if (!state) continue;
      Object.assign(schedule, { enabled: state.enabled, expression: state.expression, input: state.input });
      if (state.description !== undefined) schedule.description = state.description;
    }
  }

  async handle(req: WireRequest): Promise<WireResponse> {
    const method = req.method.toUpperCase();
    if (method === 'GET' && /^\/schedules\/?$/.test(req.path)) {
      return json(200, { Schedules: this.inGroup(req.query.get('GroupName') ?? undefined).map((s) => this.summary(s)) });
    }
    const match = SCHEDULE.exec(req.path);
    if (!match) return awsError('scheduler', 'ValidationException', `the local Scheduler API does not serve ${method} ${req.path}`, 400);
    const name = decodeURIComponent(match[1]!);
    if (method === 'GET') {
      const schedule = this.find(name, req.query.get('groupName') ?? undefined);
      return schedule ? json(200, this.describe(schedule)) : notFound(name);
    }
    if (method === 'PUT') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return awsError('scheduler', 'ValidationException', 'The request body is not valid JSON', 400);
      }
      const schedule = this.find(name, typeof body.GroupName === 'string' ? body.GroupName : undefined);
      if (!schedule) return notFound(name);
      return this.update(schedule, body);
    }
    return awsError('scheduler', 'ValidationException', `${method} is not supported on a schedule`, 400);
  }

  private update(schedule: LocalSchedule, body: Record<string, unknown>): WireResponse {
    // UpdateSchedule replaces the definition: these members are required, as in AWS.
    for (const member of ['ScheduleExpression', 'FlexibleTimeWindow', 'Target']) {
      if (body[member] === undefined) return awsError('scheduler', 'ValidationException', `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`, 400);
    }
    const state = body.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') return awsError('scheduler', 'ValidationException', `State must be ENABLED or DISABLED, got ${JSON.stringify(state)}`, 400);
    const expression = String(body.ScheduleExpression);
    try {
      rateMs(expression);
    } catch (error) {
      return awsError('scheduler', 'ValidationException', (error as Error).message, 400);
    }
    const target = body.Target as { Arn?: unknown; Input?: unknown };
    if (target.Arn !== schedule.functionArn) return awsError('scheduler', 'ValidationException', `the local Scheduler keeps each schedule's target (${schedule.functionArn})`, 400);
    schedule.enabled = state === 'ENABLED';
    schedule.expression = expression;
    schedule.input = typeof target.Input === 'string' ? target.Input : '{}';
    if (typeof body.Description === 'string') schedule.description = body.Description;
    this.modified.set(schedule.name, new Date());
    this.save();
    return json(200, { ScheduleArn: scheduleArn(schedule) });
  }

  private save(): void {
    if (!this.stateFile) return;
    const saved: Saved = Object.fromEntries(
      this.schedules.map((s) => [s.name, { enabled: s.enabled, expression: s.expression, input: s.input, ...(s.description !== undefined ? { description: s.description } : {}) }]),
    );
    writePrivateJsonFile(this.stateFile, saved);
  }

  private inGroup(group: string | undefined): LocalSchedule[] {
    return !group || group === 'default' ? this.schedules : [];
  }

  private find(name: string, group: string | undefined): LocalSchedule | undefined {
    return this.inGroup(group).find((s) => s.name === name);
  }

  private summary(s: LocalSchedule) {
    return { Arn: scheduleArn(s), Name: s.name, GroupName: 'default', State: s.enabled ? 'ENABLED' : 'DISABLED', Target: { Arn: s.functionArn }, ...this.dates(s) };
  }

  private describe(s: LocalSchedule) {
    return {
      Arn: scheduleArn(s),
      Name: s.name,
      GroupName: 'default',
      State: s.enabled ? 'ENABLED' : 'DISABLED',
      ...(s.description !== undefined ? { Description: s.description } : {}),
      ScheduleExpression: s.expression,
      FlexibleTimeWindow: s.flexibleTimeWindow,
      Target: {
        Arn: s.functionArn,
        ...(s.roleArn ? { RoleArn: s.roleArn } : {}),
        Input: s.input,
        ...(s.retryPolicy ? { RetryPolicy: s.retryPolicy } : {}),
        ...(s.deadLetterArn ? { DeadLetterConfig: { Arn: s.deadLetterArn } } : {}),
      },
      ...this.dates(s),
    };
  }

  private dates(s: LocalSchedule) {
    return { CreationDate: this.created.getTime() / 1000, LastModificationDate: (this.modified.get(s.name) ?? this.created).getTime() / 1000 };
  }
}

function notFound(name: string): WireResponse {
  return awsError('scheduler', 'ResourceNotFoundException', `Schedule ${name} does not exist.`, 404);
}

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
