/** The connection options every client of one broker shares: brokers, timeouts, TLS and SASL. */
import { readFileSync } from 'node:fs';
import type { BaseOptions } from '@platformatic/kafka';
import type { KafkaSettings } from './settings.js';

export function connectionOptions(settings: KafkaSettings, role: string): BaseOptions {
  const options: BaseOptions = {
    clientId: `${settings.clientId}-${role}`,
    bootstrapBrokers: settings.bootstrapServers,
    connectTimeout: settings.connectTimeoutMs,
    timeout: settings.requestTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // Retrying is core's decision (resilient-driver.ts), made once per operation, not per request.
    retries: 0,
    // The driver creates topics when it is asked to ensure a stream, never as a side effect.
    autocreateTopics: false,
  };
  if (settings.tls !== undefined) {
    const { caFile, certFile, keyFile } = settings.tls;
    options.tls = {
      ...(caFile === undefined ? {} : { ca: readFileSync(caFile) }),
      ...(certFile === undefined ? {} : { cert: readFileSync(certFile) }),
      ...(keyFile === undefined ? {} : { key: readFileSync(keyFile) }),
    };
  }
  if (settings.sasl !== undefined) options.sasl = { ...settings.sasl };
  return options;
}
