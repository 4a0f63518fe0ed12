/**
 * Every verb's usage, and the overview `outrigger --help` prints. The environment variables,
 * ports and data files come from the config defaults, so the help cannot drift from them.
 */
import { defaults } from '../config/defaults.js';
import { envOverrides } from '../config/env-overrides.js';
import type { VerbContext } from './context.js';
import { exitCodes } from './failures.js';

const connection = `  -c, --config FILE   read server.httpAddr and server.apiToken from this config (else OUTRIGGER_CONFIG)
      --url URL       the sidecar's HTTP API (else OUTRIGGER_HTTP_ADDR, the config, ${defaults.httpAddr})
      --json          JSON lines on stdout (the default when stdout is not a terminal)`;

const eventFlags = `      --type T  --subject S  --id ID  --source URI  --time RFC3339   CloudEvents attributes
      --ext name=value        a CloudEvents extension (repeatable)
      --content-type TYPE     of the data (guessed: application/json, text/plain or octet-stream)
      --idempotency-key KEY   a repeat within the dedup window is answered with the first id`;

const data = `DATA is the message itself, @FILE for a file's bytes, or - for stdin (read when piped and DATA is absent).`;

export const verbUsage: Record<string, string> = {
  run: `outrigger [run] [--config FILE] [--dev]
Runs the sidecar. With no config file (--config, OUTRIGGER_CONFIG) it runs in development mode on
the embedded broker (resources created on first use, data in <dataDir>/${defaults.developmentDataFile}),
except with NODE_ENV=production, where a missing config is refused unless --dev asks for it.
  -c, --config FILE   the configuration file
      --dev           development mode even with NODE_ENV=production (not with --config)`,
  validate: `outrigger validate [FILE] [--json]
Checks a config file exactly as start-up would and lists every problem (FILE, else --config, else OUTRIGGER_CONFIG).`,
  schema: `outrigger schema
Prints the config file's JSON Schema (for editor completion).`,
  publish: `outrigger publish <topic> [DATA] [flags]
Publishes an event; prints its id once the broker has accepted it. ${data}
${eventFlags}
      --ordering-key KEY      subscribers get events with one key one at a time, in order
${connection}`,
  send: `outrigger send <queue> [DATA] [flags]
Sends a command to a queue; prints its id. ${data}
${eventFlags}
      --ordering-key KEY      one at a time per key, in order
      --delay D | --not-before RFC3339   deliver later (D: 500ms, 30s, 5m)
      --ttl D                 dropped if not delivered within D
${connection}`,
  append: `outrigger append <stream> [DATA] [flags]
Appends an event to a stream; prints id, partition and offset. ${data}
${eventFlags}
      --partition-key KEY | --partition N
${connection}`,
  receive: `outrigger receive <queue> [--max N] [--wait D] [--ack | --nack [--retry-after D] | --dead-letter [--reason R]]
Pulls messages from a queue and prints them. Without a settle flag they stay leased until the
lease runs out (then they are delivered again); settle later with 'outrigger ack|nack'.
      --max N           at most N messages (1-1000, default 1)
      --wait D          wait up to D for the first message (default 0, at most 60s)
      --ack             acknowledge each message once printed
      --nack            hand each back for another delivery (--retry-after D: not before D)
      --dead-letter     dead-letter each (--reason R says why)
${connection}`,
  ack: `outrigger ack <queue> <lease>
Acknowledges a pulled message by the lease 'receive' printed.
${connection}`,
  nack: `outrigger nack <queue> <lease> [--retry-after D] [--dead-letter [--reason R]]
Hands a pulled message back, or dead-letters it.
${connection}`,
  tail: `outrigger tail <stream | queue-or-subscription> [--from P] [--partition N] [--limit N] [--no-follow] [--deadletter]
Prints a stream's events, then follows new ones until interrupted. A configured queue or
subscription name (or --deadletter) tails its dead letters instead.
      --from P          earliest (default), latest, an offset, or an RFC 3339 time
      --partition N     one partition only
      --limit N         stop after N events
      --no-follow       stop at the current end
      --deadletter      the name is a queue or subscription: tail its dead letters
${connection}`,
  deadletter: `outrigger deadletter list <queue-or-subscription> [--limit N]
outrigger deadletter redrive <queue-or-subscription> [--ids ID,ID...]
Lists dead letters oldest first, or moves them back for delivery (all, or the given ids).
      --limit N         list at most N (1-1000, default 100)
      --ids IDS         redrive only these, comma-separated
${connection}`,
  meta: `outrigger meta
Shows the sidecar's app id, brokers and their state, resources and subscriptions.
${connection}`,
  inject: `outrigger inject [FILE | -] [flags]
Adds Outrigger as a native sidecar to each Deployment, StatefulSet, DaemonSet, Job and CronJob in
Kubernetes YAML (a file, else stdin; Lists and multi-document files too) and prints the result:
  outrigger inject app.yaml | kubectl apply -f -
Injecting twice changes nothing. Anything it cannot inject is refused with the reason.
      --image IMAGE          the Outrigger image (default ${'outrigger:<version>'})
      --config-map NAME      ConfigMap holding outrigger.yaml (default <workload>-outrigger-config)
      --secret NAME          Secret holding the API token under key api-token (default <workload>-outrigger-secrets)
      --app-port N           where pushes go: http://127.0.0.1:N (default: the first container port)
      --grace-period D       Outrigger's shutdown.gracePeriod the pod's termination period must cover (default 30s)`,
  version: `outrigger version [--json]
Prints the CLI's version and the Node.js it runs on.`,
};

export function overview(): string {
  const variables = [
    ['OUTRIGGER_CONFIG', 'the config file (as --config)'],
    ...envOverrides.map(({ variable, path }) => [variable, `overrides ${path.join('.')}`]),
    ['NODE_ENV', 'production: no config file is refused instead of running development mode'],
    ['NO_COLOR', 'no colour in terminal output'],
  ];
  const width = Math.max(...variables.map(([name]) => name!.length));
  return `Outrigger: a per-pod sidecar for messaging, and the CLI to talk to it.

Usage:
  outrigger [run] [--config FILE] [--dev]   run the sidecar
  outrigger <verb> [args] [--help]

Verbs:
  validate [FILE]              check a config file, every problem at once
  schema                       print the config JSON Schema
  publish <topic> [DATA]       publish an event
  send <queue> [DATA]          send a command
  append <stream> [DATA]       append to a stream
  receive <queue>              pull messages (--ack, --nack, --dead-letter)
  ack|nack <queue> <lease>     settle a pulled message
  tail <stream|name>           follow a stream, or a queue's dead letters
  deadletter list|redrive <n>  dead letters of a queue or subscription
  meta                         brokers, resources, subscriptions
  inject [FILE]                add the sidecar to Kubernetes workloads
  version                      the CLI's version

Environment:
${variables.map(([name, text]) => `  ${name!.padEnd(width)}  ${text}`).join('\n')}

Ports (defaults): HTTP API ${defaults.httpAddr}, gRPC API ${defaults.grpcAddr}, admin ${defaults.adminAddr} (/healthz, /readyz, /metrics).
Data: the embedded broker's file is <dataDir>/outrigger.db (dataDir ${defaults.dataDir}, OUTRIGGER_DATA_DIR);
development mode uses <dataDir>/${defaults.developmentDataFile}.
The CLI verbs talk to a running sidecar's HTTP API, with OUTRIGGER_API_TOKEN (or server.apiToken) as the token.

Exit codes: 0 ok, 1 failed (the sidecar's error answer, or a failed check), 2 usage error, 3 sidecar unreachable.`;
}

/** `<verb> --help`: the verb's usage on stdout, exit 0. */
export function help(context: Pick<VerbContext, 'streams'>, verb: string): number {
  context.streams.stdout.write(`${verbUsage[verb] ?? overview()}\n`);
  return exitCodes.ok;
}
