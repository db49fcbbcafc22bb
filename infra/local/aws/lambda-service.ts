/**
 * Lambda, locally: the deployment's functions, each in its own execution environments (lambda-containers.ts) with
 * the environment its template gives it, invoked as AWS invokes them: synchronously (HTTP API), asynchronously with
 * retries and a dead-letter queue (Scheduler, SNS), and by SQS event source mappings. It also answers the part of
 * the Lambda API the functions call (listing and switching their event source mappings).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WireResponse } from './aws-errors.js';
import { awsError } from './aws-errors.js';
import type { WireRequest } from './iam-requests.js';
import { FunctionContainers, type InvokeResult } from './lambda-containers.js';
import type { LocalDeployment, LocalEventSource, LocalFunction } from './local-deployment.js';
import { LOCAL_ACCOUNT } from './local-deployment.js';
import { scheduleArn } from './scheduler-api.js';
import { rateMs, scheduledInput } from './schedules.js';
import { SqsEventSource } from './sqs-event-source.js';

/** Concurrent invocations of one function when its event source sets no maximum. */
export const LOCAL_DEFAULT_CONCURRENCY = 2;
/** Lambda retries a failed asynchronous invocation after about a minute, then two. */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];
/** The account's concurrency quota Lambda reports by default (a new account may get less). */
export const LOCAL_ACCOUNT_CONCURRENCY = 1000;

export interface LambdaServiceOptions {
  deployment: LocalDeployment;
  /** functions/<name>/handler.ts bundled: the bundle file per topology name. */
  bundles: Record<string, string>;
  /** Environment Lambda itself adds (region, credentials, the local endpoint), per function. */
  runtimeEnv(fn: LocalFunction): Record<string, string>;
  /** An SQS client signed as the function (its event source mapping polls with the function's role). */
  sqsFor(fn: LocalFunction): SQSClient;
  /** Depth of a queue, by name: what is ready, in flight and delayed. */
  queueDepth(name: string): { ready: number; inFlight: number; delayed: number };
  /** Where the event source mappings' enabled state is kept across restarts. */
  stateFile?: string;
  /** Every line a function writes (its CloudWatch Logs). */
  onFunctionLog(fn: LocalFunction, line: string): void;
  log(line: string): void;
  /** Async retry delays (tests shorten them). */
  asyncRetryDelaysMs?: number[];
}

interface Deployed {
  fn: LocalFunction;
  containers: FunctionContainers;
}

export class LocalLambdaService {
  private readonly byArn = new Map<string, Deployed>();
  private readonly byName = new Map<string, Deployed>();
  private readonly sources: SqsEventSource[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private pendingAsync = 0;
  private started = false;
  private flushing = false;
  /** What GetAccountSettings reports as the account's concurrent executions (tests lower it). */
  accountConcurrency = LOCAL_ACCOUNT_CONCURRENCY;

  constructor(private readonly options: LambdaServiceOptions) {
    const { deployment } = options;
    const saved = this.loadState();
    for (const fn of deployment.functions) {
      const bundle = options.bundles[fn.name];
      if (!bundle) throw new Error(`no bundle for function ${fn.name}`);
      const mapping = deployment.eventSources.find((m) => m.functionArn === fn.arn);
      const containers = new FunctionContainers(
        {
          functionName: fn.physicalName,
          functionArn: fn.arn,
          bundle,
          handlerName: fn.handler.split('.').pop() ?? 'handler',
          env: { ...options.runtimeEnv(fn), ...fn.environment },
          timeoutSeconds: fn.timeoutSeconds,
          memoryMb: fn.memoryMb,
          // Room for a scheduled invocation beside the event source's own.
          concurrency: (mapping?.maxConcurrency ?? LOCAL_DEFAULT_CONCURRENCY) + 1,
        },
        (line) => options.onFunctionLog(fn, line),
      );
      const deployed = { fn, containers };
      this.byArn.set(fn.arn, deployed);
      this.byName.set(fn.name, deployed);
      this.byName.set(fn.physicalName, deployed);
    }
    for (const mapping of deployment.eventSources) if (saved[mapping.uuid] !== undefined) mapping.enabled = saved[mapping.uuid]!;
  }

  function(nameOrArn: string): LocalFunction {
    return this.deployed(nameOrArn).fn;
  }

  /** A synchronous invocation (RequestResponse). */
  invoke(nameOrArn: string, event: unknown): Promise<InvokeResult> {
    return this.deployed(nameOrArn).containers.invoke(event);
  }

  /** An asynchronous invocation (Event): retried on error, then sent to the function's dead-letter queue. */
  invokeAsync(nameOrArn: string, event: unknown, deadLetterArn?: string): void {
    const { fn } = this.deployed(nameOrArn);
    const delays = (this.options.asyncRetryDelaysMs ?? ASYNC_RETRY_DELAYS_MS).slice(0, fn.asyncRetries);
    this.pendingAsync += 1;
    void (async () => {
      try {
        for (let attempt = 0; ; attempt++) {
          const result = await this.invoke(fn.arn, event);
          if (result.ok) return;
          this.options.log(`${fn.name}: asynchronous invocation failed (${result.error.errorType}: ${result.error.errorMessage})`);
          if (attempt >= delays.length) {
            await this.deadLetter(fn, event, result, deadLetterArn ?? fn.deadLetterArn);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, delays[attempt]).unref());
        }
      } finally {
        this.pendingAsync -= 1;
      }
    })();
  }

  /** SNS: every function subscribed to the topic gets the message as an SNS event, asynchronously. */
  publish(topicArn: string, message: string, subject?: string): void {
    for (const functionArn of this.options.deployment.topicSubscriptions.get(topicArn) ?? []) this.invokeAsync(functionArn, snsEvent(topicArn, message, subject));
  }

  /** Starts the event source mappings and, unless told not to, the schedules (each fires at once, then at its rate). */
  start(options: { schedules?: boolean } = {}): void {
    if (this.started) return;
    this.started = true;
    for (const mapping of this.options.deployment.eventSources) {
      const { fn, containers } = this.deployed(mapping.functionArn);
      const queue = this.options.deployment.queues.find((q) => q.arn === mapping.queueArn);
      if (!queue) throw new Error(`event source of ${fn.name}: no queue ${mapping.queueArn}`);
      const source = new SqsEventSource({
        mapping,
        queue,
        sqs: this.options.sqsFor(fn),
        invoke: (event) => containers.invoke(event),
        concurrency: mapping.maxConcurrency ?? LOCAL_DEFAULT_CONCURRENCY,
        flushing: () => this.flushing,
        log: this.options.log,
      });
      this.sources.push(source);
      source.start();
    }
    if (options.schedules === false) return;
    // Each schedule fires at once, then at its rate; one that is disabled (UpdateSchedule) skips its ticks.
    for (const schedule of this.options.deployment.schedules) {
      const tick = () => {
        if (schedule.enabled) this.invokeAsync(schedule.functionArn, scheduledInput(schedule.input, scheduleArn(schedule), new Date()), schedule.deadLetterArn);
        const timer = setTimeout(tick, rateMs(schedule.expression));
        timer.unref();
        this.timers.set(schedule.name, timer);
      };
      tick();
    }
  }

  /**
   * Waits until nothing is left to do: no invocation running or retrying, every running event source's queue empty
   * (in flight included), batching windows closed at once. Messages delayed (retries, pacing) are waited for up to `waitSeconds`.
   */
  async drain(waitSeconds = 120): Promise<{ delayedLeft: number }> {
    const deadline = Date.now() + waitSeconds * 1000;
    this.flushing = true;
    try {
      let quietRounds = 0;
      for (;;) {
        // A stopped event source (a halted sender) keeps its backlog on purpose: nothing to wait for there.
        const depths = this.options.deployment.eventSources.filter((m) => m.enabled).map((m) => this.options.queueDepth(this.queueName(m)));
        const running = [...this.byArn.values()].reduce((n, d) => n + d.containers.running, 0) + this.sources.reduce((n, s) => n + s.busy, 0);
        const visible = depths.reduce((n, d) => n + d.ready + d.inFlight, 0);
        const delayed = depths.reduce((n, d) => n + d.delayed, 0);
        const quiet = running === 0 && this.pendingAsync === 0 && visible === 0;
        // Two quiet looks in a row: a message handed on between the two is seen by the second.
        quietRounds = quiet ? quietRounds + 1 : 0;
        if (quietRounds >= 2 && (delayed === 0 || Date.now() >= deadline)) return { delayedLeft: delayed };
        if (!quiet && Date.now() >= deadline + 60_000) throw new Error(`the local runtime did not become quiet within ${waitSeconds + 60} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * The Lambda API: event source mappings (List, Get, and Update's Enabled switch), Invoke (RequestResponse and
   * Event), GetFunctionConfiguration and GetAccountSettings.
   */
  async controlPlane(req: WireRequest): Promise<WireResponse> {
    if (req.method === 'GET' && /^\/2016-08-19\/account-settings\/?$/.test(req.path)) return json(200, this.accountSettings());
    const fnRoute = /^\/2015-03-31\/functions\/([^/]+)\/(invocations|configuration)\/?$/.exec(req.path);
    if (fnRoute) {
      const deployed = this.tryDeployed(decodeURIComponent(fnRoute[1]!));
      if (!deployed) return awsError('lambda', 'ResourceNotFoundException', `Function not found: ${decodeURIComponent(fnRoute[1]!)}`, 404);
      if (fnRoute[2] === 'configuration' && req.method === 'GET') return json(200, describeFunction(deployed.fn));
      if (fnRoute[2] === 'invocations' && req.method === 'POST') return this.invokeRequest(deployed.fn, req);
    }
    const match = /^\/2015-03-31\/event-source-mappings\/?([^/]*)$/.exec(req.path);
    if (!match) return awsError('lambda', 'ResourceNotFoundException', `the local Lambda API does not serve ${req.method} ${req.path}`, 404);
    const uuid = decodeURIComponent(match[1] ?? '');
    const mappings = this.options.deployment.eventSources;
    if (!uuid && req.method === 'GET') {
      const functionName = req.query.get('FunctionName');
      const fnArn = functionName ? this.tryDeployed(functionName)?.fn.arn : undefined;
      if (functionName && !fnArn) return awsError('lambda', 'ResourceNotFoundException', `Function not found: ${functionName}`, 404);
      const found = mappings.filter((m) => !fnArn || m.functionArn === fnArn);
      return json(200, { EventSourceMappings: found.map(describeMapping) });
    }
    const mapping = mappings.find((m) => m.uuid === uuid);
    if (!mapping) return awsError('lambda', 'ResourceNotFoundException', `The resource you requested does not exist. (Service: Lambda, UUID ${uuid})`, 404);
    if (req.method === 'GET') return json(200, describeMapping(mapping));
    if (req.method === 'PUT') {
      const body = JSON.parse(req.body.toString('utf8') || '{}') as { Enabled?: boolean };
      if (typeof body.Enabled === 'boolean' && body.Enabled !== mapping.enabled) {
        mapping.enabled = body.Enabled;
        this.saveState();
        this.options.log(`event source of ${this.deployed(mapping.functionArn).fn.name} ${mapping.enabled ? 'enabled' : 'disabled'}`);
      }
      return json(202, describeMapping(mapping));
    }
    return awsError('lambda', 'InvalidParameterValueException', `${req.method} is not supported on event source mappings`);
  }

  /** Invoke as the API does it: the payload in, the function's answer out, a function error flagged in a header. */
  private async invokeRequest(fn: LocalFunction, req: WireRequest): Promise<WireResponse> {
    const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
    let event: unknown;
    try {
      event = req.body.length ? JSON.parse(req.body.toString('utf8')) : {};
    } catch {
      return awsError('lambda', 'InvalidRequestContentException', 'Could not parse request body into json: the payload is not JSON', 400);
    }
    if (type === 'DryRun') return { status: 204, headers: {}, body: '' };
    if (type === 'Event') {
      this.invokeAsync(fn.arn, event);
      return { status: 202, headers: { 'x-amzn-requestid': crypto.randomUUID() }, body: '' };
    }
    if (type !== 'RequestResponse') return awsError('lambda', 'InvalidParameterValueException', `InvocationType ${type} is not one of RequestResponse, Event, DryRun`, 400);
    const result = await this.invoke(fn.arn, event);
    const headers = { 'content-type': 'application/json', 'x-amzn-requestid': result.requestId, 'x-amz-executed-version': '$LATEST' };
    if (result.ok) return { status: 200, headers, body: result.result === undefined ? 'null' : JSON.stringify(result.result) };
    return { status: 200, headers: { ...headers, 'x-amz-function-error': 'Unhandled' }, body: JSON.stringify({ errorType: result.error.errorType, errorMessage: result.error.errorMessage, trace: result.error.stack ?? [] }) };
  }

  private accountSettings() {
    const reserved = 0;
    return {
      AccountLimit: {
        TotalCodeSize: 80_530_636_800,
        CodeSizeUnzipped: 262_144_000,
        CodeSizeZipped: 52_428_800,
        ConcurrentExecutions: this.accountConcurrency,
        UnreservedConcurrentExecutions: this.accountConcurrency - reserved,
      },
      AccountUsage: { TotalCodeSize: 0, FunctionCount: this.byArn.size },
    };
  }

  eventSourceFunctionArn(uuid: string): string | undefined {
    return this.options.deployment.eventSources.find((m) => m.uuid === uuid)?.functionArn;
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.all(this.sources.map((s) => s.stop()));
    await Promise.all([...this.byArn.values()].map((d) => d.containers.close()));
  }

  private queueName(mapping: LocalEventSource): string {
    return mapping.queueArn.split(':').pop()!;
  }

  private async deadLetter(fn: LocalFunction, event: unknown, result: InvokeResult & { ok: false }, arn: string | undefined): Promise<void> {
    if (!arn) {
      this.options.log(`${fn.name}: asynchronous invocation dropped after its retries (no dead-letter queue): ${result.error.errorMessage}`);
      return;
    }
    const queue = this.options.deployment.queues.find((q) => q.arn === arn);
    if (!queue) throw new Error(`${fn.name}: dead-letter target ${arn} is not a local queue`);
    await this.options.sqsFor(fn).send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          RequestID: { DataType: 'String', StringValue: result.requestId },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: `${result.error.errorType}: ${result.error.errorMessage}`.slice(0, 1000) },
        },
      }),
    );
    this.options.log(`${fn.name}: asynchronous invocation parked in ${queue.name} after its retries: ${result.error.errorMessage}`);
  }

  private tryDeployed(nameOrArn: string): Deployed | undefined {
    return this.byArn.get(nameOrArn) ?? this.byName.get(nameOrArn) ?? this.byName.get(nameOrArn.split(':').pop() ?? '');
  }

  private deployed(nameOrArn: string): Deployed {
    const found = this.tryDeployed(nameOrArn);
    if (!found) throw new Error(`no local function ${nameOrArn}`);
    return found;
  }

  private loadState(): Record<string, boolean> {
    const file = this.options.stateFile;
    if (!file || !existsSync(file)) return {};
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, boolean>;
  }

  private saveState(): void {
    const file = this.options.stateFile;
    if (!file) return;
    writeFileSync(file, JSON.stringify(Object.fromEntries(this.options.deployment.eventSources.map((m) => [m.uuid, m.enabled])), null, 2));
  }
}

function describeMapping(m: LocalEventSource) {
  return {
    UUID: m.uuid,
    FunctionArn: m.functionArn,
    EventSourceArn: m.queueArn,
    State: m.enabled ? 'Enabled' : 'Disabled',
    StateTransitionReason: 'USER_INITIATED',
    BatchSize: m.batchSize,
    MaximumBatchingWindowInSeconds: m.batchingWindowSeconds,
    FunctionResponseTypes: m.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
    ...(m.maxConcurrency ? { ScalingConfig: { MaximumConcurrency: m.maxConcurrency } } : {}),
    LastModified: Math.floor(Date.now() / 1000),
  };
}

function describeFunction(fn: LocalFunction) {
  return {
    FunctionName: fn.physicalName,
    FunctionArn: fn.arn,
    Runtime: 'nodejs26.x',
    Role: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${fn.roleLogicalId}`,
    Handler: fn.handler,
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memoryMb,
    Version: '$LATEST',
    Environment: { Variables: fn.environment },
    ...(fn.deadLetterArn ? { DeadLetterConfig: { TargetArn: fn.deadLetterArn } } : {}),
    Architectures: ['arm64'],
    State: 'Active',
    LastUpdateStatus: 'Successful',
  };
}

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The event SNS gives a subscribed function for one message. */
export function snsEvent(topicArn: string, message: string, subject?: string) {
  const messageId = crypto.randomUUID();
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${messageId}`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: topicArn,
          Subject: subject ?? null,
          Message: message,
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'local',
          SigningCertUrl: 'https://sns.local/cert.pem',
          UnsubscribeUrl: 'https://sns.local/unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}
