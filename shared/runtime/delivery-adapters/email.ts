import { SESClient } from '@aws-sdk/client-ses';
import { SesMailer } from '../../adapters/ses/ses-mailer.js';
import type { ChannelAdapterBuilder } from '../delivery-deps.js';
import { FunctionEnv } from '../lambda-env.js';

/** send-email: SES (raw MIME), with the configuration set that routes bounces and complaints to ses-events. */
export const emailAdapter: ChannelAdapterBuilder = async (_config, env) => {
  const configurationSetName = env[FunctionEnv.sesConfigurationSet];
  return { mailer: new SesMailer(new SESClient({}), configurationSetName ? { configurationSetName } : {}) };
};
