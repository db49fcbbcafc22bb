import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { fromApiGatewayV2, toApiGatewayV2 } from '../../shared/runtime/api-gateway-v2.js';
import { telegramWebhookDefinition } from '../../shared/runtime/composition/telegram-webhook.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf, Ports } from '../../shared/runtime/ports.js';
import { handleTelegramWebhook } from '../../shared/usecases/subscriptions/telegram-webhook.js';

/** A 5xx makes Telegram deliver the update again (a store failed, or the secrets could not be read). */
const failed = (): APIGatewayProxyStructuredResultV2 => ({ statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"ok":false}' });

/** HTTP API POST /telegram/webhook → one bot command. */
export const makeHandler =
  (deps: DepsOf<typeof telegramWebhookDefinition>, ports: Pick<Ports<'telegram-webhook'>, 'logger'>) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      return toApiGatewayV2(await handleTelegramWebhook(deps, fromApiGatewayV2(event)));
    } catch (error) {
      ports.logger.error('telegram update failed', { error });
      return failed();
    }
  };

export const handler = lambdaHandler(telegramWebhookDefinition, makeHandler, { onInitError: failed });
