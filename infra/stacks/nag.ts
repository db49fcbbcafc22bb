import { CfnResource, type IPolicyValidationContext, type IPolicyValidationPlugin, type PolicyValidationPluginReport, type PolicyViolation, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Wildcard findings (AwsSolutions-IAM5) that the L2 grants produce on purpose. cdk-nag 3 can only
 * acknowledge a finding by its exact id, and these ids embed cross-stack export names and logical
 * ids, so they are accepted here by pattern, each confined to the constructs it may appear on and
 * given its reason. Anything else fails synth.
 */
export interface AcceptedFinding {
  rule: RegExp;
  /** Construct paths the finding may appear on. */
  path: RegExp;
  reason: string;
  /** Extra evidence checked on the violating construct. */
  holds?: (node: IConstruct) => boolean;
}

const FUNCTION_POLICY = /\/Role\/DefaultPolicy\/Resource$/;

export const ACCEPTED_FINDINGS: AcceptedFinding[] = [
  {
    rule: /^AwsSolutions-IAM5\[Resource::[^\]*]*Feeds[^\]*]*\/\*\]$/,
    path: /\/PublishFeeds\/Role\/DefaultPolicy\/Resource$/,
    reason: 'publish-feeds writes and reads feed objects: object ARNs inside the feeds bucket only.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Action::s3:(Abort\*|GetObject\*|GetBucket\*|List\*|PutObject\*|DeleteObject\*)\]$/,
    path: /\/PublishFeeds\/Role\/DefaultPolicy\/Resource$/,
    reason: "CDK's grantPut/grantRead action groups, on the feeds bucket and its objects only.",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::[^\]*]*PushInbox[^\]*]*\/inbox\/\*\]$/,
    path: /\/(WebsubCallback|PollFeed)\/Role\/DefaultPolicy\/Resource$/,
    reason: 'websub-callback puts, poll-feed gets pushed bodies: objects under inbox/ of the private push inbox bucket only (keys are per push).',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+Function[A-Za-z0-9]+\.Arn>:\*\]$/,
    path: /\/SchedulerRoleForTarget-[0-9a-f]+\/DefaultPolicy\/Resource$/,
    reason: "EventBridge Scheduler's LambdaInvoke target may invoke the function's versions and aliases; one function only.",
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::(\*|arn:(<AWS::Partition>|aws[a-z-]*):lambda:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):event-source-mapping:\*)\]$/,
    path: /\/[A-Za-z]+EventSourceSwitch\/Resource$/,
    reason:
      'A haltable sender stops and starts its own queue: lambda:ListEventSourceMappings has no resource-level permissions, and UpdateEventSourceMapping is limited by a lambda:FunctionArn condition to mappings of this function (their UUIDs are unknown at synth).',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: /\/[A-Za-z]+SendingAccountRead\/Resource$/,
    reason: 'ses:GetAccount (is the SES account still in the sandbox?) has no resource-level permissions: IAM accepts only "*"; the policy grants nothing else.',
  },
  {
    rule: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: FUNCTION_POLICY,
    reason: 'X-Ray (tracing=true) accepts only Resource "*" for PutTraceSegments/PutTelemetryRecords.',
    holds: (node) => wildcardStatementsAreXrayOnly(node),
  },
];

/** True when every statement of the policy with Resource "*" grants X-Ray actions only. */
function wildcardStatementsAreXrayOnly(node: IConstruct): boolean {
  if (!CfnResource.isCfnResource(node)) return false;
  const doc = Stack.of(node).resolve((node as unknown as { policyDocument: unknown }).policyDocument) as { Statement?: unknown[] } | undefined;
  const statements = (doc?.Statement ?? []) as { Action?: string | string[]; Resource?: unknown }[];
  return statements
    .filter((s) => [s.Resource].flat().includes('*'))
    .every((s) => [s.Action ?? []].flat().every((a) => a.startsWith('xray:')));
}

function findByPath(root: IConstruct): Map<string, IConstruct> {
  return new Map(root.node.findAll().map((c) => [c.node.path, c]));
}

/**
 * AwsSolutions checks with the accepted findings above filtered out. Registered on the app
 * (`Validations.of(app).addPlugins(...)`), it fails synth on any other finding; tests call
 * `validateScope(app)` after `app.synth()`.
 */
export class NewshoundNagChecks implements IPolicyValidationPlugin {
  readonly name = 'AwsSolutions';
  private readonly checks = new AwsSolutionsChecks(undefined, { verbose: true });

  constructor(private readonly accepted: AcceptedFinding[] = ACCEPTED_FINDINGS) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.validateScope(context.appConstruct);
  }

  validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = this.checks.validateScope(scope);
    const nodes = findByPath(scope);
    const violations: PolicyViolation[] = [];
    for (const violation of report.violations) {
      const remaining = violation.violatingResources.filter((resource) => {
        const path = resource.constructPath ?? '';
        const node = nodes.get(path);
        return !this.accepted.some((a) => a.rule.test(violation.ruleName) && a.path.test(path) && (!a.holds || (node !== undefined && a.holds(node))));
      });
      if (remaining.length > 0) violations.push({ ...violation, violatingResources: remaining });
    }
    return { success: violations.length === 0, violations };
  }
}
