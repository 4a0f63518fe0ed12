/** What every part of the driver shares once connected: the connection, JetStream, and who we are. */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PublishCoalescer } from './coalesce.js';
import type { NatsSettings } from './settings.js';

export interface NatsContext {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** JetStream publishes of messages, events and copies, coalesced per event-loop turn. */
  publisher: PublishCoalescer;
  /** The broker's name in config, for messages. */
  broker: string;
  settings: NatsSettings;
  /** Writes awaiting their PubAck: close waits for them before it drains the connection. */
  inflight: Set<Promise<unknown>>;
}

/** The connected context, or `broker_unavailable` before connect() and after close(). */
export type ContextSource = () => NatsContext;

export const nanos = (ms: number): number => Math.round(ms * 1_000_000);
export const millis = (ns: number): number => Math.round(ns / 1_000_000);
