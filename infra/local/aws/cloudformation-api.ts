/**
 * CloudFormation's read side, locally: DescribeStacks and ListStackResources answer from the stacks the local
 * runtime deployed (their outputs and every resource's physical id), so admin tools find a local deployment exactly
 * as they find one in AWS: by its stack name.
 */
import { awsError, type WireResponse } from './aws-errors.js';
import type { WireRequest } from './iam-requests.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalStack } from './local-deployment.js';
import { element, members, queryResult } from './query-protocol.js';

/** CloudFormation lists a stack's resources 100 at a time. */
const PAGE = 100;

export function cloudFormationApi(stacks: LocalStack[], createdAt: Date = new Date()) {
  const stackId = (name: string) => `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${name}/local`;
  const find = (nameOrId: string | null) => stacks.find((s) => s.name === nameOrId || stackId(s.name) === nameOrId);
  const missing = (nameOrId: string) => awsError('cloudformation', 'ValidationError', `Stack with id ${nameOrId} does not exist`, 400);
  const created = createdAt.toISOString();

  const describe = (stack: LocalStack) =>
    element('StackId', stackId(stack.name)) +
    element('StackName', stack.name) +
    element('Description', stack.description) +
    element('CreationTime', created) +
    element('StackStatus', 'CREATE_COMPLETE') +
    `<Outputs>${members(stack.outputs.map((o) => element('OutputKey', o.key) + element('OutputValue', o.value) + element('Description', o.description) + element('ExportName', o.exportName)))}</Outputs>`;

  return async (req: WireRequest): Promise<WireResponse> => {
    const params = new URLSearchParams(req.body.toString('utf8'));
    const operation = params.get('Action');
    const name = params.get('StackName');
    if (operation === 'DescribeStacks') {
      if (name === null) return queryResult('cloudformation', operation, `<Stacks>${members(stacks.map(describe))}</Stacks>`);
      const stack = find(name);
      return stack ? queryResult('cloudformation', operation, `<Stacks>${members([describe(stack)])}</Stacks>`) : missing(name);
    }
    if (operation === 'ListStackResources') {
      const stack = find(name);
      if (!stack) return missing(name ?? '');
      const start = Number(params.get('NextToken') ?? '0') || 0;
      const page = stack.resources.slice(start, start + PAGE);
      const next = start + PAGE < stack.resources.length ? element('NextToken', String(start + PAGE)) : '';
      const summaries = page.map(
        (r) =>
          element('LogicalResourceId', r.logicalId) +
          element('PhysicalResourceId', r.physicalId) +
          element('ResourceType', r.type) +
          element('LastUpdatedTimestamp', created) +
          element('ResourceStatus', 'CREATE_COMPLETE'),
      );
      return queryResult('cloudformation', operation, `<StackResourceSummaries>${members(summaries)}</StackResourceSummaries>${next}`);
    }
    return awsError('cloudformation', 'InvalidAction', `the local CloudFormation API answers DescribeStacks and ListStackResources, not ${operation ?? '(no Action)'}`, 400);
  };
}
