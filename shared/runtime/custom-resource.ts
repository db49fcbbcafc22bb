/**
 * A topology deploy trigger in AWS: the function is a CloudFormation custom resource's service token. CloudFormation
 * invokes it on create, update and delete and waits for the answer PUT to the event's ResponseURL (a presigned S3
 * URL); without one the stack waits an hour, so every event is answered, a failure to build the handler included.
 */
import type { Context } from 'aws-lambda';

export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType?: string;
  ResourceProperties: Record<string, unknown>;
}

export interface CustomResourceAnswer {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}

/** CloudFormation refuses answers over 4 KB; a reason is a line in the stack's events. */
const MAX_REASON = 1000;

export function isCustomResourceEvent(event: unknown): event is CustomResourceEvent {
  const e = event as Partial<CustomResourceEvent> | null;
  return typeof e?.RequestType === 'string' && typeof e.ResponseURL === 'string' && typeof e.StackId === 'string' && typeof e.ResourceProperties === 'object';
}

/**
 * Wraps a handler so that custom resource events are answered: Create and Update run the handler (its result is the
 * answer's Data), Delete changes nothing (the feeds bucket is retained with the stack's other state).
 */
export function answeringDeployTrigger<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  put: (url: string, body: string) => Promise<void> = putAnswer,
): (event: E | CustomResourceEvent, context: Context) => Promise<R | CustomResourceAnswer> {
  return async (event, context) => {
    if (!isCustomResourceEvent(event)) return handler(event, context);
    const answer: CustomResourceAnswer = {
      Status: 'SUCCESS',
      // Stable, so an update never reads as a replacement (which would delete the old one).
      PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    };
    if (event.RequestType !== 'Delete') {
      try {
        answer.Data = (await handler(event as E, context)) as Record<string, string>;
      } catch (error) {
        answer.Status = 'FAILED';
        answer.Reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_REASON);
      }
    }
    await put(event.ResponseURL, JSON.stringify(answer));
    return answer;
  };
}

/** The presigned URL was signed without a content type: sending one breaks the signature. */
async function putAnswer(url: string, body: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' }, signal: AbortSignal.timeout(10_000) });
      if (res.ok) return;
      throw new Error(`the answer to CloudFormation was refused: HTTP ${res.status}`);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
