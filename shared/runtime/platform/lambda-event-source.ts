import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaEventSourceSwitch } from '../../adapters/lambda/lambda-event-source-switch.js';
import type { EventSourceSwitch } from '../../ports/event-source.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory } from '../ports.js';

/** The function's own SQS event source mapping, found by the function's name (Lambda sets AWS_LAMBDA_FUNCTION_NAME). */
export const lambdaEventSource: CapabilityFactory<EventSourceSwitch> = ({ env }) => new LambdaEventSourceSwitch(new LambdaClient({}), requireEnv('AWS_LAMBDA_FUNCTION_NAME', env));
