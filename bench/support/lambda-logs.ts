/**
 * CloudWatch Logs bytes per invocation, from the real Powertools Logger and Metrics writing the lines the handlers
 * (and the product's sqsConsumer) write, captured instead of printed, plus the Lambda platform's START / END / REPORT
 * lines (text log format, the AppFunction default). EMF metric lines also tell which custom metrics (name + dimension
 * values) get created. CloudWatch counts 26 bytes of overhead per log event; it is added here.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { TOPOLOGY, type FunctionName } from '../../shared/topology/functions.js';
import type { Tally } from './tally.js';
import { currentTrace, type Trace } from './trace.js';

const EVENT_OVERHEAD = 26;
/** What Lambda puts in the environment when X-Ray is on; Powertools adds it to every line (xray_trace_id). */
const XRAY_TRACE_ID = 'Root=1-6745a2b1-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0;Lineage=1:abcdef01:0';

export interface FunctionLog {
  logger: Logger;
  metrics: Metrics;
}

export class LambdaLogs {
  private readonly byFunction = new Map<FunctionName, FunctionLog>();
  constructor(private readonly tally: Tally) {}

  /** One function's Logger and Metrics (its containers run one at a time here, so they can share them). */
  of(fn: FunctionName): FunctionLog {
    let found = this.byFunction.get(fn);
    if (!found) {
      found = { logger: new Logger({ serviceName: fn, logLevel: 'INFO' }), metrics: new Metrics({ namespace: 'newshound', serviceName: fn }) };
      this.byFunction.set(fn, found);
    }
    return found;
  }

  /**
   * From now on, what is written to stdout or stderr inside a trace is kept on that trace instead of printed (the
   * bench's own output, written outside traces, still prints). Returns the undo.
   */
  capture(): () => void {
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((s) => s.write);
    streams.forEach((stream, i) => {
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const trace = currentTrace();
        if (!trace) return (originals[i] as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
        trace.output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        return true;
      }) as typeof stream.write;
    });
    const xray = process.env._X_AMZN_TRACE_ID;
    process.env._X_AMZN_TRACE_ID = XRAY_TRACE_ID;
    return () => {
      streams.forEach((stream, i) => (stream.write = originals[i]!));
      if (xray === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = xray;
    };
  }

  /** Files the lines a trace kept under its function and outcome tag. */
  file(trace: Trace): void {
    for (const text of trace.output.join('').split('\n')) {
      if (!text.trim()) continue;
      this.tally.log(trace.fn, trace.tag, 1, Buffer.byteLength(text) + EVENT_OVERHEAD);
      if (text.startsWith('{"_aws"')) this.emf(trace.fn, text);
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

  /** The invocation's Lambda context, added to every Powertools line as injectLambdaContext does. */
  begin(fn: FunctionName): Context {
    const name = `newshound-prod-${fn.replace(/-/g, '')}Function-AbCdEf123456`;
    const context: Context = {
      functionName: name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
      memoryLimitInMB: String(TOPOLOGY[fn].memoryMb),
      awsRequestId: randomUUID(),
      callbackWaitsForEmptyEventLoop: true,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: '2026/11/20/[$LATEST]0123456789abcdef0123456789abcdef',
      // The whole timeout less what the record asking slept: invocations start at once and take no virtual time else.
      getRemainingTimeInMillis: () => TOPOLOGY[fn].timeoutSeconds * 1000 - (currentTrace()?.sleptMs ?? 0),
      done: () => {},
      fail: () => {},
      succeed: () => {},
    };
    this.of(fn).logger.addContext(context);
    return context;
  }

  /** START, END and REPORT lines of one invocation, filed under `label` (the function, or its second trigger). */
  platform(label: string, fn: FunctionName, requestId: string, durationMs: number): void {
    const memory = TOPOLOGY[fn].memoryMb;
    const lines = [
      `START RequestId: ${requestId} Version: $LATEST`,
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${Math.round(memory * 0.35)} MB\t`,
    ];
    for (const l of lines) this.tally.log(label, 'platform', 1, Buffer.byteLength(l) + EVENT_OVERHEAD);
  }
}
