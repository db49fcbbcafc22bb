/**
 * CloudWatch Logs bytes per invocation, from the real Powertools Logger and Metrics writing the lines each handler
 * writes (captured instead of printed), plus the Lambda platform's START / END / REPORT lines (text log format, the
 * AppFunction default). EMF metric lines also tell which custom metrics (name + dimension values) get created.
 * CloudWatch counts 26 bytes of overhead per log event; it is added here.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { FUNCTION_SPECS, type FunctionName } from '../../infra/stacks/function-specs.js';
import type { Tally } from './tally.js';
import { currentTrace } from './trace.js';

const EVENT_OVERHEAD = 26;

export interface FunctionLog {
  logger: Logger;
  metrics: Metrics;
}

export class LambdaLogs {
  private readonly byFunction = new Map<string, FunctionLog>();
  constructor(private readonly tally: Tally) {}

  of(fn: FunctionName): FunctionLog {
    let found = this.byFunction.get(fn);
    if (!found) {
      found = { logger: new Logger({ serviceName: fn, logLevel: 'INFO' }), metrics: new Metrics({ namespace: 'newshound', serviceName: fn }) };
      this.byFunction.set(fn, found);
    }
    return found;
  }

  /** Runs `write` (synchronous Powertools calls) with stdout/stderr captured, and files the lines under `fn`. */
  capture(fn: FunctionName, write: () => void): void {
    const lines: string[] = [];
    const out = process.stdout.write;
    const err = process.stderr.write;
    const grab = ((chunk: string | Uint8Array) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    }) as typeof process.stdout.write;
    const trace = process.env._X_AMZN_TRACE_ID;
    process.env._X_AMZN_TRACE_ID = 'Root=1-6745a2b1-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0;Lineage=1:abcdef01:0';
    process.stdout.write = grab;
    process.stderr.write = grab;
    try {
      write();
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      if (trace === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = trace;
    }
    const tag = currentTrace()?.tag ?? '';
    for (const text of lines.join('').split('\n')) {
      if (!text.trim()) continue;
      this.tally.log(fn, tag, 1, Buffer.byteLength(text) + EVENT_OVERHEAD);
      if (text.startsWith('{"_aws"')) this.emf(fn, text);
    }
  }

  private emf(fn: string, line: string): void {
    const blob = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } };
    for (const directive of blob._aws.CloudWatchMetrics) {
      for (const dims of directive.Dimensions) {
        const values = dims.map((d) => `${d}=${String(blob[d])}`).join(',');
        for (const m of directive.Metrics) this.tally.metric(fn, `${directive.Namespace}/${m.Name}{${values}}`);
      }
    }
  }

  /** What injectLambdaContext adds to every Powertools line. */
  begin(fn: FunctionName): string {
    const requestId = randomUUID();
    const name = `newshound-prod-${fn.replace(/-/g, '')}Function-AbCdEf123456`;
    this.of(fn).logger.addContext({
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
      memoryLimitInMB: String(FUNCTION_SPECS[fn].memoryMb),
      awsRequestId: requestId,
      callbackWaitsForEmptyEventLoop: true,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: '2026/11/20/[$LATEST]0123456789abcdef0123456789abcdef',
      getRemainingTimeInMillis: () => 1000,
      done: () => {},
      fail: () => {},
      succeed: () => {},
    });
    return requestId;
  }

  /** START, END and REPORT lines of one invocation. */
  platform(fn: FunctionName, requestId: string, durationMs: number): void {
    const memory = FUNCTION_SPECS[fn].memoryMb;
    const lines = [
      `START RequestId: ${requestId} Version: $LATEST`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${Math.round(memory * 0.35)} MB\t`,
    ];
    for (const l of lines) this.tally.log(fn, 'platform', 1, Buffer.byteLength(l) + EVENT_OVERHEAD);
  }
}
