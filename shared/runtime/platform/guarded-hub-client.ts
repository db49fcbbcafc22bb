import { GuardedHubClient } from '../../adapters/http/guarded-hub-client.js';
import type { HubClient } from '../../ports/hub-client.js';
import type { CapabilityFactory } from '../ports.js';

/** WebSub hub requests through the SSRF guard (loopback only where the config allows it: the local stage). */
export const guardedHubClient: CapabilityFactory<HubClient> = ({ config }) => new GuardedHubClient({ allowLoopback: config.allowLoopback });
