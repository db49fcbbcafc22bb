import type { ArnContext, WireRequest } from '../iam-requests.js';
import { jsonBody, unsupported, UnmappableRequestError, type Described } from './wire.js';

const EVENT_SOURCE_MAPPINGS = /^\/2015-03-31\/event-source-mappings\/?$/;
const EVENT_SOURCE_MAPPING = /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/;
const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const CONFIGURATION = /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/;
const ACCOUNT_SETTINGS = /^\/2016-08-19\/account-settings\/?$/;

export function describeLambda(req: WireRequest, ctx: ArnContext): Described {
  const method = req.method.toUpperCase();
  if (method === 'GET' && EVENT_SOURCE_MAPPINGS.test(req.path)) {
    return { operation: 'ListEventSourceMappings', calls: [{ action: 'lambda:ListEventSourceMappings', resource: '*' }] };
  }
  const mapping = EVENT_SOURCE_MAPPING.exec(req.path);
  if (mapping && (method === 'GET' || method === 'PUT')) {
    const resource = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${decode(mapping[1]!)}`;
    if (method === 'GET') return { operation: 'GetEventSourceMapping', calls: [{ action: 'lambda:GetEventSourceMapping', resource }] };
    const functionName = jsonBody(req, 'UpdateEventSourceMapping').FunctionName;
    const context = typeof functionName === 'string' ? { 'lambda:FunctionArn': functionArn(functionName, ctx) } : undefined;
    return { operation: 'UpdateEventSourceMapping', calls: [{ action: 'lambda:UpdateEventSourceMapping', resource, ...(context && { context }) }] };
  }
  if (method === 'GET' && ACCOUNT_SETTINGS.test(req.path)) return { operation: 'GetAccountSettings', calls: [{ action: 'lambda:GetAccountSettings', resource: '*' }] };
  const configuration = CONFIGURATION.exec(req.path);
  if (configuration && method === 'GET') {
    const resource = functionArn(decode(configuration[1]!), ctx, req.query.get('Qualifier') ?? undefined);
    return { operation: 'GetFunctionConfiguration', calls: [{ action: 'lambda:GetFunctionConfiguration', resource }] };
  }
  const invocation = INVOCATIONS.exec(req.path);
  if (invocation && method === 'POST') {
    const resource = functionArn(decode(invocation[1]!), ctx, req.query.get('Qualifier') ?? undefined);
    return { operation: 'Invoke', calls: [{ action: 'lambda:InvokeFunction', resource }] };
  }
  return unsupported('Lambda', `${method} ${req.path}`);
}

/**
 * Lambda takes a function as a name, a full or partial ARN (123456789012:function:name), each with an
 * optional :qualifier; a Qualifier parameter qualifies it further. IAM sees the full ARN.
 */
function functionArn(nameOrArn: string, ctx: ArnContext, qualifier?: string): string {
  let arn: string;
  if (nameOrArn.startsWith('arn:')) arn = nameOrArn;
  else if (/^\d{12}:function:/.test(nameOrArn)) arn = `arn:aws:lambda:${ctx.region}:${nameOrArn}`;
  else arn = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${nameOrArn}`;
  const qualified = arn.split(':').length > 7;
  return qualifier && !qualified ? `${arn}:${qualifier}` : arn;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UnmappableRequestError(`Lambda: malformed percent-encoding in ${JSON.stringify(segment)}`);
  }
}
