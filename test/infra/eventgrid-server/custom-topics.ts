/**
 * Custom topics and domains, as the publish API documents them: `POST /api/events` with an array
 * of Event Grid schema events (`application/json`) or CloudEvents 1.0 (`application/cloudevents-
 * batch+json`, or one `application/cloudevents+json`). Every event is checked for its required
 * fields and the 1 MB limits before any is accepted: the service takes a request whole or not at
 * all. The real service has one host per topic; here the first path segment names it
 * (`/<topic>/api/events`), so one server holds many topics.
 */
import { MAX_EVENT_BYTES, WireError } from './wire.js';

export type Schema = 'eventgrid' | 'cloudevents';

export interface PublishedEvent {
  schema: Schema;
  /** The event as it arrived (JSON object). */
  event: Record<string, unknown>;
  /** For domains: the domain topic the event went to. */
  domainTopic?: string;
}

export class CustomTopics {
  /** Accepted events by topic name (the path's first segment). */
  readonly events = new Map<string, PublishedEvent[]>();
  /** Topic names that are domains: every event must name its domain topic. */
  readonly domains = new Set<string>();
  /** Input schema per topic; a topic accepts only its own. Absent: either. */
  readonly schemas = new Map<string, Schema>();
  /** Called after each accepted request (tests wait on it). */
  onAccepted: ((topic: string, events: PublishedEvent[]) => void) | undefined;

  publish(topic: string, contentType: string, body: unknown): void {
    const schema = schemaOf(contentType);
    const wanted = this.schemas.get(topic);
    if (wanted !== undefined && wanted !== schema) {
      throw new WireError(400, 'BadRequest', `This topic accepts ${wanted === 'eventgrid' ? 'the Event Grid schema (application/json)' : 'CloudEvents v1.0 (application/cloudevents-batch+json)'}, not ${contentType}.`);
    }
    const single = contentType.startsWith('application/cloudevents+json');
    const items = single ? [body] : body;
    if (!Array.isArray(items)) throw new WireError(400, 'BadRequest', 'The request body must be a JSON array of events.');
    if (items.length === 0) throw new WireError(400, 'BadRequest', 'The request must contain at least one event.');
    const accepted = items.map((item, index) => this.#check(topic, schema, item, index));
    const list = this.events.get(topic) ?? [];
    list.push(...accepted);
    this.events.set(topic, list);
    this.onAccepted?.(topic, accepted);
  }

  #check(topic: string, schema: Schema, item: unknown, index: number): PublishedEvent {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new WireError(400, 'BadRequest', `Event at index ${index} is not a JSON object.`);
    const event = item as Record<string, unknown>;
    const size = Buffer.byteLength(JSON.stringify(event));
    if (size > MAX_EVENT_BYTES) throw new WireError(413, 'RequestEntityTooLarge', `Event at index ${index} is ${size} bytes; the maximum size of an event is ${MAX_EVENT_BYTES} bytes.`);
    const required = schema === 'eventgrid' ? ['id', 'subject', 'eventType', 'eventTime'] : ['id', 'source', 'type', 'specversion'];
    for (const field of required) {
      if (typeof event[field] !== 'string' || event[field] === '') throw new WireError(400, 'BadRequest', `Event at index ${index}: required property '${field}' is missing or empty.`);
    }
    if (schema === 'cloudevents' && event['specversion'] !== '1.0') throw new WireError(400, 'BadRequest', `Event at index ${index}: specversion must be 1.0.`);
    if (!this.domains.has(topic)) return { schema, event };
    // A domain routes by the event's topic (Event Grid schema) or source (CloudEvents).
    const domainTopic = schema === 'eventgrid' ? event['topic'] : event['source'];
    if (typeof domainTopic !== 'string' || domainTopic === '') throw new WireError(400, 'BadRequest', `Event at index ${index} names no domain topic.`);
    return { schema, event, domainTopic };
  }
}

function schemaOf(contentType: string): Schema {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') return 'eventgrid';
  if (type === 'application/cloudevents-batch+json' || type === 'application/cloudevents+json') return 'cloudevents';
  throw new WireError(415, 'UnsupportedMediaType', `Content type '${contentType}' is not supported.`);
}
