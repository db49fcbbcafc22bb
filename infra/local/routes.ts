import type { LocalRoute } from './context.js';
import { apiRoute } from './routes/api-route.js';
import { feedsRoute } from './routes/feeds-route.js';
import { hubRoute } from './routes/hub-route.js';
import { pollRoute } from './routes/poll-route.js';
import { publishRoute } from './routes/publish-route.js';
import { samplesRoute } from './routes/samples-route.js';
import { statusRoute } from './routes/status-route.js';
import { webhookInboxRoute } from './routes/webhook-inbox-route.js';

/**
 * Routes of the local HTTP server, tried in order: the local runtime's own pages (status at `/` and its "Poll now"
 * buttons, the sample source feeds and their publisher, the WebSub hub stand-in, the CloudFront stand-in for /feeds/, the sample webhook receiver), then the HTTP API's routes, answered by the
 * functions. In AWS `/` is the subscribe page; locally it is the status page, and the subscribe page is at /subscribe.
 */
export const localRoutes: LocalRoute[] = [statusRoute, pollRoute, publishRoute, samplesRoute, hubRoute, feedsRoute, webhookInboxRoute, apiRoute];
