import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * The fauxqs SQS emulator on a loopback port (its `startFauxqs` listens on every interface; its app does not have to).
 * Queue URLs name 127.0.0.1, because the SDK sends to the host in the QueueUrl.
 */
export async function startTestSqs() {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new SQSClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
  return {
    client,
    queueUrl: (name: string) => `${endpoint}/000000000000/${name}`,
    async createQueue(name: string): Promise<string> {
      await client.send(new CreateQueueCommand({ QueueName: name }));
      return `${endpoint}/000000000000/${name}`;
    },
    /** Every message body waiting in the queue (received and deleted). */
    async drain(queueUrl: string): Promise<string[]> {
      const bodies: string[] = [];
      for (;;) {
        const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (Messages.length === 0) return bodies;
        bodies.push(...Messages.map((m) => m.Body!));
        await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
    },
    async close() {
      client.destroy();
      await app.close();
    },
  };
}

/** The fauxqs S3 emulator on a loopback port, reached path-style (`<endpoint>/<bucket>/<key>`), as the local runtime does. */
export async function startTestS3() {
  const app = buildApp({ logger: false });
  const endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials, maxAttempts: 1 });
  let buckets = 0;
  return {
    client,
    /** Creates a bucket of its own for one test and returns its name. */
    async freshBucket(): Promise<string> {
      const name = `bucket-${++buckets}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async close() {
      client.destroy();
      await app.close();
    },
  };
}
