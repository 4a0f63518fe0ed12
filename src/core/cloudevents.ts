/**
 * CloudEvents 1.0 in the two forms the API accepts (binary headers, structured JSON) and the
 * one form messages are stored and pushed in: binary-mode headers (`ce-*` + content-type).
 * Protocol adapters (HTTP, gRPC) build CloudEvents here; the core never sees raw requests.
 */
import { OutriggerError } from '../kernel/errors.js';
import { editDistance } from '../kernel/suggest.js';
import { randomUuid } from '../kernel/uuid.js';
import type { MessageHeaders } from '../drivers/contract.js';

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  dataschema?: string;
  /** Extension attributes (e.g. traceparent, partitionkey), values as strings. */
  extensions: Record<string, string>;
  data: Uint8Array;
}

export interface EventDefaults {
  source: string;
  type: string;
}

const contextAttributes = new Set(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'dataschema']);
/** CloudEvents attribute names: lower-case letters and digits only. */
const attributeName = /^[a-z0-9]{1,64}$/;
const maxAttributeLength = 4096;

/** Headers carried from the caller to the subscriber besides `ce-*`. */
const carriedHeaders = ['traceparent', 'tracestate'];

function invalid(detail: string, index?: number): OutriggerError {
  return new OutriggerError('invalid_cloudevent', index === undefined ? detail : `entry ${index}: ${detail}`, {
    extensions: index === undefined ? {} : { index },
  });
}

/** Members of a structured event besides the context attributes. */
const dataMembers = ['data', 'data_base64'];
const attributesAndData = [...contextAttributes, ...dataMembers];

/** Extension names already found not to be a misspelt attribute; bounded, as callers choose them. */
const fineExtensionNames = new Set<string>();
const maxRememberedNames = 256;

/**
 * Data this module serialised itself from a parsed JSON value: JSON by construction, so the
 * declared-JSON check (service/strict-input.ts) need not parse it again.
 */
const serialisedJson = new WeakSet<Uint8Array>();

export function isSerialisedJson(data: Uint8Array): boolean {
  return serialisedJson.has(data);
}

/**
 * An extension named one letter away from a longer attribute (`subjet`, `datacontentype`) is a
 * typo: as an extension it would be carried silently while the attribute meant stays unset. Real
 * extensions are further away (`dataref`, `partitionkey`).
 */
function refuseMisspeltAttribute(name: string, index?: number): void {
  if (fineExtensionNames.has(name)) return;
  for (const meant of attributesAndData) {
    // Short names (id, type, time, data) are one letter away from too many real words.
    if (meant.length >= 6 && editDistance(name, meant) <= 1) {
      throw invalid(`'${name}' looks like a misspelt '${meant}'; extension attributes must not be one letter away from a CloudEvents attribute`, index);
    }
  }
  // The same few extensions (traceparent, partitionkey) come on every event of every batch.
  if (fineExtensionNames.size >= maxRememberedNames) fineExtensionNames.clear();
  fineExtensionNames.add(name);
}

function checkedAttribute(name: string, value: unknown, index?: number): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`attribute '${name}' must be a non-empty string`, index);
  if (value.length > maxAttributeLength) throw invalid(`attribute '${name}' is longer than ${maxAttributeLength} characters`, index);
  return value;
}

function checkTime(value: string | undefined, index?: number): void {
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw invalid(`attribute 'time' must be an RFC 3339 timestamp, got '${value}'`, index);
}

/** `ce-` in any case, without lower-casing every header name of every request. */
function isCeHeader(name: string): boolean {
  return name.length > 3 && (name.charCodeAt(0) | 0x20) === 0x63 && (name.charCodeAt(1) | 0x20) === 0x65 && name.charCodeAt(2) === 0x2d;
}

let isoMs = Number.NaN;
let iso = '';

/** The time of a request as RFC 3339, formatted once per millisecond however many requests share it. */
function nowIso(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

/** Binary mode: attributes in `ce-*` headers, the body is the data. Missing required attributes get defaults. */
export function fromBinary(headers: Record<string, string | string[] | undefined>, body: Uint8Array, defaults: EventDefaults): CloudEvent {
  const attributes: Record<string, string> = {};
  for (const rawName in headers) {
    const rawValue = headers[rawName];
    if (rawValue === undefined || !isCeHeader(rawName)) continue;
    const attr = rawName.slice(3).toLowerCase();
    if (!attributeName.test(attr)) {
      throw new OutriggerError('invalid_header', `header '${rawName}': CloudEvents attribute names are lower-case letters and digits`);
    }
    const value = Array.isArray(rawValue) ? rawValue.join(',') : rawValue;
    attributes[attr] = checkedAttribute(attr, value);
  }
  if (attributes.specversion !== undefined && attributes.specversion !== '1.0') {
    throw invalid(`ce-specversion '${attributes.specversion}' is not supported (supported: 1.0)`);
  }
  checkTime(attributes.time);
  const contentType = headerValue(headers['content-type']);
  const event: CloudEvent = {
    specversion: '1.0',
    id: attributes.id ?? randomUuid(),
    source: attributes.source ?? defaults.source,
    type: attributes.type ?? defaults.type,
    extensions: {},
    data: body,
  };
  if (attributes.subject !== undefined) event.subject = attributes.subject;
  event.time = attributes.time ?? nowIso();
  if (contentType !== undefined && body.length > 0) event.datacontenttype = contentType;
  if (attributes.dataschema !== undefined) event.dataschema = attributes.dataschema;
  // for-in over these plain objects rather than Object.entries: no array per attribute on every request.
  for (const name in attributes) {
    if (contextAttributes.has(name)) continue;
    refuseMisspeltAttribute(name);
    event.extensions[name] = attributes[name]!;
  }
  for (const name of carriedHeaders) {
    const value = headerValue(headers[name]);
    if (value !== undefined && event.extensions[name] === undefined) event.extensions[name] = value;
  }
  return event;
}

const optionalAttributes = ['subject', 'time', 'datacontenttype', 'dataschema'] as const;

/** Structured mode: one JSON object (`application/cloudevents+json`). All required attributes must be present. */
export function fromStructured(value: unknown, index?: number): CloudEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('a CloudEvent must be a JSON object', index);
  const object = value as Record<string, unknown>;
  if (object.specversion !== '1.0') throw invalid(`'specversion' must be "1.0"`, index);
  const event: CloudEvent = {
    specversion: '1.0',
    id: checkedAttribute('id', object.id, index),
    source: checkedAttribute('source', object.source, index),
    type: checkedAttribute('type', object.type, index),
    extensions: {},
    data: new Uint8Array(0),
  };
  for (const optional of optionalAttributes) {
    if (object[optional] !== undefined) event[optional] = checkedAttribute(optional, object[optional], index);
  }
  checkTime(event.time, index);
  event.time ??= nowIso();
  if (object.data !== undefined && object.data_base64 !== undefined) throw invalid(`'data' and 'data_base64' are mutually exclusive`, index);
  if (object.data_base64 !== undefined) {
    if (typeof object.data_base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(object.data_base64)) {
      throw invalid(`'data_base64' must be a base64 string`, index);
    }
    event.data = Buffer.from(object.data_base64, 'base64');
  } else if (object.data !== undefined) {
    const isJson = event.datacontenttype === undefined || isJsonContentType(event.datacontenttype);
    if (isJson) {
      event.datacontenttype ??= 'application/json';
      const data = Buffer.from(JSON.stringify(object.data));
      serialisedJson.add(data);
      event.data = data;
    } else if (typeof object.data === 'string') {
      event.data = Buffer.from(object.data);
    } else {
      throw invalid(`'data' must be a string when datacontenttype is '${event.datacontenttype}'`, index);
    }
  }
  for (const name of Object.keys(object)) {
    if (contextAttributes.has(name) || name === 'data' || name === 'data_base64') continue;
    const raw = object[name];
    if (!attributeName.test(name)) throw invalid(`extension attribute '${name}': names are lower-case letters and digits`, index);
    refuseMisspeltAttribute(name, index);
    if (raw === null) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw invalid(`extension attribute '${name}' must be a string, number or boolean`, index);
    }
    event.extensions[name] = checkedAttribute(name, String(raw), index);
  }
  return event;
}

/** The stored and pushed form: binary-mode headers. */
export function toHeaders(event: CloudEvent): MessageHeaders {
  const headers: MessageHeaders = {
    'ce-specversion': event.specversion,
    'ce-id': event.id,
    'ce-source': event.source,
    'ce-type': event.type,
  };
  if (event.subject !== undefined) headers['ce-subject'] = event.subject;
  if (event.time !== undefined) headers['ce-time'] = event.time;
  if (event.dataschema !== undefined) headers['ce-dataschema'] = event.dataschema;
  if (event.datacontenttype !== undefined) headers['content-type'] = event.datacontenttype;
  for (const name in event.extensions) {
    headers[carriedHeaders.includes(name) ? name : `ce-${name}`] = event.extensions[name]!;
  }
  return headers;
}

/** Content types seen and whether each is JSON; every event of a batch usually has the same one. */
const jsonContentTypes = new Map<string, boolean>();

export function isJsonContentType(contentType: string): boolean {
  const known = jsonContentTypes.get(contentType);
  if (known !== undefined) return known;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  const json = mediaType === 'application/json' || mediaType.endsWith('+json');
  if (jsonContentTypes.size >= maxRememberedNames) jsonContentTypes.clear();
  jsonContentTypes.set(contentType, json);
  return json;
}

function isTextContentType(contentType: string): boolean {
  const lower = contentType.toLowerCase();
  return lower.startsWith('text/') || lower.includes('charset=utf-8') || lower.startsWith('application/xml');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A stored body as JSON output: the value itself for JSON, a string for text, otherwise
 * `data_base64` — the same rule as CloudEvents' JSON format, so nothing binary is mangled.
 */
export function encodeData(headers: MessageHeaders, data: Uint8Array): { data?: unknown; data_base64?: string } {
  if (data.length === 0) return {};
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    try {
      if (isJsonContentType(contentType)) return { data: JSON.parse(utf8.decode(data)) as unknown };
      if (isTextContentType(contentType)) return { data: utf8.decode(data) };
    } catch {
      // Not what its content type claims: hand it over byte for byte.
    }
  }
  return { data_base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value[0] : value;
}
