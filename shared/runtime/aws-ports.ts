import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { entryOf, sendsOf } from '../topology/functions.js';
import type { FunctionName } from '../topology/functions.js';
import { loadLambdaConfig } from './lambda-config.js';
import type { Capability, CapabilityFactory, FunctionDefinition, Ports, World } from './ports.js';
import { systemClock } from './system-clock.js';

/**
 * A function's ports in Lambda, built once per container from the environment the stack gave it (every variable its
 * topology entry implies is checked here, at cold start) and the config bundled into it. The local runtime runs the
 * same bundles with the same environment, pointed at local endpoints.
 */
export function awsPorts<F extends FunctionName, C extends Capability>(
  definition: FunctionDefinition<F, C, unknown>,
  observability: { logger: Logger; metrics: Metrics },
  env: NodeJS.ProcessEnv = process.env,
): Ports<F, C> {
  const { name } = definition;
  const config = loadLambdaConfig(env);
  const context = { env, config, clock: systemClock, name };
  const missing = (what: string) => () => {
    throw new Error(`${name}: its definition (shared/runtime/composition/${name}.ts) provides no ${what}`);
  };
  if (sendsOf(name).length > 0 && !definition.aws.queues) missing('queues')();
  if ((entryOf(name).secrets ?? []).length > 0 && !definition.aws.secrets) missing('secrets')();
  const queues = definition.aws.queues?.(context);
  const secrets = definition.aws.secrets?.(context);
  const world = {} as Pick<World, C>;
  for (const [capability, factory] of Object.entries(definition.aws.factories) as [C, CapabilityFactory<World[C]>][]) {
    world[capability] = factory(context) as Pick<World, C>[C];
  }
  return {
    name,
    config,
    clock: systemClock,
    ...observability,
    ...world,
    queue: queues ? (queue) => queues.queue(queue) : missing('queues'),
    secret: secrets ? (secret, options) => secrets.secret(secret, options) : missing('secrets'),
  } as Ports<F, C>;
}
