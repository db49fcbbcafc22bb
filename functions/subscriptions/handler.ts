import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PAGE_HEADERS } from '../../shared/domain/pages/layout.js';
import { messagePage } from '../../shared/domain/pages/message-page.js';
import { fromApiGatewayV2, toApiGatewayV2 } from '../../shared/runtime/api-gateway-v2.js';
import { subscriptionsDefinition } from '../../shared/runtime/composition/subscriptions.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { handleSubscriptionRequest } from '../../shared/usecases/subscriptions/http-api.js';

/** HTTP API → subscribe, confirm, preferences, unsubscribe (pages and JSON). */
export const makeHandler =
  (deps: DepsOf<typeof subscriptionsDefinition>) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    toApiGatewayV2(await handleSubscriptionRequest(deps, fromApiGatewayV2(event)));

/** Dependencies that cannot be built (the signing key unreadable): a page that says so, and to come back. */
const unavailable = (): APIGatewayProxyStructuredResultV2 => ({ statusCode: 503, headers: { ...PAGE_HEADERS, 'retry-after': '60' }, body: messagePage('unavailable') });

export const handler = lambdaHandler(subscriptionsDefinition, makeHandler, { onInitError: unavailable });
