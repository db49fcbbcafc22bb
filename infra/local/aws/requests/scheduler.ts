import type { ArnContext, WireRequest } from '../iam-requests.js';
import { jsonBody, unsupported, UnmappableRequestError, type Described } from './wire.js';

const SCHEDULE = /^\/schedules\/([^/]+)\/?$/;

/** EventBridge Scheduler's REST API: schedules by name, in a group (`default` unless named). */
export function describeScheduler(req: WireRequest, ctx: ArnContext): Described {
  const method = req.method.toUpperCase();
  if (method === 'GET' && /^\/schedules\/?$/.test(req.path)) return { operation: 'ListSchedules', calls: [{ action: 'scheduler:ListSchedules', resource: '*' }] };
  const match = SCHEDULE.exec(req.path);
  if (!match) return unsupported('Scheduler', `${method} ${req.path}`);
  const name = decode(match[1]!);
  const operation = method === 'GET' ? 'GetSchedule' : method === 'PUT' ? 'UpdateSchedule' : undefined;
  if (!operation) return unsupported('Scheduler', `${method} ${req.path}`);
  const group = method === 'GET' ? req.query.get('groupName') : (jsonBody(req, operation).GroupName as string | undefined);
  const resource = `arn:aws:scheduler:${ctx.region}:${ctx.accountId}:schedule/${group || 'default'}/${name}`;
  return { operation, calls: [{ action: `scheduler:${operation}`, resource }] };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UnmappableRequestError(`Scheduler: malformed percent-encoding in ${JSON.stringify(segment)}`);
  }
}
