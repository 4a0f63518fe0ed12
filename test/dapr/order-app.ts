/**
 * One app written against the Dapr SDK and nothing else: it subscribes to `orders`, answers
 * RETRY once for an order marked `flaky`, DROPs one marked `bad` (to `orders-dead`), and
 * publishes. The portability test runs this same code beside sidecars on different brokers.
 */
import { CommunicationProtocolEnum, DaprClient, DaprPubSubStatusEnum, DaprServer, LogLevel } from '@dapr/dapr';

export interface Order {
  run: string;
  n: number;
  flaky?: boolean;
  bad?: boolean;
}

export interface OrderApp {
  processed: Order[];
  deadLettered: Order[];
  attempts: Map<number, number>;
  place(order: Order): Promise<void>;
  stop(): Promise<void>;
}

/** Only the ports differ from one sidecar to another, as DAPR_HTTP_PORT and APP_PORT would. */
export async function startOrderApp(daprPort: number, appPort: number, run: string): Promise<OrderApp> {
  const clientOptions = { daprHost: '127.0.0.1', daprPort: String(daprPort), communicationProtocol: CommunicationProtocolEnum.HTTP, logger: { level: LogLevel.Error } };
  const client = new DaprClient(clientOptions);
  const server = new DaprServer({ serverHost: '127.0.0.1', serverPort: String(appPort), communicationProtocol: CommunicationProtocolEnum.HTTP, clientOptions, logger: { level: LogLevel.Error } });
  const app: OrderApp = {
    processed: [],
    deadLettered: [],
    attempts: new Map(),
    async place(order) {
      await client.pubsub.publish('orders-pubsub', 'orders', order);
    },
    async stop() {
      await server.stop();
      await client.stop();
    },
  };
  const mine = (data: unknown): data is Order => typeof data === 'object' && data !== null && (data as Order).run === run;
  await server.pubsub.subscribeWithOptions('orders-pubsub', 'orders', {
    deadLetterTopic: 'orders-dead',
    callback: async (data: unknown) => {
      if (!mine(data)) return DaprPubSubStatusEnum.SUCCESS;
      const attempt = (app.attempts.get(data.n) ?? 0) + 1;
      app.attempts.set(data.n, attempt);
      if (data.bad) return DaprPubSubStatusEnum.DROP;
      if (data.flaky && attempt === 1) return DaprPubSubStatusEnum.RETRY;
      app.processed.push(data);
      return DaprPubSubStatusEnum.SUCCESS;
    },
  });
  await server.pubsub.subscribe('orders-pubsub', 'orders-dead', async (data: unknown) => {
    if (mine(data)) app.deadLettered.push(data);
    return DaprPubSubStatusEnum.SUCCESS;
  });
  await server.start();
  return app;
}
