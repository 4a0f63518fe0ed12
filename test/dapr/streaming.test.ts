/**
 * Dapr's streaming subscription (SubscribeTopicEventsAlpha1) against the built daemon. The Dapr
 * JavaScript SDK publishes; it has no streaming subscriber yet, so the stream is opened with
 * grpc-js over Dapr's own .proto, as the Go and .NET SDKs open it.
 */
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { credentials, makeGenericClientConstructor, Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDaprProtos } from '../../src/api/dapr/grpc/protos.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { until } from './support.js';

const apiToken = `dapr-${randomUUID()}`;
const run = randomUUID();
let daemon: RunningDaemon;
let daprHttpUrl: string;
let daprGrpcAddr: string;
let client: DaprClient;

interface EventMessage {
  id: string;
  topic: string;
  data: Buffer;
}

/** One open stream: the events it was sent, and how to answer them. */
class Stream {
  readonly events: EventMessage[] = [];
  opened = false;
  ended = false;
  constructor(readonly call: ClientDuplexStream<object, Record<string, unknown>>) {
    call.on('data', (message: Record<string, unknown>) => {
      if (message.initialResponse !== undefined && message.initialResponse !== null) this.opened = true;
      if (message.eventMessage) this.events.push(message.eventMessage as EventMessage);
    });
    call.on('error', () => undefined);
    call.on('end', () => (this.ended = true));
  }

  answer(id: string, status: 'SUCCESS' | 'RETRY' | 'DROP'): void {
    this.call.write({ eventProcessed: { id, status: { status } } });
  }

  mine(): Array<{ run: string; n: number }> {
    return this.events.map((e) => JSON.parse(e.data.toString()) as { run: string; n: number }).filter((d) => d.run === run);
  }
}

function open(topic: string, deadLetterTopic?: string): Stream {
  const Constructor = makeGenericClientConstructor(loadDaprProtos().dapr, 'Dapr');
  const raw = new Constructor(daprGrpcAddr, credentials.createInsecure()) as unknown as { SubscribeTopicEventsAlpha1(metadata: Metadata): ClientDuplexStream<object, Record<string, unknown>> };
  const metadata = new Metadata();
  metadata.set('dapr-api-token', apiToken);
  const stream = new Stream(raw.SubscribeTopicEventsAlpha1(metadata));
  stream.call.write({ initialRequest: { pubsubName: 'bus', topic, ...(deadLetterTopic === undefined ? {} : { deadLetterTopic }) } });
  return stream;
}

async function listed(): Promise<Array<{ topic: string; type: string }>> {
  const doc = (await (await fetch(`${daprHttpUrl}/v1.0/metadata`, { headers: { 'dapr-api-token': apiToken } })).json()) as { subscriptions: Array<{ topic: string; type: string }> };
  return doc.subscriptions;
}

beforeAll(async () => {
  const [daprHttpPort, daprGrpcPort] = await Promise.all([freePort(), freePort()]);
  daprHttpUrl = `http://127.0.0.1:${daprHttpPort}`;
  daprGrpcAddr = `127.0.0.1:${daprGrpcPort}`;
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprHttpPort}`, OUTRIGGER_DAPR_GRPC_ADDR: daprGrpcAddr },
    config: { app: { id: 'dapr-streaming-e2e' }, brokers: { local: { driver: 'embedded' } }, dapr: { pubsubs: { bus: { broker: 'local' } }, apiToken } },
  });
  client = new DaprClient({ daprHost: '127.0.0.1', daprPort: String(daprGrpcPort), communicationProtocol: CommunicationProtocolEnum.GRPC, daprApiToken: apiToken, logger: { level: LogLevel.Error } });
}, 60_000);

afterAll(async () => {
  await client?.stop();
  await daemon?.stop();
});

describe('dapr streaming - SubscribeTopicEventsAlpha1', () => {
  it('dapr streaming - events come down the stream; RETRY sends one again, SUCCESS settles it; the subscription is listed while open', async () => {
    const stream = open('streamed');
    await until(() => stream.opened, Boolean);
    expect(stream.opened).toBe(true);
    expect(await listed()).toContainEqual(expect.objectContaining({ topic: 'streamed', type: 'STREAMING' }));
    await client.pubsub.publish('bus', 'streamed', { run, n: 1 });
    await until(() => stream.mine().length, (count) => count >= 1);
    stream.answer(stream.events.at(-1)!.id, 'RETRY');
    await until(() => stream.mine().length, (count) => count >= 2);
    stream.answer(stream.events.at(-1)!.id, 'SUCCESS');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stream.mine()).toEqual([{ run, n: 1 }, { run, n: 1 }]);
    stream.call.end();
    await until(async () => (await listed()).some((s) => s.type === 'STREAMING'), (open) => !open);
  });

  it('dapr streaming - the subscription is durable: what is published while no stream is open comes down the next one', async () => {
    await client.pubsub.publish('bus', 'streamed', { run, n: 2 });
    const stream = open('streamed');
    await until(() => stream.mine().length, (count) => count >= 1);
    expect(stream.mine()).toEqual([{ run, n: 2 }]);
    stream.answer(stream.events.at(-1)!.id, 'SUCCESS');
    stream.call.end();
    await until(async () => (await listed()).some((s) => s.type === 'STREAMING'), (open) => !open);
  });

  it('dapr streaming - DROP sends the event to the deadLetterTopic; a second stream to an open topic is refused', async () => {
    const dead = open('streamed-dead');
    const stream = open('streamed', 'streamed-dead');
    expect(await until(() => stream.opened && dead.opened, Boolean)).toBe(true);
    const second = open('streamed');
    await until(() => second.ended, Boolean, 5_000);
    expect(second.opened).toBe(false);
    await client.pubsub.publish('bus', 'streamed', { run, n: 3 });
    await until(() => stream.mine().length, (count) => count >= 1);
    stream.answer(stream.events.at(-1)!.id, 'DROP');
    await until(() => dead.mine().length, (count) => count >= 1);
    expect(dead.mine()).toEqual([{ run, n: 3 }]);
    dead.answer(dead.events.at(-1)!.id, 'SUCCESS');
    stream.call.end();
    dead.call.end();
  });
});
