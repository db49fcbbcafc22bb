import { S3Client } from '@aws-sdk/client-s3';
import { S3FeedPublisher } from '../../adapters/s3/s3-feed-publisher.js';
import { FunctionEnv } from '../../topology/environment.js';
import { requireEnv, requireUrlEnv } from '../lambda-env.js';
import type { CapabilityFactory, FeedsBucket } from '../ports.js';

/** The syndication bucket behind CloudFront. */
export const s3FeedsBucket: CapabilityFactory<FeedsBucket> = ({ env }) => {
  const baseUrl = requireUrlEnv(FunctionEnv.feedsBaseUrl, env);
  return { baseUrl, publisher: new S3FeedPublisher(new S3Client({}), { bucket: requireEnv(FunctionEnv.feedsBucket, env), publicBaseUrl: baseUrl }) };
};
