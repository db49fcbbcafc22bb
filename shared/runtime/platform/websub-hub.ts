import { WebSubPinger } from '../../adapters/http/websub-pinger.js';
import type { CapabilityFactory, WebSubPublisher } from '../ports.js';

/** Pings the configured WebSub hub after feeds change. */
export const websubHub: CapabilityFactory<(hubUrl: string) => WebSubPublisher> = () => (hubUrl) => new WebSubPinger(hubUrl);
