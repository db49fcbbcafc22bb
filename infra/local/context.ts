import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import type { TableStores } from '../../shared/runtime/ports.js';
import type { LocalCloud } from './aws/local-cloud.js';
import type { FunctionLogs } from './function-logs.js';
import type { OutboxFolder } from './outbox-folder.js';
import type { ReceivedDelivery } from './routes/webhook-inbox-route.js';
import type { SamplePublisher } from './sample-publisher.js';
import type { LocalWebSubHub } from './websub-hub.js';

/** Everything the local runtime has built, handed to its own pages (status, CDN, samples) beside the functions. */
export interface LocalContext {
  config: AppConfig;
  dataDir: string;
  cloud: LocalCloud;
  /** The table's stores, read directly (not as a function) by the status page. */
  stores: TableStores;
  /** Folder with a copy of every email and Telegram message sent (and webhook delivery received). */
  outboxDir: string;
  outbox: OutboxFolder;
  /** What the local webhook receiver got, newest first (routes/webhook-inbox-route.ts). */
  webhookDeliveries: ReceivedDelivery[];
  logs: FunctionLogs;
  urls: { app: string; ses: string; telegram: string; dynamodb: string; gateway: string };
  /** The WebSub hub stand-in the sample feeds announce (/hub). */
  hub: LocalWebSubHub;
  /** Articles published to the sample feeds while running. */
  samples: SamplePublisher;
  /** The token the status page's "Poll now" forms carry (random per start), so no other site can post them. */
  pollToken: string;
}

/** A route of the local HTTP server: returns true when it handled the request. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse, url: URL, ctx: LocalContext) => Promise<boolean>;
