import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableKeys } from '../../shared/adapters/dynamodb/table-schema.js';
import { PRIVATE_PREFIX } from '../../shared/domain/syndication/feed-paths.js';
import { WorkQueue } from '../constructs/work-queue.js';
import { acknowledge } from './acknowledge.js';
import { visibilityTimeoutSeconds } from '../../shared/topology/environment.js';
import { pascalCase } from '../../shared/topology/functions.js';
import { MAX_RECEIVE_COUNT, QUEUE_NAMES, type QueueName } from '../../shared/topology/queues.js';

export interface StatefulStackProps extends StackProps {
  stage: string;
  /**
   * DynamoDB capacity: 'on-demand' (default) or 'provisioned', auto-scaled inside the account's always-free
   * 25 WCU / 25 RCU (docs/cost-model.md: the difference between about $28 and $4 a month at 1,000 feeds).
   */
  tableCapacity?: 'on-demand' | 'provisioned';
}

/**
 * Provisioned capacity caps per index, summing to the always-free 25 units: the table takes the article,
 * match, ledger and feed-state writes; gsi1 (topic timelines) and gsi2 (outbox, timeline) copy only matches.
 */
export const PROVISIONED_CAPS = { table: 17, gsi1: 4, gsi2: 4 } as const;

/** DynamoDB attribute names of the single table (the adapters use the same names). */
export const TABLE_KEYS = {
  pk: tableKeys.partitionKey,
  sk: tableKeys.sortKey,
  ttl: tableKeys.ttlAttribute,
} as const;

/**
 * Everything that holds data or a long-lived address: the table, the feeds bucket and its
 * CloudFront distribution, the queues, the secrets, the SES event plumbing. Retained on delete.
 *
 * The distribution lives here, not with the functions: its origin access control needs a bucket
 * policy naming the distribution, and a bucket in this stack naming a distribution in the other
 * (which reads this bucket) is a cross-stack cycle. It is also a long-lived public address
 * partners poll, which is what this stack is for.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly feedsBucket: s3.Bucket;
  readonly feedsDistribution: cloudfront.Distribution;
  /** https://<distribution domain>: partners read <feedsBaseUrl>/feeds/<topic>.xml */
  readonly feedsBaseUrl: string;
  readonly queues: Record<QueueName, WorkQueue>;
  /** Dead letters of asynchronous invocations (SNS → ses-events, Scheduler targets). */
  readonly asyncFailures: sqs.Queue;
  readonly telegramBotToken: secretsmanager.Secret;
  readonly signingKey: secretsmanager.Secret;
  readonly telegramWebhookSecret: secretsmanager.Secret;
  readonly sesEventsTopic: sns.Topic;
  readonly emailConfigurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const provisioned = props.tableCapacity === 'provisioned';
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sk, type: dynamodb.AttributeType.STRING },
      ...(provisioned
        ? { billingMode: dynamodb.BillingMode.PROVISIONED, readCapacity: 1, writeCapacity: 1 }
        : { billingMode: dynamodb.BillingMode.PAY_PER_REQUEST }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The adapters' key design (shared/adapters/dynamodb/table-schema.ts) is the one source of the indexes:
    // gsi1 = per-topic timelines and the feed list, gsi2 = the sparse outbox of pending matches.
    for (const index of tableKeys.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
        ...(provisioned ? { readCapacity: 1, writeCapacity: 1 } : {}),
      });
      if (provisioned) {
        const cap = PROVISIONED_CAPS[index.name];
        this.table.autoScaleGlobalSecondaryIndexReadCapacity(index.name, { minCapacity: 1, maxCapacity: cap }).scaleOnUtilization({ targetUtilizationPercent: 70 });
        this.table.autoScaleGlobalSecondaryIndexWriteCapacity(index.name, { minCapacity: 1, maxCapacity: cap }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      }
    }
    if (provisioned) {
      this.table.autoScaleReadCapacity({ minCapacity: 1, maxCapacity: PROVISIONED_CAPS.table }).scaleOnUtilization({ targetUtilizationPercent: 70 });
      this.table.autoScaleWriteCapacity({ minCapacity: 1, maxCapacity: PROVISIONED_CAPS.table }).scaleOnUtilization({ targetUtilizationPercent: 70 });
    }

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(accessLogs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' },
    ]);

    this.feedsBucket = new s3.Bucket(this, 'Feeds', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 's3/feeds/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const feedsOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.feedsBucket);
    const feedsBehavior = {
      origin: feedsOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS_AND_SECURITY_HEADERS,
      compress: true,
    };
    this.feedsDistribution = new cloudfront.Distribution(this, 'FeedsCdn', {
      comment: `newshound ${props.stage} syndication feeds`,
      // Honours the Cache-Control publish-feeds writes; ETag and Last-Modified pass through.
      defaultBehavior: { ...feedsBehavior, cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED },
      // Partner feeds are never cached at the edge: a revoked partner's files are gone as soon as they are deleted.
      additionalBehaviors: { [`${PRIVATE_PREFIX}/*`]: { ...feedsBehavior, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED } },
      // The feeds' index page (publish-feeds writes it under feeds/).
      defaultRootObject: 'feeds/index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/feeds/',
    });
    this.feedsBaseUrl = `https://${this.feedsDistribution.distributionDomainName}`;
    acknowledge(this.feedsDistribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Public syndication feeds for partners anywhere: no geo restriction by design.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static, cacheable, read-only feeds; AWS WAF (from ~5 USD/month) exceeds the 5 USD budget for little gain.' },
      { id: 'AwsSolutions-CFR4', reason: 'Uses the default *.cloudfront.net certificate, whose TLS policy cannot be set; a custom domain with TLSv1.2_2021 is a deploy-time addition.' },
    ]);

    this.queues = Object.fromEntries(
      QUEUE_NAMES.map((name) => [
        name,
        new WorkQueue(this, `${pascalCase(name)}Queue`, { visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(name)), maxReceiveCount: MAX_RECEIVE_COUNT }),
      ]),
    ) as Record<QueueName, WorkQueue>;

    this.asyncFailures = new sqs.Queue(this, 'AsyncFailuresDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.asyncFailures, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter target (Lambda async invocations, Scheduler targets).' },
    ]);

    const retainedSecret = (secretId: string, description: string, generate?: secretsmanager.SecretStringGenerator) => {
      const secret = new secretsmanager.Secret(this, secretId, {
        description: `newshound ${props.stage}: ${description}`,
        generateSecretString: generate,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      return secret;
    };
    this.telegramBotToken = retainedSecret(
      'TelegramBotToken',
      'Telegram bot token from @BotFather; set its value after the first deploy (aws secretsmanager put-secret-value)',
    );
    this.signingKey = retainedSecret('SigningKey', 'HMAC-SHA256 key for unsubscribe/preferences tokens and webhook signatures', {
      passwordLength: 64,
      excludePunctuation: true,
    });
    // Telegram allows A-Z, a-z, 0-9, _ and - in secret_token, 1-256 characters.
    this.telegramWebhookSecret = retainedSecret('TelegramWebhookSecret', 'secret_token given to Telegram setWebhook', {
      passwordLength: 64,
      excludePunctuation: true,
    });
    acknowledge([this.telegramBotToken, this.signingKey, this.telegramWebhookSecret], [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'No automatic rotation: the bot token is issued by Telegram (rotate with @BotFather, then put-secret-value); rotating the signing key or webhook secret must be coordinated with outstanding links and setWebhook, so it is a manual runbook step.',
      },
    ]);

    this.sesEventsTopic = new sns.Topic(this, 'SesEvents', {
      displayName: `newshound ${props.stage} SES bounces and complaints`,
      enforceSSL: true,
    });
    acknowledge(this.sesEventsTopic, [
      {
        id: 'AwsSolutions-SNS2',
        reason:
          'SES cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed KMS key (1 USD/month plus requests) is outside the cost budget; the events carry bounce metadata only.',
      },
    ]);
    this.emailConfigurationSet = new ses.ConfigurationSet(this, 'EmailConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.emailConfigurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.sesEventsTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    new CfnOutput(this, 'FeedsBaseUrl', { value: this.feedsBaseUrl, description: 'Partners read <FeedsBaseUrl>/feeds/<topic>.xml' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'TelegramBotTokenSecretArn', {
      value: this.telegramBotToken.secretArn,
      description: 'Put the bot token here: aws secretsmanager put-secret-value --secret-id <arn> --secret-string <token>',
    });
    new CfnOutput(this, 'TelegramWebhookSecretArn', { value: this.telegramWebhookSecret.secretArn, description: 'secret_token for setWebhook' });
  }
}

