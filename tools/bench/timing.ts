/**
 * Timing of the bench: runs a command and measures its wall time, and with `rss` its peak RSS
 * and CPU time (/usr/bin/time, else the rss-probe.js preload); samples and their min, median, max.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const TIME_BIN = "/usr/bin/time";

/** Samples and their summary. */
export interface Series {
  readonly unit: "s" | "MB" | "x";
  readonly samples: number[];
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function series(unit: Series["unit"], samples: number[]): Series {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { unit, samples, min: s[0], median, max: s[s.length - 1] };
}

export interface Timed {
  seconds: number;
  rssMb?: number;
  /** user + system CPU seconds of the process tree (only with /usr/bin/time). */
  cpuSeconds?: number;
  stdout: string;
  stderr: string;
}

export const hasTime = fs.existsSync(TIME_BIN);

/** Runs a command, timing it; with `rss`, also its peak RSS. Throws when it fails. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: { rss?: boolean; allowFail?: boolean } = {}): Timed & { status: number } {
  let file = cmd;
  let argv = args;
  let rssFile: string | undefined;
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", ...env };
  if (opts.rss && hasTime) {
    file = TIME_BIN;
    argv = ["-f", "BENCH_MAXRSS_KB=%M BENCH_CPU=%U+%S", cmd, ...args];
  } else if (opts.rss) {
    rssFile = path.join(os.tmpdir(), `bench-rss-${process.pid}-${Date.now()}`);
    fullEnv.BENCH_RSS_FILE = rssFile;
    argv = ["-r", path.join(__dirname, "rss-probe.js"), ...args];
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd: ROOT, env: fullEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw r.error;
  const status = r.status ?? -1;
  if (status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${status}):\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-2000)}`);
  let rssMb: number | undefined;
  let cpuSeconds: number | undefined;
  if (opts.rss && hasTime) {
    const m = /BENCH_MAXRSS_KB=(\d+) BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
    if (m) {
      rssMb = Number(m[1]) / 1024;
      cpuSeconds = Number(m[2]) + Number(m[3]);
    }
  } else if (rssFile && fs.existsSync(rssFile)) {
    rssMb = Number(fs.readFileSync(rssFile, "utf8")) / 1024;
    fs.rmSync(rssFile, { force: true });
  }
  return { seconds, rssMb, cpuSeconds, stdout: r.stdout, stderr: r.stderr, status };
}

/** A fresh temporary directory for one measure. */
export function tempDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bench-${tag}-`));
}
