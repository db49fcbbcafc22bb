import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { tableKeys } from '../../shared/adapters/dynamodb/table-schema.js';
import { PRIVATE_PREFIX } from '../../shared/domain/syndication/feed-paths.js';
import { PROJECT_ROOT } from '../constructs/project-root.js';
import { WorkQueue } from '../constructs/work-queue.js';
import { acknowledge } from './acknowledge.js';
import { visibilityTimeoutSeconds } from '../../shared/topology/environment.js';
import { pascalCase, secretParameterName, secretParameterPath } from '../../shared/topology/functions.js';
import { MAX_RECEIVE_COUNT, QUEUE_NAMES, type QueueName } from '../../shared/topology/queues.js';
import { DEFAULT_TABLE_CAPACITY, PROVISIONED_CAPS, PROVISIONED_MIN, type TableCapacity, TARGET_UTILIZATION_PERCENT } from './table-capacity.js';

export interface StatefulStackProps extends StackProps {
  stage: string;
  /**
   * DynamoDB capacity: 'provisioned' (default), auto-scaled inside the account's always-free 25 WCU / 25 RCU, or
   * 'on-demand' for spiky loads (table-capacity.ts; docs/cost-model.md prices both).
   */
  tableCapacity?: TableCapacity;
}

/** DynamoDB attribute names of the single table (the adapters use the same names). */
export const TABLE_KEYS = {
  pk: tableKeys.partitionKey,
  sk: tableKeys.sortKey,
  ttl: tableKeys.ttlAttribute,
} as const;

/**
 * Everything that holds data or a long-lived address: the table, the feeds bucket and its
 * CloudFront distribution, the queues, the SES event plumbing. Retained on delete.
 *
 * The distribution lives here, not with the functions: its origin access control needs a bucket
 * policy naming the distribution, and a bucket in this stack naming a distribution in the other
 * (which reads this bucket) is a cross-stack cycle. It is also a long-lived public address
 * partners poll, which is what this stack is for.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly feedsBucket: s3.Bucket;
  /** Bodies WebSub hubs pushed, until poll-feed ingests them: private, forgotten after a few days. */
  readonly inboxBucket: s3.Bucket;
  readonly feedsDistribution: cloudfront.Distribution;
  /** Partner token hashes → topics, read by the distribution's token check, written by publish-feeds. */
  readonly partnerAccessStore: cloudfront.KeyValueStore;
  /** https://<distribution domain>: partners read <feedsBaseUrl>/feeds/<topic>.xml */
  readonly feedsBaseUrl: string;
  readonly queues: Record<QueueName, WorkQueue>;
  /** Dead letters of asynchronous invocations (SNS → ses-events, Scheduler targets). */
  readonly asyncFailures: sqs.Queue;
  readonly sesEventsTopic: sns.Topic;
  readonly emailConfigurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const provisioned = (props.tableCapacity ?? DEFAULT_TABLE_CAPACITY) === 'provisioned';
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sk, type: dynamodb.AttributeType.STRING },
      ...(provisioned
        ? { billingMode: dynamodb.BillingMode.PROVISIONED, readCapacity: PROVISIONED_MIN, writeCapacity: PROVISIONED_MIN }
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
        ...(provisioned ? { readCapacity: PROVISIONED_MIN, writeCapacity: PROVISIONED_MIN } : {}),
      });
      if (provisioned) {
        const cap = PROVISIONED_CAPS[index.name];
        const scaling = { minCapacity: PROVISIONED_MIN, maxCapacity: cap };
        this.table.autoScaleGlobalSecondaryIndexReadCapacity(index.name, scaling).scaleOnUtilization({ targetUtilizationPercent: TARGET_UTILIZATION_PERCENT });
        this.table.autoScaleGlobalSecondaryIndexWriteCapacity(index.name, scaling).scaleOnUtilization({ targetUtilizationPercent: TARGET_UTILIZATION_PERCENT });
      }
    }
    if (provisioned) {
      const scaling = { minCapacity: PROVISIONED_MIN, maxCapacity: PROVISIONED_CAPS.table };
      this.table.autoScaleReadCapacity(scaling).scaleOnUtilization({ targetUtilizationPercent: TARGET_UTILIZATION_PERCENT });
      this.table.autoScaleWriteCapacity(scaling).scaleOnUtilization({ targetUtilizationPercent: TARGET_UTILIZATION_PERCENT });
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

    this.inboxBucket = new s3.Bucket(this, 'PushInbox', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 's3/inbox/',
      // Longer than a poll message can wait in the queue and its dead-letter queue before a redrive.
      lifecycleRules: [{ expiration: Duration.days(14) }],
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
    // Every partner request, cached or not, passes the token check (infra/edge/partner-feed-access.js): a token whose
    // hash is not in the store, or a feed outside the partner's topics, is a 404. A topic feed in scope is the shared
    // public object, so partner feeds can be cached like the public ones; deleting the key refuses the partner within
    // seconds (the store's propagation), cached copies or not.
    this.partnerAccessStore = new cloudfront.KeyValueStore(this, 'PartnerAccess', { comment: `newshound ${props.stage}: partner token hashes and their topics` });
    const partnerFeedAccess = new cloudfront.Function(this, 'PartnerFeedAccess', {
      code: cloudfront.FunctionCode.fromFile({ filePath: join(PROJECT_ROOT, 'infra', 'edge', 'partner-feed-access.js') }),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore: this.partnerAccessStore,
      comment: 'Checks a partner token and rewrites its feed to the shared public object',
    });
    this.feedsDistribution = new cloudfront.Distribution(this, 'FeedsCdn', {
      comment: `newshound ${props.stage} syndication feeds`,
      // Honours the Cache-Control publish-feeds writes; ETag and Last-Modified pass through.
      defaultBehavior: { ...feedsBehavior, cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED },
      additionalBehaviors: {
        [`${PRIVATE_PREFIX}/*`]: {
          ...feedsBehavior,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          functionAssociations: [{ function: partnerFeedAccess, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        },
      },
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
    // Secrets are SSM SecureStrings, which CloudFormation cannot create: the CLI sets them (shared/topology/functions.ts).
    new CfnOutput(this, 'SecretParameterPath', {
      value: secretParameterPath(props.stage),
      description: 'SSM SecureStrings of this stage: npx newshound secret set telegram-bot-token --stage <stage>; partner-token / webhook-key add to the maps',
    });
    // The admin commands find the bot token by this output (as they found the Secrets Manager secret before).
    new CfnOutput(this, 'TelegramBotTokenSecretArn', {
      value: this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: secretParameterName(props.stage, 'telegramBotToken').slice(1) }),
      description: `The bot token's SSM SecureString (absent until set): npx newshound secret set telegram-bot-token --stage ${props.stage}`,
    });
    for (const name of QUEUE_NAMES) {
      new CfnOutput(this, `${pascalCase(name)}DlqUrl`, {
        value: this.queues[name].deadLetterQueue.queueUrl,
        description: `Dead letters of the ${name} queue, each with its reason: newshound dlq show ${name}; newshound dlq redrive ${name} once the cause is fixed`,
      });
    }
    new CfnOutput(this, 'AsyncFailuresDlqUrl', {
      value: this.asyncFailures.queueUrl,
      description: 'Scheduled and SNS-triggered invocations that failed after their retries (the events, with the error in their attributes)',
    });
  }
}

