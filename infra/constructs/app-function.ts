import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import { METRICS_NAMESPACE } from '../../shared/topology/metrics.js';
import { bundleDefine, bundleOptions, esbuildCommandLine, NODE_OPTIONS, workerEntries } from './bundle-options.js';
import { PROJECT_ROOT } from './project-root.js';

export { PROJECT_ROOT };

/** functions/<name>/handler.ts */
export function handlerEntry(name: string): string {
  return join(PROJECT_ROOT, 'functions', name, 'handler.ts');
}

/** The runtime every function uses: the newest Node.js LTS aws-cdk-lib offers. */
export const APP_RUNTIME = lambda.Runtime.NODEJS_26_X;
export const APP_ARCHITECTURE = lambda.Architecture.ARM_64;

export interface AppFunctionQueueSource {
  queue: sqs.IQueue;
  batchSize?: number;
  maxBatchingWindow?: Duration;
  maxConcurrency?: number;
}

export interface AppFunctionProps {
  /** Verb-noun folder under functions/ (entry functions/<name>/handler.ts). */
  name: string;
  /** Entry file; defaults to functions/<name>/handler.ts. */
  entry?: string;
  description?: string;
  memoryMb?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** The validated config, bundled into the function (shared/runtime/lambda-config.ts reads it at cold start). */
  config?: AppConfig;
  /** SQS event source; consumers always report partial batch failures. */
  source?: AppFunctionQueueSource;
  /** Where failed asynchronous invocations go (SNS, Scheduler). */
  asyncDeadLetterQueue?: sqs.IQueue;
  /** X-Ray active tracing (off by default: at 1,000 feeds every 5 minutes it leaves the free tier). */
  tracing?: boolean;
}

const APP_FUNCTION = Symbol.for('newshound.AppFunction');

/**
 * The one way to build a function: NodejsFunction bundled by esbuild (ESM, minified, source maps; the worker threads
 * it starts bundled beside it, see workerEntries),
 * Node.js 26 on arm64, its own log group with a month's retention, a role that can only write to
 * that log group until a stack grants more, and an optional SQS source with partial batch failures.
 */
export class AppFunction extends Construct {
  static isAppFunction(x: unknown): x is AppFunction {
    return typeof x === 'object' && x !== null && APP_FUNCTION in x;
  }

  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    Object.defineProperty(this, APP_FUNCTION, { value: true });
    this.name = props.name;
    const entry = props.entry ?? handlerEntry(props.name);
    if (!existsSync(entry)) throw new Error(`AppFunction ${props.name}: entry ${entry} does not exist`);
    const workers = workerEntries(entry);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role without AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `newshound ${props.name}`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: APP_RUNTIME,
      architecture: APP_ARCHITECTURE,
      memorySize: props.memoryMb ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      deadLetterQueue: props.asyncDeadLetterQueue,
      environment: {
        NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        target: bundleOptions.target,
        format: OutputFormat.ESM,
        minify: bundleOptions.minify,
        sourceMap: bundleOptions.sourceMap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: bundleOptions.sourcesContent,
        esbuildArgs: { '--charset': bundleOptions.charset },
        banner: bundleOptions.banner,
        externalModules: [...bundleOptions.externalModules],
        mainFields: [...bundleOptions.mainFields],
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
        ...(props.config ? { define: bundleDefine(props.config) } : {}),
        ...(workers.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  workers.map((w) => esbuildCommandLine(join(inputDir, 'node_modules', '.bin', 'esbuild'), join(inputDir, relative(PROJECT_ROOT, w.entry)), join(outputDir, w.file), join(inputDir, 'tsconfig.json'))),
              },
            }
          : {}),
      },
    });
    // The role exists before the function; make sure its log permission does too.
    this.fn.node.addDependency(this.role);

    if (props.source) {
      const { queue, batchSize, maxBatchingWindow, maxConcurrency } = props.source;
      this.fn.addEventSource(
        new SqsEventSource(queue, { batchSize, maxBatchingWindow, maxConcurrency, reportBatchItemFailures: true }),
      );
      this.node.addValidation({ validate: () => checkVisibilityTimeout(queue, this.fn.timeout ?? Duration.seconds(3), maxBatchingWindow) });
    }
  }

  get grantPrincipal(): iam.IPrincipal {
    return this.role;
  }

  addEnvironment(key: string, value: string): void {
    this.fn.addEnvironment(key, value);
  }
}

/** AWS: a source queue's visibility timeout must be at least 6× the function timeout (plus the batching window). */
function checkVisibilityTimeout(queue: sqs.IQueue, timeout: Duration, window: Duration | undefined): string[] {
  const cfn = queue.node.defaultChild as { visibilityTimeout?: unknown } | undefined;
  const visibility = cfn?.visibilityTimeout;
  if (typeof visibility !== 'number') return [];
  const needed = 6 * timeout.toSeconds() + (window?.toSeconds() ?? 0);
  return visibility < needed ? [`queue ${queue.node.path} visibility timeout ${visibility}s is below ${needed}s (6× function timeout + batching window)`] : [];
}
