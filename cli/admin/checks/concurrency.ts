import { GetAccountSettingsCommand, GetEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';

/**
 * The account's concurrency quota covers what the stack may run at once: every queue consumer at its maximum
 * concurrency, plus one each for the other functions (HTTP API, schedules, SNS). A queue consumer without a maximum
 * may scale on (to 1,250 for SQS) and starve everything else of the account's quota.
 */
export async function concurrencyCheck(session: AdminSession): Promise<Check> {
  const base = { id: 'lambda-concurrency', title: 'Lambda concurrency' };
  const { AccountLimit } = await session.clients.lambda.send(new GetAccountSettingsCommand({}));
  const quota = AccountLimit?.ConcurrentExecutions ?? 0;
  let consumers = 0;
  const uncapped: string[] = [];
  const consuming = new Set<string>();
  for (const mapping of session.stack.ofType('AWS::Lambda::EventSourceMapping')) {
    const m = await session.clients.lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.physicalId }));
    const fn = m.FunctionArn?.split(':').pop() ?? mapping.logicalId;
    consuming.add(fn);
    if (m.ScalingConfig?.MaximumConcurrency) consumers += m.ScalingConfig.MaximumConcurrency;
    else uncapped.push(fn);
  }
  const others = session.stack.ofType('AWS::Lambda::Function').filter((f) => !consuming.has(f.physicalId)).length;
  const needed = consumers + others;
  if (uncapped.length > 0) {
    return {
      ...base,
      status: 'action',
      detail: `${uncapped.length} queue consumer${uncapped.length === 1 ? ' has' : 's have'} no maximum concurrency: each may scale to 1,250 and take the account's whole quota (${quota})`,
      items: uncapped,
      fix: 'give their queue triggers a maxConcurrency in shared/topology/functions.ts, then npx cdk deploy --all',
    };
  }
  const detail = `the account allows ${quota} concurrent executions; the stack may use ${needed} (${consumers} for queue consumers, ${others} for its other functions)`;
  if (quota >= needed) return { ...base, status: 'ok', detail };
  return { ...base, status: 'action', detail, fix: `aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value ${Math.max(1000, needed)}` };
}
