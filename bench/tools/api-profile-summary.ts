/**
 * Where a daemon's time goes, for the API benchmarks: the self-time summary of
 * bench/lib/cpu-profile.ts plus inclusive time per function and file (bench/lib/grpc-profile.ts).
 * Usage:
 *   node dist/bench/tools/api-profile-summary.js <file.cpuprofile> [topN=40] [filter-substring]
 * (a filter keeps only the functions whose "name  file:line" contains the substring).
 */
import { summariseProfile } from '../lib/cpu-profile.js';
import { inclusiveTimes } from '../lib/grpc-profile.js';

const [file, n, filter] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: api-profile-summary <file.cpuprofile> [topN=40] [filter-substring]');
  process.exit(2);
}
console.log(summariseProfile(file, Number(n ?? 40)));
console.log('');
console.log(inclusiveTimes(file, Number(n ?? 40), filter));
