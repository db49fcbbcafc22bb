/**
 * CloudFormation's side of the deploy triggers, locally: every custom resource a function serves is invoked with the
 * event CloudFormation sends on a deploy (Create, its template properties), and its answer is awaited at a loopback
 * ResponseURL (in AWS a presigned S3 URL). An answer of FAILED, or none, fails the start as it would fail the deploy.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomResourceAnswer, CustomResourceEvent } from '../../../shared/runtime/custom-resource.js';
import { checkRequest, loopbackHosts, refuse } from '../loopback-guard.js';
import type { LocalLambdaService } from './lambda-service.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalCustomResource } from './local-deployment.js';

/** Runs each custom resource in turn; returns their answers. */
export async function runCustomResources(resources: LocalCustomResource[], lambda: LocalLambdaService): Promise<CustomResourceAnswer[]> {
  if (resources.length === 0) return [];
  const answers = new Map<string, (answer: CustomResourceAnswer) => void>();
  let hosts = new Set<string>();
  const server = createServer((req, res) => {
    const check = checkRequest(req, hosts);
    if (!check.ok) return refuse(res, check, req);
    const deliver = req.method === 'PUT' ? answers.get(check.url.pathname.slice(1)) : undefined;
    if (!deliver) return refuse(res, { ok: false, status: 400, message: 'No answer is awaited here\n' }, req);
    readJson(req).then(
      (answer) => {
        deliver(answer as CustomResourceAnswer);
        res.writeHead(200).end();
      },
      () => refuse(res, { ok: false, status: 400, message: 'The answer is not JSON\n' }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  hosts = loopbackHosts(port);
  try {
    const results: CustomResourceAnswer[] = [];
    for (const resource of resources) {
      const requestId = randomUUID();
      const answered = new Promise<CustomResourceAnswer>((resolve) => answers.set(requestId, resolve));
      const fn = lambda.function(resource.functionArn);
      const event: CustomResourceEvent = {
        RequestType: 'Create',
        ResponseURL: `http://127.0.0.1:${port}/${requestId}`,
        StackId: `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${resource.stackName}/local`,
        RequestId: requestId,
        LogicalResourceId: resource.logicalId,
        ResourceType: resource.resourceType,
        ResourceProperties: resource.properties,
      };
      const invoked = await lambda.invoke(resource.functionArn, event);
      if (!invoked.ok) throw new Error(`${resource.logicalId} (${fn.name}) failed: ${invoked.error.errorType}: ${invoked.error.errorMessage}`);
      const answer = await Promise.race([answered, timeout(fn.timeoutSeconds * 1000 + 5000, `${resource.logicalId} (${fn.name}) never answered`)]);
      if (answer.Status !== 'SUCCESS') throw new Error(`${resource.logicalId} (${fn.name}) answered ${answer.Status}: ${answer.Reason ?? 'no reason given'}`);
      results.push(answer);
    }
    return results;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
