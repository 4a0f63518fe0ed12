/**
 * Event Grid's side of webhook delivery, as documented: the Event Grid schema validation
 * handshake (a SubscriptionValidationEvent with `aeg-event-type: SubscriptionValidation`), the
 * CloudEvents abuse-protection handshake (OPTIONS with WebHook-Request-Origin), and deliveries
 * in either schema with `aeg-delivery-count` and `aeg-event-type: Notification`, authenticated by
 * `?code=`, `aeg-delivery-secret` or an Entra bearer token.
 */
import { randomUUID } from 'node:crypto';

export interface PushAuth {
  code?: string;
  deliverySecret?: string;
  bearer?: string;
}

export interface PushAnswer {
  status: number;
  headers: Headers;
  body: string;
}

function target(url: string, auth: PushAuth): string {
  return auth.code === undefined ? url : `${url}?code=${encodeURIComponent(auth.code)}`;
}

function authHeaders(auth: PushAuth): Record<string, string> {
  return {
    ...(auth.deliverySecret === undefined ? {} : { 'aeg-delivery-secret': auth.deliverySecret }),
    ...(auth.bearer === undefined ? {} : { authorization: `Bearer ${auth.bearer}` }),
  };
}

async function answer(response: Response): Promise<PushAnswer> {
  return { status: response.status, headers: response.headers, body: await response.text() };
}

export async function validateEventGridSchema(url: string, auth: PushAuth, code = randomUUID()): Promise<PushAnswer & { code: string }> {
  const body = [{ id: randomUUID(), topic: '/subscriptions/x/resourceGroups/y/providers/Microsoft.EventGrid/topics/orders', subject: '', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: new Date().toISOString(), data: { validationCode: code, validationUrl: 'https://rp-westeurope.eventgrid.azure.net/validate?id=x' }, dataVersion: '2', metadataVersion: '1' }];
  const response = await fetch(target(url, auth), { method: 'POST', headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation', ...authHeaders(auth) }, body: JSON.stringify(body) });
  return { ...(await answer(response)), code };
}

export async function validateCloudEvents(url: string, auth: PushAuth): Promise<PushAnswer> {
  return answer(await fetch(target(url, auth), { method: 'OPTIONS', headers: { 'webhook-request-origin': 'eventgrid.azure.net', ...authHeaders(auth) } }));
}

export type Delivery = { schema: 'eventgrid'; events: unknown[] } | { schema: 'cloudevents'; event: unknown } | { schema: 'cloudevents-batch'; events: unknown[] };

const contentTypes = { eventgrid: 'application/json', cloudevents: 'application/cloudevents+json; charset=utf-8', 'cloudevents-batch': 'application/cloudevents-batch+json; charset=utf-8' };

export async function push(url: string, auth: PushAuth, delivery: Delivery, deliveryCount = 0): Promise<PushAnswer> {
  const body = JSON.stringify(delivery.schema === 'cloudevents' ? delivery.event : delivery.events);
  return rawPush(url, auth, body, contentTypes[delivery.schema], deliveryCount);
}

export async function rawPush(url: string, auth: PushAuth, body: string | Uint8Array, contentType: string, deliveryCount = 0): Promise<PushAnswer> {
  const response = await fetch(target(url, auth), {
    method: 'POST',
    headers: { 'content-type': contentType, 'aeg-event-type': 'Notification', 'aeg-delivery-count': String(deliveryCount), ...authHeaders(auth) },
    body,
  });
  return answer(response);
}

export function cloudEvent(id: string, type: string, data: unknown = { id }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { specversion: '1.0', id, source: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z', type, subject: `/blobServices/default/containers/c/blobs/${id}`, time: new Date().toISOString(), datacontenttype: 'application/json', data, ...extra };
}

export function eventGridEvent(id: string, eventType: string, data: unknown = { id }): Record<string, unknown> {
  return { id, topic: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z', subject: `/blobServices/default/containers/c/blobs/${id}`, eventType, eventTime: '2026-12-04T10:00:00Z', data, dataVersion: '1', metadataVersion: '1' };
}
