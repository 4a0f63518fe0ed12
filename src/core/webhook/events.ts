/**
 * Event Grid deliveries as the events Outrigger pushes: each becomes binary-mode CloudEvent
 * headers and a body, the form every push to the app has.
 *
 * - CloudEvents schema (`application/cloudevents+json`, one event, or
 *   `application/cloudevents-batch+json`, an array): read as any structured CloudEvent is
 *   (core/cloudevents.ts).
 * - Event Grid schema (`application/json`, an array): id -> ce-id, eventType -> ce-type,
 *   topic -> ce-source (the publisher's resource path), subject -> ce-subject, eventTime ->
 *   ce-time, dataVersion -> ce-dataversion, data -> the JSON body (content-type
 *   application/json). This is the mapping Event Grid itself documents between its two schemas.
 *
 * A malformed delivery is refused whole (`invalid_json`, `invalid_cloudevent`, `bad_request`)
 * before any event reaches the app.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { MessageHeaders, TopicFilter } from '../../drivers/contract.js';
import { fromStructured, toHeaders } from '../cloudevents.js';

export type DeliverySchema = 'eventgrid' | 'cloudevents' | 'cloudevents-batch';

export interface InboundEvent {
  id: string;
  headers: MessageHeaders;
  data: Uint8Array;
}

/** The Event Grid schema's subscription validation event, answered by the listener, never pushed. */
export const VALIDATION_EVENT_TYPE = 'Microsoft.EventGrid.SubscriptionValidationEvent';

/** The schema a content type announces, or undefined for one Event Grid never sends. */
export function deliverySchema(contentType: string | undefined): DeliverySchema | undefined {
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'application/json') return 'eventgrid';
  if (type === 'application/cloudevents+json') return 'cloudevents';
  if (type === 'application/cloudevents-batch+json') return 'cloudevents-batch';
  return undefined;
}

export function parseJsonBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new OutriggerError('invalid_json', 'the delivery is not valid UTF-8 JSON');
  }
}

/** The validation code of an Event Grid schema handshake, or undefined when `value` is not one. */
export function validationCode(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length !== 1) return undefined;
  const event = value[0] as { eventType?: unknown; data?: { validationCode?: unknown } } | null;
  if (event?.eventType !== VALIDATION_EVENT_TYPE) return undefined;
  const code = event.data?.validationCode;
  if (typeof code !== 'string' || code === '') throw new OutriggerError('bad_request', 'a SubscriptionValidationEvent without data.validationCode');
  return code;
}

export function toInboundEvents(schema: DeliverySchema, value: unknown): InboundEvent[] {
  if (schema === 'cloudevents') return [fromCloudEvent(value)];
  if (!Array.isArray(value)) throw new OutriggerError('bad_request', `a ${schema === 'eventgrid' ? 'Event Grid schema' : 'CloudEvents batch'} delivery must be a JSON array`);
  if (value.length === 0) throw new OutriggerError('bad_request', 'the delivery holds no events');
  return value.map((item, index) => (schema === 'eventgrid' ? fromEventGrid(item, index) : fromCloudEvent(item, index)));
}

function fromCloudEvent(value: unknown, index?: number): InboundEvent {
  const event = fromStructured(value, index);
  return { id: event.id, headers: toHeaders(event), data: event.data };
}

function fromEventGrid(value: unknown, index: number): InboundEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(index, 'an event must be a JSON object');
  const event = value as Record<string, unknown>;
  const text = (field: string, required: boolean): string | undefined => {
    const v = event[field];
    if (v === undefined || v === null || v === '') {
      if (required) throw invalid(index, `'${field}' is required`);
      return undefined;
    }
    if (typeof v !== 'string') throw invalid(index, `'${field}' must be a string`);
    return v;
  };
  const id = text('id', true)!;
  const headers: MessageHeaders = { 'ce-specversion': '1.0', 'ce-id': id, 'ce-type': text('eventType', true)!, 'ce-source': text('topic', false) ?? 'eventgrid' };
  const subject = text('subject', false);
  const time = text('eventTime', false);
  const dataVersion = text('dataVersion', false);
  if (subject !== undefined) headers['ce-subject'] = subject;
  if (time !== undefined) headers['ce-time'] = time;
  if (dataVersion !== undefined) headers['ce-dataversion'] = dataVersion;
  let data: Uint8Array = new Uint8Array(0);
  if (event['data'] !== undefined && event['data'] !== null) {
    data = new TextEncoder().encode(JSON.stringify(event['data']));
    headers['content-type'] = 'application/json';
  }
  return { id, headers, data };
}

function invalid(index: number, detail: string): OutriggerError {
  return new OutriggerError('invalid_cloudevent', `entry ${index}: ${detail}`, { extensions: { index } });
}

/** Whether an event passes a subscription's filter (CloudEvents type and subject prefix). */
export function matches(filter: TopicFilter | null, headers: MessageHeaders): boolean {
  if (filter === null) return true;
  if (filter.types !== undefined && !filter.types.includes(headers['ce-type'] ?? '')) return false;
  const subject = headers['ce-subject'];
  if (filter.subjectPrefix !== undefined && (subject === undefined || !subject.startsWith(filter.subjectPrefix))) return false;
  return true;
}
