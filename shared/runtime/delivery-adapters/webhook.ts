import { HttpWebhookClient } from '../../adapters/http/webhook-client.js';
import type { ChannelAdapterBuilder } from '../delivery-deps.js';

/** send-webhook: signed POSTs through the SSRF-guarded client. */
export const webhookAdapter: ChannelAdapterBuilder = async () => ({ webhooks: new HttpWebhookClient() });
