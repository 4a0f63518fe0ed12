/** `meta`: what the sidecar runs, in a few lines. */
import { connectionOptions, parseVerb, positionals } from '../args.js';
import { SidecarClient } from '../client.js';
import type { VerbContext } from '../context.js';
import { exitCodes } from '../failures.js';
import { Output } from '../output.js';
import { help } from '../usage.js';

interface MetaDocument {
  appId: string;
  development: boolean;
  brokers: Array<{ name: string; driver: string; connected: boolean }>;
  resources: Record<string, Record<string, { broker?: string }>>;
  subscriptions: Array<{ name: string; from: Record<string, unknown>; deliver: string | null; state: string }>;
}

export async function meta(context: VerbContext): Promise<number> {
  const { values, positionals: given } = parseVerb(context.args, connectionOptions);
  if (values.help) return help(context, 'meta');
  positionals(given, []);
  const out = new Output(context.streams, { json: values.json === true });
  const document = await SidecarClient.from(values, context.env).json<MetaDocument>('GET', '/v1/meta');
  out.result(document, () => {
    const lines = [`${out.style('bold', document.appId)}${document.development ? out.style('yellow', '  development mode') : ''}`, 'brokers:'];
    for (const broker of document.brokers) lines.push(`  ${broker.name} (${broker.driver}) ${broker.connected ? out.style('green', 'connected') : out.style('red', 'not connected')}`);
    for (const [kind, entries] of Object.entries(document.resources)) {
      const names = Object.entries(entries).map(([name, entry]) => (entry.broker === undefined ? name : `${name} (${entry.broker})`));
      if (names.length > 0) lines.push(`${kind}: ${names.join(', ')}`);
    }
    if (document.subscriptions.length > 0) lines.push('subscriptions:');
    for (const s of document.subscriptions) {
      const from = Object.entries(s.from).filter(([key]) => key !== 'kind').map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
      lines.push(`  ${s.name}: ${from} -> ${s.deliver ?? 'consume (gRPC)'}  ${s.state === 'running' ? out.style('green', s.state) : out.style('yellow', s.state)}`);
    }
    return lines.join('\n');
  });
  return exitCodes.ok;
}
