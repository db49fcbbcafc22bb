/**
 * Evaluates a call against a function's identity policies as IAM would, with @cloud-copilot/iam-simulate:
 * wildcards, NotAction/NotResource, explicit Deny over Allow, condition operators, and wildcard-only
 * actions (ListQueues, GetSendQuota...) that only a Resource "*" grants. Same-account resources, no
 * resource policies, SCPs or boundaries: the local runtime has none.
 */
import { runSimulation, type RequestAnalysis, type SimulationErrors } from '@cloud-copilot/iam-simulate';
import type { IamCall } from './iam-requests.js';

type OneOrMany = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  Resource?: OneOrMany;
  NotResource?: OneOrMany;
  /** Operator → context key → value(s), e.g. { StringLike: { 'ses:FromAddress': '*@example.com' } }. */
  Condition?: Record<string, Record<string, OneOrMany>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface Decision {
  allowed: boolean;
  action: string;
  resource: string;
  /** e.g. "explicit allow by statement 3 of policy 1", "no statement allows it", "explicit deny by statement 1 (Sid DenyAll) of policy 2". */
  reason: string;
}

/**
 * Async because the library loads its IAM service data (actions, resource types, condition keys) lazily
 * from disk. Throws when the library rejects the input: an invalid policy, an action IAM does not know,
 * or a resource that is not a resource type of the action; all of them are bugs, not denials.
 */
export async function evaluate(policies: PolicyDocument[], call: IamCall, accountId: string): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${accountId}:role/local-function`,
        action: call.action,
        resource: { resource: call.resource, accountId },
        contextVariables: call.context ?? {},
      },
      identityPolicies: policies.map((policy, i) => ({ name: policyName(i), policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') throw new Error(`cannot evaluate ${call.action} on ${call.resource}: ${describeErrors(result.errors)}`);
  // A resource with a literal * (an S3 key can hold one) runs as a pattern: one analysis per matching policy resource.
  const analyses = result.resultType === 'single' ? [result.result.analysis] : result.results.map((r) => r.analysis);
  return { allowed: result.overallResult === 'Allowed', action: call.action, resource: call.resource, reason: reason(result.overallResult, analyses) };
}

const policyName = (index: number) => `policy ${index + 1}`;

function reason(result: RequestAnalysis['result'], analyses: RequestAnalysis[]): string {
  if (result === 'ImplicitlyDenied') return 'no statement allows it';
  const denied = result === 'ExplicitlyDenied';
  const statement = analyses.flatMap((a) => (denied ? a.identityAnalysis?.denyStatements : a.identityAnalysis?.allowStatements) ?? [])[0];
  const effect = denied ? 'explicit deny' : 'explicit allow';
  if (!statement) return effect;
  const sid = statement.statement.sid();
  return `${effect} by statement ${statement.statement.index()}${sid ? ` (Sid ${sid})` : ''} of ${statement.policyId}`;
}

function describeErrors(errors: SimulationErrors): string {
  const { message, ...details } = errors;
  return Object.keys(details).length ? `${message} ${JSON.stringify(details)}` : message;
}
