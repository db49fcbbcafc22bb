import type { IamCall, WireRequest } from '../iam-requests.js';

/** A request the IAM mapping cannot describe: unsigned, malformed, or an operation it does not cover. */
export class UnmappableRequestError extends Error {
  override readonly name = 'UnmappableRequestError';
}

export interface Described {
  /** The API the request is for, when its signing name is shared (SES v1 and v2 both sign as "ses"). */
  service?: string;
  operation: string;
  calls: IamCall[];
}

export function header(req: WireRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The operation named by X-Amz-Target (the JSON protocols), which must start with `prefix`. */
export function targetOperation(req: WireRequest, prefix: string): string {
  const target = header(req, 'x-amz-target');
  if (!target?.startsWith(prefix)) throw new UnmappableRequestError(`expected an X-Amz-Target starting with "${prefix}", got ${JSON.stringify(target)}`);
  return target.slice(prefix.length);
}

export function jsonBody(req: WireRequest, operation: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(req.body.length ? req.body.toString('utf8') : '{}');
  } catch {
    throw new UnmappableRequestError(`${operation}: the body is not JSON`);
  }
  if (!isRecord(body)) throw new UnmappableRequestError(`${operation}: the body is not a JSON object`);
  return body;
}

/** Query protocol parameters: the form body and the query string together. */
export function formParams(req: WireRequest): URLSearchParams {
  const params = new URLSearchParams(req.body.toString('utf8'));
  for (const [key, value] of req.query) params.append(key, value);
  return params;
}

export function requiredString(value: unknown, operation: string, field: string): string {
  if (typeof value !== 'string' || value === '') throw new UnmappableRequestError(`${operation}: missing ${field}`);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unsupported(service: string, operation: string): never {
  throw new UnmappableRequestError(`${service} ${operation} is not mapped to IAM actions`);
}
