// Benchmark helper (tools/bench/bench.ts), used only where /usr/bin/time is missing: writes this
// process's peak resident set size in KiB to $BENCH_RSS_FILE when it exits.
"use strict";
const fs = require("fs");
process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
