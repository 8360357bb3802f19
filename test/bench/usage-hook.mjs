// Preloaded into iacgen (`node --import <this> bin/iacgen.js ...`) by the benchmark's memory
// pass: at exit, writes iacgen's own resource usage (not its checker children's) to the file
// named by IACGEN_BENCH_USAGE_FILE. maxRSS is in KiB, CPU times in microseconds (Node's
// process.resourceUsage(), i.e. getrusage(RUSAGE_SELF)).
import { writeFileSync } from 'node:fs';

const file = process.env.IACGEN_BENCH_USAGE_FILE;
// Children (a forked worker, say) must not overwrite the file with their own figures.
delete process.env.IACGEN_BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 }));
  });
}
