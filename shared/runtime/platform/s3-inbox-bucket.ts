import { S3Client } from '@aws-sdk/client-s3';
import { S3PushInbox } from '../../adapters/s3/s3-push-inbox.js';
import type { PushInbox } from '../../ports/push-inbox.js';
import { FunctionEnv } from '../../topology/environment.js';
import { requireEnv } from '../lambda-env.js';
import type { CapabilityFactory } from '../ports.js';

/** The private push inbox bucket (INBOX_BUCKET). */
export const s3InboxBucket: CapabilityFactory<PushInbox> = ({ env }) => new S3PushInbox(new S3Client({}), requireEnv(FunctionEnv.inboxBucket, env));
