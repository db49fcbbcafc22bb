import { SESClient } from '@aws-sdk/client-ses';
import { SesMailer } from '../../adapters/ses/ses-mailer.js';
import type { Mailer } from '../../ports/senders.js';
import { FunctionEnv } from '../../topology/environment.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory } from '../ports.js';

/** SES (raw MIME) with the configuration set that routes bounces and complaints to ses-events. */
export const sesMailer: CapabilityFactory<Mailer> = ({ env }) => new SesMailer(new SESClient({}), { configurationSetName: requireEnv(FunctionEnv.sesConfigurationSet, env) });
