/**
 * AWS list prices used by the cost model: us-east-1, on-demand, USD. Checked against the public pricing pages
 * (aws.amazon.com/<service>/pricing) as of 2025; DynamoDB on-demand request prices are those after the
 * 2024-11-01 reduction. "free" is the always-free tier (not the 12-month trial): Lambda 1M requests + 400,000 GB-s,
 * SQS 1M requests, DynamoDB 25 GB storage (its 25 WCU/25 RCU apply to provisioned capacity only), CloudWatch
 * 5 GB logs, 10 metrics, 10 alarms, Scheduler 14M invocations, CloudFront 1 TB + 10M requests + 2M function
 * invocations (KeyValueStore reads $0.03 a million and its API $1.00 per 1,000 calls have none), SNS 1M publishes, 100 GB data transfer out, KMS 20,000 requests. S3 and API Gateway have no always-free
 * tier; Parameter Store's standard parameters and standard throughput cost nothing.
 */
export const PRICES_AS_OF = '2025 list prices, us-east-1 (DynamoDB on-demand after the Nov 2024 cut)';

export interface MeterPrice {
  service: string;
  unit: string;
  /** USD per unit. */
  price: number;
  /** Always-free units per month. */
  free: number;
}

const HOURS = 720;

export const METERS = {
  'lambda.requests': { service: 'Lambda', unit: 'requests', price: 0.2 / 1e6, free: 1e6 },
  'lambda.gbs': { service: 'Lambda', unit: 'GB-s (arm64)', price: 0.0000133334, free: 400_000 },
  'dynamodb.wru': { service: 'DynamoDB', unit: 'write request units', price: 0.625 / 1e6, free: 0 },
  'dynamodb.rru': { service: 'DynamoDB', unit: 'read request units', price: 0.125 / 1e6, free: 0 },
  'dynamodb.wcuHours': { service: 'DynamoDB', unit: 'provisioned WCU-hours', price: 0.00065, free: 25 * HOURS },
  'dynamodb.rcuHours': { service: 'DynamoDB', unit: 'provisioned RCU-hours', price: 0.00013, free: 25 * HOURS },
  'dynamodb.storage': { service: 'DynamoDB', unit: 'GB-month', price: 0.25, free: 25 },
  'dynamodb.pitr': { service: 'DynamoDB', unit: 'GB-month (PITR)', price: 0.2, free: 0 },
  'sqs.requests': { service: 'SQS', unit: 'requests (64 KB chunks)', price: 0.4 / 1e6, free: 1e6 },
  'sqs.fifo': { service: 'SQS', unit: 'FIFO requests', price: 0.5 / 1e6, free: 0 },
  's3.put': { service: 'S3', unit: 'PUT requests', price: 0.005 / 1000, free: 0 },
  's3.list': { service: 'S3', unit: 'LIST requests', price: 0.005 / 1000, free: 0 },
  's3.get': { service: 'S3', unit: 'GET/HEAD requests', price: 0.0004 / 1000, free: 0 },
  'ssm.calls': { service: 'SSM Parameter Store', unit: 'API calls (standard throughput)', price: 0, free: 0 },
  'ssm.advanced': { service: 'SSM Parameter Store', unit: 'advanced parameter-months', price: 0.05, free: 0 },
  'kms.requests': { service: 'KMS', unit: 'requests (aws/ssm key)', price: 0.03 / 10_000, free: 20_000 },
  'logs.ingest': { service: 'CloudWatch', unit: 'GB logs ingested', price: 0.5, free: 5 },
  'logs.storage': { service: 'CloudWatch', unit: 'GB-month logs stored', price: 0.03, free: 0 },
  'cw.metrics': { service: 'CloudWatch', unit: 'custom metrics', price: 0.3, free: 10 },
  'cw.alarms': { service: 'CloudWatch', unit: 'alarms', price: 0.1, free: 10 },
  'scheduler.invocations': { service: 'EventBridge Scheduler', unit: 'invocations', price: 1 / 1e6, free: 14e6 },
  'apigw.requests': { service: 'API Gateway (HTTP)', unit: 'requests', price: 1 / 1e6, free: 0 },
  'cloudfront.requests': { service: 'CloudFront', unit: 'HTTPS requests', price: 0.01 / 10_000, free: 10e6 },
  'cloudfront.egress': { service: 'CloudFront', unit: 'GB out', price: 0.085, free: 1024 },
  'cloudfront.functions': { service: 'CloudFront', unit: 'function invocations', price: 0.1 / 1e6, free: 2e6 },
  'cloudfront.kvsReads': { service: 'CloudFront', unit: 'KeyValueStore reads (from functions)', price: 0.03 / 1e6, free: 0 },
  'cloudfront.kvsApi': { service: 'CloudFront', unit: 'KeyValueStore API calls', price: 1 / 1000, free: 0 },
  'sns.publishes': { service: 'SNS', unit: 'publishes', price: 0.5 / 1e6, free: 1e6 },
  'transfer.out': { service: 'Data transfer out', unit: 'GB', price: 0.09, free: 100 },
} as const satisfies Record<string, MeterPrice>;

export type Meter = keyof typeof METERS;
