/**
 * The one endpoint every function's AWS SDK talks to locally (AWS_ENDPOINT_URL). It does what AWS's front door
 * does: it knows the caller from the SigV4 credentials (each function signs with its own access key id), checks
 * every call against that function's role policies from the synthesized template, answers a denial exactly as AWS
 * would (AccessDenied in the service's protocol), and forwards the rest to the local implementation of the API.
 * Every call is recorded (function, action, resource, decision) for the tests that prove the grants.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkRequest, loopbackHosts, refuse } from '../loopback-guard.js';
import { accessDenied, awsError, type WireResponse } from './aws-errors.js';
import { type ArnContext, describeRequest, type IamCall, SES_IDENTITY_CONTEXT_KEYS, sesIdentityCandidates, UnmappableRequestError, type WireRequest } from './iam-requests.js';
import { evaluate, type PolicyDocument } from './iam-policy.js';

export interface GatewayPrincipal {
  functionName: string;
  roleName: string;
  policies: PolicyDocument[];
}

export interface GatewayCall {
  principal: string;
  service: string;
  operation: string;
  action: string;
  resource: string;
  /** The request context keys the decision saw (dynamodb:LeadingKeys, ses:FromAddress, ...). */
  context?: IamCall['context'];
  allowed: boolean;
  reason: string;
}

/** A local API the gateway forwards to: an HTTP endpoint, or a handler in this process. */
export type Upstream = string | ((req: WireRequest) => Promise<WireResponse>);

export interface GatewayOptions {
  host?: string;
  port?: number;
  accountId: string;
  upstreams: Record<string, Upstream>;
  principal(accessKeyId: string): GatewayPrincipal | undefined;
  arnContext: ArnContext;
  /** SES identities verified locally (the deployment's sender identity). */
  verifiedSesIdentities(): string[];
  /** The function an event source mapping belongs to (lambda:FunctionArn for UpdateEventSourceMapping). */
  eventSourceFunctionArn(uuid: string): string | undefined;
  /** Called before a request is forwarded; may answer it instead (SES account state, for example). */
  intercept?(service: string, operation: string, req: WireRequest): WireResponse | undefined;
  /** Called after the API accepted a request, before the caller hears so (a copy kept here is as durable as the API). */
  onAccepted?(service: string, operation: string, req: WireRequest, response: WireResponse): Promise<void> | void;
  /** Deny what no policy allows (default true). Off, calls are still recorded with their decision. */
  enforce?: boolean;
}

const MAX_BODY_BYTES = 12 * 1024 * 1024;

export async function startAwsGateway(options: GatewayOptions) {
  const calls: GatewayCall[] = [];
  const enforce = options.enforce ?? true;

  const handle = async (req: WireRequest): Promise<WireResponse> => {
    let described;
    try {
      described = describeRequest(req, options.arnContext);
    } catch (error) {
      if (error instanceof UnmappableRequestError) return awsError(serviceOf(req), 'UnrecognizedClientException', error.message, 403);
      throw error;
    }
    const principal = options.principal(described.principal);
    if (!principal) return awsError(described.service, 'InvalidClientTokenId', `The security token included in the request is invalid (unknown access key ${described.principal})`, 403);
    for (const raw of described.calls) {
      const call = specialise(raw, options);
      const decision = await evaluate(principal.policies, call, options.accountId);
      calls.push({ principal: principal.functionName, service: described.service, operation: described.operation, action: call.action, resource: call.resource, ...(call.context ? { context: call.context } : {}), allowed: decision.allowed, reason: decision.reason });
      if (!decision.allowed && enforce) return accessDenied(described.service, principal.roleName, principal.functionName, call.action, call.resource);
    }
    const intercepted = options.intercept?.(described.service, described.operation, req);
    if (intercepted) return intercepted;
    const upstream = options.upstreams[described.service];
    if (!upstream) return awsError(described.service, 'ServiceUnavailable', `the local runtime has no ${described.service} API`, 503);
    const response = typeof upstream === 'string' ? await forward(upstream, req) : await upstream(req);
    if (response.status < 300) await options.onAccepted?.(described.service, described.operation, req, response);
    return response;
  };

  let hosts = new Set<string>();
  const server = createServer((incoming, outgoing) => {
    const check = checkRequest(incoming, hosts);
    if (!check.ok) return refuse(outgoing, check, incoming);
    void serve(incoming, outgoing, check.url, handle);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = loopbackHosts(port);
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type AwsGateway = Awaited<ReturnType<typeof startAwsGateway>>;

/** SES authorizes a send against the verified identity that covers the sender: the address, or its domain. */
function specialise(call: IamCall, options: GatewayOptions): IamCall {
  const from = call.context?.['ses:FromAddress'];
  if (typeof from !== 'string' || !call.context?.[SES_IDENTITY_CONTEXT_KEYS.address] || !call.resource.includes(':identity/')) {
    const uuid = /:event-source-mapping:([^:]+)$/.exec(call.resource)?.[1];
    if (call.action === 'lambda:UpdateEventSourceMapping' && uuid && !call.context?.['lambda:FunctionArn']) {
      const functionArn = options.eventSourceFunctionArn(uuid);
      if (functionArn) return { ...call, context: { ...call.context, 'lambda:FunctionArn': functionArn } };
    }
    return call;
  }
  const verified = new Set(options.verifiedSesIdentities().map((i) => i.toLowerCase()));
  const identity = sesIdentityCandidates(from).find((candidate) => verified.has(candidate.toLowerCase()));
  if (!identity) return call;
  return { ...call, resource: call.resource.replace(/:identity\/.*$/, `:identity/${identity}`) };
}

function serviceOf(req: WireRequest): string {
  const scope = /Credential=[^/]+\/\d{8}\/(?:[^/]+\/)?([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  return scope?.[1] ?? 'unknown';
}

async function serve(incoming: IncomingMessage, outgoing: ServerResponse, url: URL, handle: (req: WireRequest) => Promise<WireResponse>): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of incoming) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        outgoing.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(incoming.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const response = await handle({ method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: Buffer.concat(chunks) });
    outgoing.writeHead(response.status, response.headers).end(response.body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
    outgoing.end(JSON.stringify({ __type: 'InternalFailure', message: `local gateway: ${message}` }));
  }
}

/** Forwards a request unchanged (but for the Host header) and returns the local API's answer. */
export function forward(upstream: string, req: WireRequest): Promise<WireResponse> {
  const target = new URL(upstream);
  const query = req.query.toString();
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${req.path}${query ? `?${query}` : ''}`,
        headers: { ...Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined)), host: target.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(req.body);
  });
}
