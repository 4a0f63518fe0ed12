/**
 * Queue declares the stream code makes that the broker may refuse (a passive declare of a missing
 * queue, a declare with other arguments, an exclusive queue another connection holds). A refusal
 * closes the channel it was made on, so each is made on a channel of its own: the connection's
 * shared channel carries other callers' declares at the same time (a daemon ensures its queues and
 * streams together), which would fail with it.
 */
import type { Connection, MethodParams, Cmd } from 'rabbitmq-client';

export async function declareAlone(connection: Connection, params: MethodParams[Cmd.QueueDeclare]): Promise<MethodParams[Cmd.QueueDeclareOK]> {
  const channel = await connection.acquire();
  try {
    return await channel.queueDeclare(params);
  } finally {
    if (channel.active) await channel.close().catch(() => undefined);
  }
}

/** Whether the queue exists (a passive declare). */
export async function queueExists(connection: Connection, queue: string): Promise<boolean> {
  try {
    await declareAlone(connection, { queue, passive: true });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return false;
    throw err;
  }
}
