import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { websubCallbackDefinition } from '../../shared/runtime/composition/websub-callback.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { handleWebSubCallback } from '../../shared/usecases/websub/websub-callback.js';

/** A 5xx makes the hub deliver again (the inbox, the queue or the table failed, or the key could not be read). */
const failed = (): APIGatewayProxyStructuredResultV2 => ({ statusCode: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'try again later' });

/** HTTP API GET|POST /websub → a hub's verification or push; the body's exact bytes are what the signature covers. */
export const makeHandler =
  (deps: DepsOf<typeof websubCallbackDefinition>, ports: Pick<Ports<'websub-callback'>, 'logger'>) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
      const body = event.body === undefined ? new Uint8Array() : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
      const answer = await handleWebSubCallback(deps, { method: event.requestContext.http.method.toUpperCase(), query: new URLSearchParams(event.rawQueryString ?? ''), headers, body });
      const detail = { outcome: answer.outcome, ...(answer.feedId ? { feedId: answer.feedId } : {}), sourceIp: event.requestContext.http.sourceIp };
      if (answer.outcome.startsWith('refused')) ports.logger.warn('websub callback refused', detail);
      else ports.logger.info('websub callback', detail);
      return { statusCode: answer.status, headers: answer.headers, body: answer.body };
    } catch (error) {
      ports.logger.error('websub callback failed', { error });
      return failed();
    }
  };

export const handler = lambdaHandler(websubCallbackDefinition, makeHandler, { onInitError: failed });
