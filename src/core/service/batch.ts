/**
 * Batch publish with partial success: entries that cannot be read are refused one by one, the
 * rest go to the broker together, and each entry is answered by its index.
 */
import { OutriggerError, toOutriggerError } from '../../kernel/errors.js';
import type { SendReceipt } from '../../kernel/messages.js';
import type { CloudEvent } from '../cloudevents.js';
import { maxBatchEntries } from './limits.js';

export type BatchEntryResult = { index: number; accepted: SendReceipt } | { index: number; refused: OutriggerError };

/**
 * `read` turns one entry of the wire format into an event, throwing when it cannot; `publish`
 * sends the readable ones in order and answers a receipt for each.
 */
export async function publishBatch<Entry>(
  entries: readonly Entry[],
  read: (entry: Entry, index: number) => CloudEvent,
  publish: (events: CloudEvent[]) => Promise<SendReceipt[]>,
): Promise<BatchEntryResult[]> {
  if (entries.length > maxBatchEntries) {
    throw new OutriggerError('payload_too_large', `a batch holds at most ${maxBatchEntries} events`, { extensions: { limit: maxBatchEntries } });
  }
  const results: BatchEntryResult[] = new Array<BatchEntryResult>(entries.length);
  const valid: CloudEvent[] = [];
  const validIndexes: number[] = [];
  entries.forEach((entry, index) => {
    try {
      valid.push(read(entry, index));
      validIndexes.push(index);
    } catch (err) {
      results[index] = { index, refused: toOutriggerError(err) };
    }
  });
  if (valid.length > 0) {
    const receipts = await publish(valid);
    validIndexes.forEach((index, i) => {
      const receipt = receipts[i];
      if (receipt === undefined) throw new OutriggerError('internal', 'the broker returned no receipt');
      results[index] = { index, accepted: receipt };
    });
  }
  return results;
}
