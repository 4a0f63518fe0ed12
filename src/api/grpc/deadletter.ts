/** outrigger.v1.DeadLetterService: ListDeadLetters and Redrive, for queues and topic subscriptions. */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { OutriggerError } from '../../kernel/errors.js';
import { unary, type Gate } from './call.js';
import { messageFromStored } from './cloudevents.js';
import type { GrpcContext } from './context.js';
import { countOr, requireName } from './fields.js';
import { msToTimestamp } from './messages.js';

interface ListRequest {
  name: string;
  limit: number;
}

interface RedriveRequest {
  name: string;
  ids: string[];
  all: boolean;
}

export function deadLetterService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  const { interactions } = ctx;
  return {
    ListDeadLetters: unary(ctx, gate, 'deadletter', (r: ListRequest) => r.name, async (request) => {
      const name = requireName(request.name, 'name');
      const letters = await interactions.deadLetters(name, countOr(request.limit, 100, 1000, 'limit'));
      return {
        deadLetters: letters.map((letter) => {
          const { event, metadata } = messageFromStored(letter.headers, letter.data);
          return {
            id: letter.id,
            reason: letter.reason,
            attempts: letter.attempts,
            enqueuedAt: msToTimestamp(letter.enqueuedAt),
            deadLetteredAt: msToTimestamp(letter.deadLetteredAt),
            orderingKey: letter.orderingKey ?? '',
            event,
            metadata,
          };
        }),
      };
    }),

    Redrive: unary(ctx, gate, 'redrive', (r: RedriveRequest) => r.name, async (request) => {
      const name = requireName(request.name, 'name');
      if (request.all && request.ids.length > 0) throw new OutriggerError('bad_request', "give 'ids' or set 'all', not both");
      if (!request.all && request.ids.length === 0) throw new OutriggerError('bad_request', "give the 'ids' to redrive, or set 'all' to redrive every dead letter");
      const redriven = await interactions.redrive(name, request.all ? undefined : request.ids);
      return { redriven };
    }),
  };
}
