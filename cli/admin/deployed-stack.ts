/**
 * A deployed stage as CloudFormation describes it: the outputs and the resources (with their physical ids) of its two
 * stacks. Every admin command finds what it needs here, by construct id, rather than by guessing names.
 */
import { DescribeStacksCommand, ListStackResourcesCommand, type Output, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { pascalCase, type FunctionName } from '../../shared/topology/functions.js';
import type { AwsClients } from './aws-clients.js';

export interface StackResource {
  stack: string;
  logicalId: string;
  type: string;
  physicalId: string;
}

export class DeployedStack {
  private constructor(
    readonly names: { stateful: string; stateless: string },
    private readonly outputs: Map<string, string>,
    readonly resources: StackResource[],
  ) {}

  /** Describes both stacks; a missing one throws CloudFormation's ValidationError ("... does not exist"). */
  static async load(clients: AwsClients, names: { stateful: string; stateless: string }): Promise<DeployedStack> {
    const outputs = new Map<string, string>();
    const resources: StackResource[] = [];
    for (const name of [names.stateful, names.stateless]) {
      const { Stacks = [] } = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
      for (const output of Stacks[0]?.Outputs ?? ([] as Output[])) if (output.OutputKey && output.OutputValue !== undefined) outputs.set(output.OutputKey, output.OutputValue);
      let token: string | undefined;
      do {
        const page = await clients.cloudFormation.send(new ListStackResourcesCommand({ StackName: name, NextToken: token }));
        for (const r of page.StackResourceSummaries ?? ([] as StackResourceSummary[])) {
          if (r.LogicalResourceId && r.ResourceType && r.PhysicalResourceId) resources.push({ stack: name, logicalId: r.LogicalResourceId, type: r.ResourceType, physicalId: r.PhysicalResourceId });
        }
        token = page.NextToken;
      } while (token);
    }
    return new DeployedStack(names, outputs, resources);
  }

  output(key: string): string | undefined {
    return this.outputs.get(key);
  }

  /** Resources of a type, optionally those whose construct id starts with `prefix` (CDK appends a hash). */
  ofType(type: string, prefix?: string): StackResource[] {
    return this.resources.filter((r) => r.type === type && (prefix === undefined || r.logicalId.startsWith(prefix)));
  }

  /** The physical name of a topology function (its construct id is `<PascalName>Function`). */
  functionName(name: FunctionName): string {
    const found = this.ofType('AWS::Lambda::Function', `${pascalCase(name)}Function`);
    if (found.length !== 1) throw new Error(`${this.names.stateless} has ${found.length === 0 ? 'no' : 'more than one'} ${name} function`);
    return found[0]!.physicalId;
  }

  /** The table's name (the TableName output, else the table resource). */
  tableName(): string {
    const name = this.output('TableName') ?? this.ofType('AWS::DynamoDB::Table')[0]?.physicalId;
    if (!name) throw new Error(`${this.names.stateful} has no table`);
    return name;
  }
}
