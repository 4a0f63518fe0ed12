/**
 * Prints the top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`). Usage:
 *   node dist/bench/tools/cpu-profile-top.js <file.cpuprofile> [topN=25] [function-to-split-by-caller ...]
 */
import { summariseProfile } from '../lib/cpu-profile.js';

const [file, n, ...split] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: cpu-profile-top <file.cpuprofile> [topN]');
  process.exit(2);
}
console.log(summariseProfile(file, Number(n ?? 25), split));
