import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { lambdaEventSource } from '../platform/lambda-event-source.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { sesMailer } from '../platform/ses-mailer.js';
import { sqsQueues } from '../platform/sqs-queues.js';
import { storyGrouping } from '../platform/story-grouping.js';
import { deliveryDeps } from './delivery.js';

export const sendEmailDefinition = defineFunction({
  name: 'send-email',
  aws: { factories: { table: dynamodbTable, stories: storyGrouping, mailer: sesMailer, eventSource: lambdaEventSource }, queues: sqsQueues, secrets: ssmParameterSecrets },
  compose: async (p) => deliveryDeps(p, 'email', { signingKey: await p.secret('signingKey') }, { mailer: p.mailer }),
});
