/**
 * OUTRIGGER_* variables that override the file. They are written into the document before
 * validation, so they are checked exactly like the file's own values, and a problem with one
 * names the variable that set it.
 */
import type { Path, ProblemList } from './problems.js';
import { isRecord } from './raw.js';

/**
 * `onlyIfPresent`: the variable moves a listener of an opt-in section (`dapr:`) but never turns
 * the section on — a cluster-wide env block must not open a port the config did not ask for.
 */
export const envOverrides: ReadonlyArray<{ variable: string; path: Path; onlyIfPresent?: true }> = [
  { variable: 'OUTRIGGER_HTTP_ADDR', path: ['server', 'httpAddr'] },
  { variable: 'OUTRIGGER_GRPC_ADDR', path: ['server', 'grpcAddr'] },
  { variable: 'OUTRIGGER_ADMIN_ADDR', path: ['server', 'adminAddr'] },
  { variable: 'OUTRIGGER_WEBHOOK_ADDR', path: ['server', 'webhookAddr'] },
  { variable: 'OUTRIGGER_DAPR_HTTP_ADDR', path: ['dapr', 'httpAddr'], onlyIfPresent: true },
  { variable: 'OUTRIGGER_DAPR_GRPC_ADDR', path: ['dapr', 'grpcAddr'], onlyIfPresent: true },
  { variable: 'OUTRIGGER_API_TOKEN', path: ['server', 'apiToken'] },
  { variable: 'OUTRIGGER_ALLOW_REMOTE_WITHOUT_TOKEN', path: ['server', 'allowRemoteWithoutToken'] },
  { variable: 'OUTRIGGER_DATA_DIR', path: ['dataDir'] },
  { variable: 'OUTRIGGER_LOG_LEVEL', path: ['logging', 'level'] },
  { variable: 'OUTRIGGER_APP_ID', path: ['app', 'id'] },
  { variable: 'OUTRIGGER_APP_URL', path: ['app', 'url'] },
];

/**
 * Empty values count as unset: an optional Secret mapped to an env var arrives as "", and
 * that should leave the file's value alone rather than blank it.
 */
export function applyEnvOverrides(doc: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: ProblemList): void {
  for (const { variable, path, onlyIfPresent } of envOverrides) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (onlyIfPresent && doc[String(path[0])] === undefined) continue;
    if (setAt(doc, path, value)) problems.setOrigin(path, variable);
  }
}

/** False when a section on the way is not a mapping (the schema reports that). */
function setAt(doc: Record<string, unknown>, path: Path, value: string): boolean {
  let node = doc;
  for (const segment of path.slice(0, -1)) {
    const key = String(segment);
    if (node[key] === undefined) node[key] = {};
    const next = node[key];
    if (!isRecord(next)) return false;
    node = next;
  }
  node[String(path.at(-1))] = value;
  return true;
}
