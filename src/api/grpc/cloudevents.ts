/**
 * CloudEvents between their protobuf form (outrigger.v1.CloudEvent) and the core's. Incoming
 * events become binary-mode headers and go through the same fromBinary() as HTTP requests, so
 * both protocols apply one set of rules; outgoing ones are rebuilt from the stored headers.
 */
import { fromBinary, type CloudEvent, type EventDefaults } from '../../core/cloudevents.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { MessageHeaders } from '../../kernel/messages.js';
import { msToTimestamp, timestampToMs, type CloudEventMessage } from './messages.js';

const contextAttributes = new Set(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema', 'data']);
const extensionName = /^[a-z0-9]{1,64}$/;
/** Stored as plain headers (W3C trace context), shown as extensions. */
const traceHeaders = new Set(['traceparent', 'tracestate']);

/** Checks the size first (RESOURCE_EXHAUSTED naming the limit), then every attribute. */
export function eventFromMessage(message: CloudEventMessage | null, defaults: EventDefaults, maxBytes: number, field = 'event'): CloudEvent {
  if (message === null) throw new OutriggerError('bad_request', `'${field}' is required`);
  if (message.data.byteLength > maxBytes) {
    throw new OutriggerError('payload_too_large', `'${field}.data' is ${message.data.byteLength} bytes, larger than the limit of ${maxBytes} bytes`, {
      extensions: { limit: maxBytes },
    });
  }
  if (message.specVersion !== '' && message.specVersion !== '1.0') {
    throw new OutriggerError('invalid_cloudevent', `'${field}.spec_version' '${message.specVersion}' is not supported (supported: 1.0)`);
  }
  const headers: Record<string, string> = {};
  const attribute = (name: string, value: string): void => {
    if (value !== '') headers[`ce-${name}`] = value;
  };
  attribute('id', message.id);
  attribute('source', message.source);
  attribute('type', message.type);
  attribute('subject', message.subject);
  attribute('dataschema', message.dataSchema);
  if (message.time !== null) headers['ce-time'] = new Date(timestampToMs(message.time, `${field}.time`)).toISOString();
  if (message.dataContentType !== '') headers['content-type'] = message.dataContentType;
  for (const [name, value] of Object.entries(message.extensions)) {
    if (!extensionName.test(name)) throw new OutriggerError('invalid_cloudevent', `'${field}.extensions': '${name}' is not an extension name (lower-case letters and digits, at most 64)`);
    if (contextAttributes.has(name)) throw new OutriggerError('invalid_cloudevent', `'${field}.extensions': '${name}' is a context attribute; set the field of that name instead`);
    headers[`ce-${name}`] = value;
  }
  return fromBinary(headers, message.data, defaults);
}

export interface OutgoingEvent {
  event: CloudEventMessage;
  /** Stored headers that are not CloudEvents attributes. */
  metadata: Record<string, string>;
}

/** The stored binary-mode headers and data, as a CloudEvent message again. */
export function messageFromStored(headers: MessageHeaders, data: Uint8Array): OutgoingEvent {
  const event: CloudEventMessage = {
    id: '',
    source: '',
    type: '',
    subject: '',
    time: null,
    dataContentType: headers['content-type'] ?? '',
    dataSchema: '',
    specVersion: '1.0',
    extensions: {},
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  };
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type') continue;
    if (traceHeaders.has(name)) event.extensions[name] = value;
    else if (name.startsWith('ce-')) setAttribute(event, name.slice(3), value);
    else metadata[name] = value;
  }
  return { event, metadata };
}

function setAttribute(event: CloudEventMessage, name: string, value: string): void {
  switch (name) {
    case 'id':
      event.id = value;
      break;
    case 'source':
      event.source = value;
      break;
    case 'type':
      event.type = value;
      break;
    case 'subject':
      event.subject = value;
      break;
    case 'dataschema':
      event.dataSchema = value;
      break;
    case 'specversion':
      break;
    case 'time': {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) event.time = msToTimestamp(ms);
      break;
    }
    default:
      event.extensions[name] = value;
  }
}
