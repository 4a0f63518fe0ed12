/**
 * The SDK clients of one broker and every call made through them. The SDKs' own retries are off
 * (maxRetries 0): the broker's resilience policy in core retries; the one repeat here is of a
 * publish that died on a dead pooled socket (stale-socket.ts). http:// endpoints (loopback
 * only, settings.ts) need allowInsecureConnection; keys are still sent, bearer tokens never are
 * (the SDKs refuse), so Azure identities need https.
 *
 * Two gaps of the namespace SDK are bridged with the SDK's own hooks, the requests still going
 * through its pipeline (auth, api-version, URL): its publish serialises only the standard
 * attributes, so the structured events are written here (codec.ts) and put in place by a
 * pipeline policy keyed by a request header; its receive drops extension attributes, so the
 * raw answer is read through `onResponse`.
 */
import type { TokenCredential } from '@azure/identity';
import { AzureKeyCredential, AzureSASCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { AzureKeyCredential as NamespaceKeyCredential, EventGridReceiverClient, EventGridSenderClient, type EventGridSenderClientOptions } from '@azure/eventgrid-namespaces';
import { checkAzureCredential, defaultAzureCredential } from '../azure/identity.js';
import { RestCalls } from '../azure/rest-call.js';
import type { WireEvent } from './codec.js';
import { toEventGridError } from './errors.js';
import type { EventGridAuth, EventGridSettings } from './settings.js';
import { StaleSocketRetry } from './stale-socket.js';

const BODY_HEADER = 'x-outrigger-body';
const CLOUDEVENTS_BATCH = 'application/cloudevents-batch+json; charset=utf-8';

type PipelinePolicy = NonNullable<EventGridSenderClientOptions['additionalPolicies']>[number]['policy'];
type Credential = AzureKeyCredential | AzureSASCredential | TokenCredential;
type NamespaceCredential = NamespaceKeyCredential | TokenCredential;

export async function buildCredential(auth: EventGridAuth, broker: string, endpoint: string, signal?: AbortSignal): Promise<Credential> {
  if (auth.kind === 'key') return new AzureKeyCredential(auth.key);
  if (auth.kind === 'sasToken') return new AzureSASCredential(auth.sasToken);
  const credential = await defaultAzureCredential(auth.clientId);
  // One token now, so a pod without an identity fails at start saying what to set.
  await checkAzureCredential(
    credential,
    { driver: 'azure-eventgrid', broker, target: `endpoint '${endpoint}'`, scope: 'https://eventgrid.azure.net/.default', roles: 'the role EventGrid Data Sender (and EventGrid Data Receiver to pull) on the topic or namespace' },
    signal,
  );
  return credential;
}

export class EventGridClients extends RestCalls {
  readonly settings: EventGridSettings;
  readonly #credential: Credential;
  readonly #insecure: boolean;
  /** Publishes go through their own keep-alive pool, whose dead sockets cost one repeat. */
  readonly #staleSockets: StaleSocketRetry;
  #publisher: EventGridPublisherClient<'Custom'> | undefined;
  readonly #senders = new Map<string, EventGridSenderClient>();
  readonly #receivers = new Map<string, EventGridReceiverClient>();
  /** Bodies waiting for their request, by the id in BODY_HEADER. */
  readonly #bodies = new Map<string, string>();
  #nextBody = 0;

  constructor(broker: string, settings: EventGridSettings, credential: Credential) {
    super(broker, { busyStatuses: [429, 503], toError: toEventGridError });
    this.settings = settings;
    this.#credential = credential;
    this.#insecure = settings.target.endpoint.startsWith('http:');
    this.#staleSockets = new StaleSocketRetry(this.#insecure);
  }

  /** Custom topic or domain: one POST of `events` as the topic's schema. */
  async publishToTopic(events: WireEvent[], signal?: AbortSignal): Promise<void> {
    const { target } = this.settings;
    if (target.kind !== 'topic') throw new Error('not a custom topic broker');
    // 'Custom' sends the events as given: the codec wrote them in the topic's schema, and the
    // content type is set to match by the policy below.
    this.#publisher ??= new EventGridPublisherClient(target.endpoint, 'Custom', this.#credential, {
      ...this.#common(),
      agent: this.#staleSockets.agent,
      additionalPolicies: [
        ...(target.schema === 'cloudevents' ? [{ policy: contentTypePolicy(CLOUDEVENTS_BATCH), position: 'perCall' as const }] : []),
        { policy: this.#staleSockets.policy(), position: 'perRetry' },
      ],
    });
    await this.#publisher.send(events, signal === undefined ? {} : { abortSignal: signal });
  }

  /** Namespace topic: one publish of structured CloudEvents. */
  async publishToNamespace(topic: string, events: WireEvent[], signal?: AbortSignal): Promise<void> {
    let sender = this.#senders.get(topic);
    if (sender === undefined) {
      sender = new EventGridSenderClient(this.settings.target.endpoint, this.#namespaceCredential(), topic, {
        ...this.#common(),
        agent: this.#staleSockets.agent,
        additionalPolicies: [
          { policy: this.#bodyPolicy(), position: 'perCall' },
          { policy: this.#staleSockets.policy(), position: 'perRetry' },
        ],
      });
      this.#senders.set(topic, sender);
    }
    const id = String(this.#nextBody++);
    this.#bodies.set(id, JSON.stringify(events));
    try {
      // The SDK's own rendering of these placeholders is replaced by the body written here.
      const placeholders = events.map((event) => ({ id: String(event['id']), type: String(event['type']), source: String(event['source']), data: {} }));
      await sender.sendEvents(placeholders, { requestOptions: { headers: { [BODY_HEADER]: id } }, ...(signal === undefined ? {} : { abortSignal: signal }) });
    } finally {
      this.#bodies.delete(id);
    }
  }

  receiver(topic: string, subscription: string): EventGridReceiverClient {
    const key = `${topic}\u0000${subscription}`;
    let receiver = this.#receivers.get(key);
    if (receiver === undefined) {
      receiver = new EventGridReceiverClient(this.settings.target.endpoint, this.#namespaceCredential(), topic, subscription, this.#common());
      this.#receivers.set(key, receiver);
    }
    return receiver;
  }

  /** The namespace SDK takes its own copy of the key credential class; SAS tokens are refused by settings.ts. */
  #namespaceCredential(): NamespaceCredential {
    const credential = this.#credential;
    if (credential instanceof AzureKeyCredential) return new NamespaceKeyCredential(credential.key);
    if (credential instanceof AzureSASCredential) throw new Error('namespaces take no SAS token');
    return credential;
  }

  #common(): { allowInsecureConnection: boolean; retryOptions: { maxRetries: number } } {
    return { allowInsecureConnection: this.#insecure, retryOptions: { maxRetries: 0 } };
  }

  #bodyPolicy(): PipelinePolicy {
    return {
      name: 'outriggerStructuredEvents',
      sendRequest: (request, next) => {
        const id = request.headers.get(BODY_HEADER);
        if (id !== undefined) {
          request.headers.delete(BODY_HEADER);
          const body = this.#bodies.get(id);
          if (body !== undefined) {
            request.body = body;
            request.headers.set('content-type', CLOUDEVENTS_BATCH);
          }
        }
        return next(request);
      },
    };
  }
}

function contentTypePolicy(contentType: string): PipelinePolicy {
  return {
    name: 'outriggerContentType',
    sendRequest: (request, next) => {
      request.headers.set('content-type', contentType);
      return next(request);
    },
  };
}
