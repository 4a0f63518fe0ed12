/**
 * The Event Grid test server as its own process, for the benchmarks: prints {"port":N} once
 * listening, exits on SIGTERM. Argument: the access key (Base64).
 *   node dist/bench/tools/eventgrid-server.js <key>
 */
import { startEventGridServer } from '../../test/infra/eventgrid-server/server.js';

const server = await startEventGridServer({ key: process.argv[2] });
process.stdout.write(`${JSON.stringify({ port: Number(new URL(server.url).port) })}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
