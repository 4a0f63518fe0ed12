/** Messages as people read them: a header line with what identifies it, then its data. */
import type { Output } from './output.js';

export interface WireMessage {
  id?: string;
  headers?: Record<string, string>;
  data?: unknown;
  data_base64?: string;
  [key: string]: unknown;
}

/** `label` is what locates the message (lease and attempt, partition and offset, reason). */
export function describeMessage(out: Output, message: WireMessage, label: string): string {
  const type = message.headers?.['ce-type'];
  const head = [out.style('bold', String(message.id ?? '')), type === undefined ? '' : out.style('cyan', type), out.style('dim', label)].filter((part) => part !== '').join('  ');
  return `${head}\n  ${dataText(message)}`;
}

export function dataText(message: WireMessage): string {
  if (message.data_base64 !== undefined) return `(${Buffer.from(message.data_base64, 'base64').byteLength} bytes, base64) ${message.data_base64.slice(0, 80)}`;
  if (message.data === undefined) return '(no data)';
  return typeof message.data === 'string' ? message.data : JSON.stringify(message.data);
}

/** `1 event`, `3 events`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
