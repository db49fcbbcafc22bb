import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { FunctionName } from '../topology/functions.js';
import { METRICS_NAMESPACE } from '../topology/metrics.js';
import { awsPorts } from './aws-ports.js';
import type { Capability, FunctionDefinition, Ports } from './ports.js';

export interface LambdaOptions<R> {
  /** What to answer when the dependencies cannot be built (a secret unreadable): e.g. a 503 page. Default: throw. */
  onInitError?: (error: unknown) => R;
  /** Flush Powertools metrics after each invocation, when it added any (only for functions that emit any). */
  metrics?: boolean;
}

/** Powertools logger and metrics for one function. */
export function observability(name: string) {
  return { logger: new Logger({ serviceName: name }), metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: name }) };
}

/**
 * The one way a handler is built: `handler = lambdaHandler(definition, makeHandler)`. Ports are built once per
 * container on the first invocation (clients, config, compiled topics); the dependencies are composed on every
 * invocation, so a secret the admin changed is picked up (Powertools caches it for five minutes).
 * A failure to build is not remembered: the next invocation tries again.
 */
export function lambdaHandler<F extends FunctionName, C extends Capability, D, E, R>(
  definition: FunctionDefinition<F, C, D>,
  makeHandler: (deps: D, ports: Ports<F, C>) => (event: E, context: Context) => Promise<R>,
  options: LambdaOptions<R> = {},
) {
  const tools = observability(definition.name);
  let ports: Ports<F, C> | undefined;
  const run = async (event: E, context: Context): Promise<R> => {
    let handle: (event: E, context: Context) => Promise<R>;
    try {
      ports ??= awsPorts(definition as FunctionDefinition<F, C, unknown>, tools);
      handle = makeHandler(await definition.compose(ports), ports);
    } catch (error) {
      if (!options.onInitError) throw error;
      tools.logger.error('cannot build dependencies', { error });
      return options.onInitError(error);
    }
    return handle(event, context);
  };
  const handler = middy(run).use(injectLambdaContext(tools.logger));
  return options.metrics ? handler.use(flushMetrics(tools.metrics)) : handler;
}

/**
 * Powertools' logMetrics, except that an invocation that added no metric (a batch of 304s, a retry) writes nothing:
 * Powertools would write a warning line each time, and log lines are what CloudWatch bills.
 */
export function flushMetrics(metrics: Metrics): MiddlewareObj {
  const flush = () => publishStoredMetricsIfAny(metrics);
  return { after: flush, onError: flush };
}

/** Writes the invocation's metrics as one EMF line, or nothing when it added none. */
export function publishStoredMetricsIfAny(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
