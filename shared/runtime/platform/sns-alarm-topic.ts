import { SNSClient } from '@aws-sdk/client-sns';
import { SnsNotifier } from '../../adapters/sns/sns-notifier.js';
import type { AdminNotifier } from '../../ports/admin-notices.js';
import { FunctionEnv } from '../../topology/environment.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory } from '../ports.js';

/** The alarm topic, whose ARN the stack gives to functions whose topology entry notifies the admins. */
export const snsAlarmTopic: CapabilityFactory<AdminNotifier> = ({ env }) => new SnsNotifier(new SNSClient({}), requireEnv(FunctionEnv.alarmTopicArn, env));
