/** outrigger.v1.MetaService: GetMeta, the same document as GET /v1/meta. */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { unary, type Gate } from './call.js';
import type { GrpcContext } from './context.js';

export function metaService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  return {
    GetMeta: unary(ctx, gate, 'meta', () => '', async () => {
      const meta = ctx.interactions.meta();
      return {
        appId: meta.appId,
        development: meta.development,
        brokers: meta.brokers,
        queues: meta.resources.queues,
        topics: meta.resources.topics,
        streams: meta.resources.streams,
        targets: meta.resources.targets,
        subscriptions: meta.subscriptions.map((s) => {
          const from = s.from as { kind: string; queue?: string; topic?: string; stream?: string; group?: string };
          return {
            name: s.name,
            sourceKind: from.kind,
            source: from.queue ?? from.topic ?? from.stream ?? '',
            group: from.group ?? '',
            deliver: s.deliver ?? '',
            state: s.state,
          };
        }),
      };
    }),
  };
}
