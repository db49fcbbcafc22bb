/**
 * The part of CloudFormation the local runtime needs: templates as JSON, and the intrinsic functions CDK emits
 * (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::ImportValue), resolved against local resources.
 */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Description?: string;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Export?: { Name: string } }>;
}

export interface IntrinsicContext {
  region: string;
  accountId: string;
  stackName: string;
  /** Ref of a resource of this template. */
  ref(logicalId: string): string;
  /** Fn::GetAtt of a resource of this template. */
  getAtt(logicalId: string, attribute: string): string;
  /** Fn::ImportValue: an export of another stack. */
  importValue(name: string): string;
}

export class UnresolvableError extends Error {}

const PSEUDO = (ctx: IntrinsicContext): Record<string, string> => ({
  'AWS::Region': ctx.region,
  'AWS::AccountId': ctx.accountId,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': ctx.stackName,
  'AWS::StackId': `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${ctx.stackName}/local`,
});

/** Resolves every intrinsic in `value`; plain values pass through. Throws UnresolvableError naming what it cannot do. */
export function resolveValue(value: unknown, ctx: IntrinsicContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, ctx));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref') return ref(String(arg), ctx);
    if (key.startsWith('Fn::')) return intrinsic(key, arg, ctx);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveValue(v, ctx)]));
}

export function resolveString(value: unknown, ctx: IntrinsicContext): string {
  const resolved = resolveValue(value, ctx);
  if (typeof resolved !== 'string' && typeof resolved !== 'number') throw new UnresolvableError(`expected a string, got ${JSON.stringify(resolved)}`);
  return String(resolved);
}

function ref(name: string, ctx: IntrinsicContext): string {
  const pseudo = PSEUDO(ctx)[name];
  if (pseudo !== undefined) return pseudo;
  return ctx.ref(name);
}

function intrinsic(fn: string, arg: unknown, ctx: IntrinsicContext): unknown {
  switch (fn) {
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split(/\.(.*)/s);
      return ctx.getAtt(String(logicalId), String(attribute));
    }
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      const resolved = resolveValue(parts, ctx);
      if (!Array.isArray(resolved)) throw new UnresolvableError('Fn::Join needs a list');
      return resolved.map(String).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [unknown, unknown];
      const resolved = resolveValue(list, ctx) as unknown[];
      return resolved[Number(resolveValue(index, ctx))];
    }
    case 'Fn::Split': {
      const [separator, source] = arg as [string, unknown];
      return resolveString(source, ctx).split(separator);
    }
    case 'Fn::ImportValue':
      return ctx.importValue(resolveString(arg, ctx));
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
      return template.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        if (name in variables) return resolveString(variables[name], ctx);
        if (name.includes('.')) {
          const [logicalId, attribute] = name.split(/\.(.*)/s) as [string, string];
          return ctx.getAtt(logicalId, attribute);
        }
        return ref(name, ctx);
      });
    }
    default:
      throw new UnresolvableError(`${fn} is not supported by the local runtime`);
  }
}
