import type { LocalRoute } from './context.js';
import { feedsRoute } from './routes/feeds-route.js';
import { samplesRoute } from './routes/samples-route.js';
import { statusRoute } from './routes/status-route.js';
import { subscriptionRoute } from './routes/subscription-routes.js';
import { telegramWebhookRoute } from './routes/telegram-webhook-route.js';

/** Routes of the local HTTP server, tried in order. */
export const localRoutes: LocalRoute[] = [statusRoute, samplesRoute, feedsRoute, subscriptionRoute, telegramWebhookRoute];
