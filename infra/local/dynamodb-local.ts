import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** A free port on 127.0.0.1 is picked when absent. */
  port?: number;
  /** Default: true without `dbPath`. */
  inMemory?: boolean;
  /** Folder for the database file (`shared-local-instance.db`); persistent. */
  dbPath?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  close(): Promise<void>;
}

const JAVA_MISSING = 'DynamoDB Local needs Java 17+ (Debian: apt-get install openjdk-17-jre-headless)';
const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 20_000;
const PICKED_PORT_ATTEMPTS = 3;

/**
 * Runs `java` (the arguments) in the background and ends it when its stdin closes: on close(), and also when
 * the Node process dies in any way, even by SIGKILL, since the OS then closes the pipe. Exits with the server's status.
 * A background list's stdin is /dev/null, hence the copy on fd 3.
 */
const WATCHDOG = `command -v "$1" >/dev/null 2>&1 || exit 127
exec 3<&0
"$@" </dev/null 3<&- &
server=$!
{ read -r line <&3; kill "$server" 2>/dev/null; } &
wait "$server"`;

/**
 * Starts AWS's DynamoDB Local (the jar shipped in amplify-dynamodb-simulator).
 * It has no bind-address option: it listens on every interface, not only loopback.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const inMemory = options.inMemory ?? !options.dbPath;
  if (inMemory && options.dbPath) throw new Error('DynamoDB Local: inMemory and dbPath exclude each other');
  if (!inMemory && !options.dbPath) throw new Error('DynamoDB Local: a persistent database needs dbPath');
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freeLoopbackPort());
    try {
      return await launch(port, options.dbPath);
    } catch (error) {
      // Another process may take a picked port before the JVM binds it.
      if (options.port !== undefined || !(error instanceof PortTaken) || attempt === PICKED_PORT_ATTEMPTS) throw error;
    }
  }
}

class PortTaken extends Error {}

async function launch(port: number, dbPath: string | undefined): Promise<DynamoDbLocal> {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  // The client compiler only: a cold, short-lived server gains less from C2 than its compiling costs (tests take
  // half the time). Serial GC: a small heap, and fewer threads on shared machines.
  const jvmArgs = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`];
  const javaArgs = [...jvmArgs, '-jar', path.join(dir, 'DynamoDBLocal.jar')];
  // -sharedDb: one database whatever the caller's access key and region (each local function has its own key).
  // -disableTelemetry: it reports usage to AWS otherwise; nothing may leave loopback.
  const serverArgs = [...(dbPath ? ['-dbPath', path.resolve(dbPath)] : ['-inMemory']), '-sharedDb', '-disableTelemetry', '-port', String(port)];
  // detached: its own process group, so a stuck server and the watchdog can be killed together.
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', 'java', ...javaArgs, ...serverArgs], { cwd: dir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const close = () => stop(child, exited);
  try {
    await waitUntilAnswering(endpoint, exited, output);
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, close };
}

/** The last 8 KB of the server's stdout and stderr, for error messages. */
function collectOutput(child: ChildProcess): { text(): string } {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { text: () => text.trim() };
}

async function waitUntilAnswering(endpoint: string, exited: Promise<number | null>, output: { text(): string }): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  let exitCode: number | string | undefined;
  void exited.then((code) => (exitCode = code ?? 'a signal'));
  const deadline = Date.now() + START_DEADLINE_MS;
  try {
    for (;;) {
      if (exitCode === 127) throw new Error(JAVA_MISSING);
      if (exitCode !== undefined) throw new Error(`DynamoDB Local exited (${exitCode}) before answering:\n${output.text()}`);
      // A JVM whose main thread failed (e.g. the port is taken) stays up without serving: its stderr tells.
      if (/Exception in thread "main"/.test(output.text())) {
        const message = `DynamoDB Local failed to start on ${endpoint}:\n${output.text()}`;
        throw /BindException|Failed to bind/.test(output.text()) ? new PortTaken(message) : new Error(message);
      }
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${START_DEADLINE_MS / 1000} s:\n${output.text()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(10_000) });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/** Closes the watchdog's stdin, so it stops the server, and waits for both; kills the group if that takes too long. */
async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_DEADLINE_MS)));
    if ((await Promise.race([exited, late])) === 'late') killGroup(child);
    await exited;
    clearTimeout(timer);
  }
  // Ends the watchdog's reader, should the server have exited by itself.
  child.stdin?.destroy();
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
