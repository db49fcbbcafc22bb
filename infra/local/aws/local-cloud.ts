/**
 * The deployed topology on this machine: the app synthesized for a local stage, its resources created on local
 * implementations of the AWS APIs (DynamoDB: dynalite or DynamoDB Local; SQS and S3: fauxqs; SES: aws-ses-v2-local;
 * SSM Parameter Store: a stand-in), every call going through the IAM-checking gateway, and the fourteen functions' own
 * bundles run by the local Lambda service with exactly their template's environment.
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { ConfirmSubscriptionCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startFauxqs } from 'fauxqs';
import type { AppConfig } from '../../../shared/runtime/app-config.js';
import { PROJECT_ROOT } from '../../constructs/project-root.js';
import type { DeployOptions } from '../../stacks/deploy-options.js';
import { startDynamoEngine, type DynamoEngineName } from '../dynamodb-engine.js';
import { startSesServer } from '../ses-server.js';
import type { WireResponse } from './aws-errors.js';
import { forward, startAwsGateway, type GatewayPrincipal } from './aws-gateway.js';
import { buildLocalBundles } from './bundles.js';
import { cloudFormationApi } from './cloudformation-api.js';
import type { WireRequest } from './iam-requests.js';
import { LocalLambdaService } from './lambda-service.js';
import { runCustomResources } from './custom-resources.js';
import { RouteThrottles } from './http-api.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalDeployment, type LocalFunction, partitionKeyOf, provisionStacks, type StackTemplate } from './local-deployment.js';
import { LOCAL_ADMIN } from './local-manifest.js';
import { createLocalResources } from './local-resources.js';
import { LocalKeyValueStores } from './local-key-value-stores.js';
import { LocalSesAccount } from './local-ses-account.js';
import { edgeRequest, loadEdgeFunction, type EdgeOutcome } from '../edge-function.js';
import { startParameterStore } from './ssm-server.js';
import { LocalSns, type PublishedMessage } from './local-sns.js';
import { formParams } from './requests/wire.js';
import { LocalScheduler } from './scheduler-api.js';
import { type SynthesizedStage, synthesizeStage } from './synth.js';
import { type SecretName, secretParameterName } from '../../../shared/topology/functions.js';

export interface LocalCloudOptions {
  config: AppConfig;
  /** Where the CloudFront distribution and the HTTP API are served (the local app server). */
  appUrl: string;
  /** Persists DynamoDB, queues, objects, secrets and event source state here; absent: everything in memory. */
  dataDir?: string;
  host?: string;
  /** Port of aws-ses-v2-local's inbox page (0 or absent: any free port). */
  sesPort?: number;
  /** dynalite (default) or AWS's DynamoDB Local; NEWSHOUND_DYNAMODB selects it when not given. */
  engine?: DynamoEngineName;
  /** Keeps a copy of each email SES accepted (before the sender hears it was accepted). */
  keepEmail?: (rawMessage: Buffer, destinations: string[]) => Promise<void> | void;
  /** Keeps a copy of each message SNS accepted (the alarm topic's notices). */
  keepNotice?: (message: PublishedMessage) => Promise<void> | void;
  /** Every line a function logs. */
  onFunctionLog?: (fn: LocalFunction, line: string) => void;
  log?: (line: string) => void;
  /** Deny calls no policy allows (default true). */
  enforceIam?: boolean;
  asyncRetryDelaysMs?: number[];
  /** Stacks synthesized elsewhere (the cold-start test synthesizes with CDK's own bundling); default: synth here. */
  stage?: SynthesizedStage;
  /** Deploy-time options for the synth here (as `-c` would give them): a public URL, the sender identity. */
  deployOptions?: Partial<DeployOptions>;
  /** The SES identities verified in the local account; default: the ones the senders' grant names. */
  verifiedSesIdentities?: string[];
  /** Bundles built elsewhere, by function name (CDK's assets); default: built here with the same options. */
  bundles?: Record<string, string>;
  /** Changes the templates before they are deployed (tests remove a grant to show the gateway catches it). */
  editTemplates?: (stacks: StackTemplate[]) => void;
}

export type LocalCloud = Awaited<ReturnType<typeof startLocalCloud>>;

/** The address the local stage subscribes to its alarm topic (the deploy option alarmEmail). */
export const LOCAL_ALARM_EMAIL = 'ops@newshound.local';

const ADMIN_PRINCIPAL: GatewayPrincipal = {
  functionName: 'admin',
  roleName: 'LocalAdministrator',
  policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
};

export async function startLocalCloud(options: LocalCloudOptions) {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };
  const data = (name: string) => {
    if (!options.dataDir) return undefined;
    const path = join(options.dataDir, name);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return path;
  };
  const credentials = { accessKeyId: 'LOCALRUNTIME', secretAccessKey: 'local' };

  try {
    const dynamo = await startDynamoEngine({ ...(options.engine ? { engine: options.engine } : {}), ...(data('dynamodb') ? { path: data('dynamodb')! } : {}) });
    closers.push(dynamo.close);
    const fauxqsData = data('aws');
    if (fauxqsData) mkdirSync(fauxqsData, { recursive: true, mode: 0o700 });
    const fauxqs = await startFauxqs({ port: 0, logger: false, ...(fauxqsData ? { dataDir: fauxqsData, s3StorageDir: join(fauxqsData, 's3') } : {}) }).catch(
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`the queues and objects in ${fauxqsData ?? 'memory'} could not be opened (${reason}); move that folder aside to start afresh`);
      },
    );
    closers.push(() => fauxqs.stop());
    const fauxqsUrl = `http://127.0.0.1:${fauxqs.port}`;
    const ses = await startSesServer({ host, port: options.sesPort ?? 0 });
    closers.push(ses.close);
    const parameters = await startParameterStore({ host, ...(data('ssm-parameters.json') ? { file: data('ssm-parameters.json')! } : {}), region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });
    closers.push(parameters.close);

    // The deployment is known only after synth, but the gateway's URL goes into it: its lookups read this holder.
    const holder: {
      lambda?: LocalLambdaService;
      functions?: Map<string, LocalFunction>;
      account?: LocalSesAccount;
      deployment?: LocalDeployment;
      scheduler?: LocalScheduler;
      keyValueStores?: LocalKeyValueStores;
      cloudFormation?: (req: WireRequest) => Promise<WireResponse>;
    } = {};
    const sns = new LocalSns({
      topicArns: () => holder.deployment?.topics.map((t) => t.arn) ?? [],
      deliver: (topic, message, subject) => holder.lambda!.publish(topic, message, subject),
      ...(options.keepNotice ? { onPublished: options.keepNotice } : {}),
    });
    const gateway = await startAwsGateway({
      host,
      accountId: LOCAL_ACCOUNT,
      upstreams: {
        dynamodb: dynamo.endpoint,
        sqs: fauxqsUrl,
        s3: fauxqsUrl,
        ses: ses.url,
        ssm: parameters.url,
        lambda: (req) => holder.lambda!.controlPlane(req),
        // Publish reaches the topic's subscribers (functions) and the kept notices; topics and subscriptions are fauxqs's.
        sns: (req) => (formParams(req).get('Action') === 'Publish' ? sns.handle(req) : forward(fauxqsUrl, req)),
        scheduler: (req) => holder.scheduler!.handle(req),
        cloudformation: (req) => holder.cloudFormation!(req),
        'cloudfront-keyvaluestore': (req) => holder.keyValueStores!.handle(req),
      },
      principal: (accessKeyId) => {
        if (accessKeyId === LOCAL_ADMIN.accessKeyId) return ADMIN_PRINCIPAL;
        const fn = holder.functions?.get(accessKeyId);
        return fn && { functionName: fn.name, roleName: fn.roleLogicalId, policies: fn.policies };
      },
      arnContext: {
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT,
        partitionKey: (tableArn, index) => (holder.deployment ? partitionKeyOf(holder.deployment, tableArn, index) : undefined),
      },
      verifiedSesIdentities: () => holder.account?.verifiedIdentities() ?? [],
      eventSourceFunctionArn: (uuid) => holder.lambda?.eventSourceFunctionArn(uuid),
      intercept: (service, operation, req) => (service === 'ses' || service === 'sesv2' ? holder.account?.intercept(service, operation, req) : undefined),
      onAccepted: async (service, operation, req, response) => {
        if (service === 'ses') await holder.account?.accepted(operation, req, response);
      },
      enforce: options.enforceIam ?? true,
    });
    closers.push(gateway.close);

    const stage = options.stage ?? synthesizeStage(options.config, { alarmEmail: LOCAL_ALARM_EMAIL, ...options.deployOptions });
    options.editTemplates?.(stage.stacks);
    const deployment = provisionStacks(stage.stacks, { gatewayUrl: gateway.url, appUrl: options.appUrl });
    holder.functions = new Map(deployment.functions.map((fn) => [accessKeyIdOf(fn), fn]));
    holder.deployment = deployment;
    holder.cloudFormation = cloudFormationApi(deployment.stacks);
    holder.scheduler = new LocalScheduler(deployment.schedules, data('scheduler-schedules.json'));
    const keyValueStores = new LocalKeyValueStores(
      deployment.keyValueStores.map((k) => k.arn),
      data('cloudfront-key-value-stores.json'),
    );
    holder.keyValueStores = keyValueStores;
    const viewerRequest = cdnViewerRequests(deployment, keyValueStores);

    const dynamoClient = new DynamoDBClient({ region: LOCAL_REGION, endpoint: dynamo.endpoint, credentials });
    closers.push(async () => dynamoClient.destroy());
    const snsClient = new SNSClient({ region: LOCAL_REGION, endpoint: fauxqsUrl, credentials });
    closers.push(async () => snsClient.destroy());
    await createLocalResources(deployment, fauxqs, dynamoClient, snsClient);
    const sqs = new SQSClient({ region: LOCAL_REGION, endpoint: fauxqsUrl, credentials });
    closers.push(async () => sqs.destroy());
    // Messages a stopped run had received and not finished come back when their visibility timeout ends, as in SQS
    // after an invocation died. (Making them visible at once with ChangeMessageVisibility loses messages restored
    // from fauxqs's database: fauxqs 2.4.1 drops them.)
    const waiting = deployment.queues.map((q) => fauxqs.inspectQueue(q.name)?.messages).filter((m) => m !== undefined);
    const total = waiting.reduce((n, m) => n + m.ready.length + m.delayed.length + m.inflight.length, 0);
    const inFlight = waiting.reduce((n, m) => n + m.inflight.length, 0);
    if (total > 0) log(`resuming: ${total} message(s) in the queues${inFlight ? ` (${inFlight} a stopped run had in flight: back when their visibility timeout ends)` : ''}`);

    let bundles = options.bundles;
    if (!bundles) {
      const built = await buildLocalBundles(options.config, join(PROJECT_ROOT, 'node_modules', '.cache', 'newshound', 'local-bundles', `${process.pid}-${randomBytes(4).toString('hex')}`));
      closers.push(async () => built.remove());
      bundles = built.bundles;
    }
    const bundleOf = bundles;

    const lambda = new LocalLambdaService({
      deployment,
      bundles: bundleOf,
      runtimeEnv: (fn) => lambdaRuntimeEnv(fn, gateway.url, bundleOf[fn.name]!),
      sqsFor: (fn) => new SQSClient({ region: LOCAL_REGION, endpoint: gateway.url, credentials: { accessKeyId: accessKeyIdOf(fn), secretAccessKey: 'local' } }),
      queueDepth: (name) => {
        const messages = fauxqs.inspectQueue(name)?.messages;
        return { ready: messages?.ready.length ?? 0, inFlight: messages?.inflight.length ?? 0, delayed: messages?.delayed.length ?? 0 };
      },
      ...(data('lambda-event-sources.json') ? { stateFile: data('lambda-event-sources.json')! } : {}),
      onFunctionLog: options.onFunctionLog ?? (() => {}),
      log,
      ...(options.asyncRetryDelaysMs ? { asyncRetryDelaysMs: options.asyncRetryDelaysMs } : {}),
    });
    holder.lambda = lambda;
    closers.push(() => lambda.close());
    holder.account = new LocalSesAccount(
      {
        destination: (set, event) => {
          const destination = deployment.sesEventDestinations.get(set);
          return destination?.events.includes(event) ? destination.topicArn : undefined;
        },
        publish: (topic, message) => lambda.publish(topic, message),
      },
      options.keepEmail ?? (() => {}),
      options.verifiedSesIdentities ?? stage.senderIdentities,
    );

    const table = deployment.tables[0]!;
    const feeds = deployment.buckets.find((b) => b.logicalId.startsWith('Feeds'));
    return {
      deployment,
      lambda,
      gateway,
      parameters,
      /** The SSM parameter holding a secret of this stage. */
      secretParameter: (secret: SecretName) => secretParameterName(options.config.stage, secret),
      fauxqs,
      sesAccount: holder.account,
      sns,
      /** The topic every alarm notifies (and dispatch-polls' failing-feeds notices). */
      alarmTopicArn: deployment.topics.find((t) => /^Alarms[0-9A-F]{8}$/.test(t.logicalId))?.arn,
      senderIdentities: stage.senderIdentities,
      scheduler: holder.scheduler,
      /** Confirms the email subscriptions of a topic, as their owner does by following SNS's confirmation link. */
      async confirmEmailSubscriptions(topicArn: string): Promise<number> {
        const { Subscriptions = [] } = await snsClient.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
        const email = Subscriptions.filter((s) => s.Protocol === 'email' && s.SubscriptionArn);
        for (const s of email) await snsClient.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: s.SubscriptionArn! }));
        return email.length;
      },
      urls: { dynamodb: dynamo.endpoint, sqs: fauxqsUrl, s3: fauxqsUrl, ses: ses.url, ssm: parameters.url, gateway: gateway.url },
      engine: dynamo.engine,
      tableName: table.name,
      feedsBucket: feeds?.name,
      /** The HTTP API stage's per-route throttles. */
      routeThrottles: new RouteThrottles(),
      /** The CloudFront KeyValueStores (the partner token table) and their API. */
      keyValueStores,
      /**
       * What the feeds distribution's viewer-request function (the template's own code) makes of a request for `uri`:
       * undefined when no behavior with a function covers it.
       */
      viewerRequest,
      /** What CloudFormation does on a deploy: the deploy triggers (custom resources) run and must answer SUCCESS. */
      runDeployTriggers: () => runCustomResources(deployment.customResources, lambda),
      /** Clients for the local runtime itself (status page, CDN stand-in), straight to the local APIs. */
      clients: {
        dynamodb: dynamoClient,
        doc: DynamoDBDocumentClient.from(dynamoClient, { marshallOptions: { removeUndefinedValues: true } }),
        sqs,
        s3: new S3Client({ region: LOCAL_REGION, endpoint: fauxqsUrl, forcePathStyle: true, credentials }),
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The distributions' viewer-request functions by path pattern, first match wins (as CloudFront orders behaviors). */
function cdnViewerRequests(deployment: LocalDeployment, stores: LocalKeyValueStores): (uri: string) => Promise<EdgeOutcome | undefined> {
  const behaviors = deployment.cdnBehaviors.map((behavior) => {
    const fn = deployment.cdnFunctions.find((f) => f.arn === behavior.viewerRequestFunctionArn);
    if (!fn) throw new Error(`the distribution names a function the templates do not have: ${behavior.viewerRequestFunctionArn}`);
    const store = fn.keyValueStoreArns[0];
    const pattern = new RegExp(`^/?${behavior.pathPattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
    return { pattern, run: loadEdgeFunction(fn.code, (key) => (store ? stores.get(store, key) : undefined)) };
  });
  return async (uri) => {
    const behavior = behaviors.find((b) => b.pattern.test(uri));
    return behavior ? behavior.run(edgeRequest(uri)) : undefined;
  };
}

/**
 * Each function's own access key id: the gateway knows the caller by it, as AWS knows a role's session. Letters and
 * digits only (DynamoDB Local refuses others).
 */
export function accessKeyIdOf(fn: Pick<LocalFunction, 'name'>): string {
  return `LOCAL${fn.name.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
}

/** What Lambda itself puts in a function's environment; credentials name the function (the gateway's principal). */
function lambdaRuntimeEnv(fn: LocalFunction, gatewayUrl: string, bundle: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs26.x',
    AWS_LAMBDA_FUNCTION_NAME: fn.physicalName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.physicalName}`,
    LAMBDA_TASK_ROOT: dirname(bundle),
    AWS_ACCESS_KEY_ID: accessKeyIdOf(fn),
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_ENDPOINT_URL: gatewayUrl,
  };
}
