/**
 * Synth benchmark (`npm run bench`). Not a test: it measures and reports, it never fails on
 * a slow machine (exit 0 unless a measured command itself fails).
 *
 *   node -r ./scripts/register-swc.js tools/bench/bench.ts [--runs 5] [--skip-jest] [--skip-cli]
 *        [--skip-barrel] [--vars vars.example.json] [--no-write]
 *
 * Measures, over --runs runs each (interleaved, so background load spreads evenly):
 *   - `cdktf synth --output <tmp>` of both stacks, end to end (CLI + app), CHECKPOINT_DISABLE=1;
 *   - the app's own synth: `node -r ./scripts/register-swc.js main.ts` with CDKTF_OUTDIR=<tmp>;
 *   - the app's peak RSS (/usr/bin/time -f %M, else a process.resourceUsage() probe);
 *   - the same app synth with barrel imports (the provider package root preloaded), the baseline;
 *   - `terraform version`, which the CLI runs several times per synth and the app once;
 * and once: the whole `npm test` (scripts/jest-with-typecheck.ts: the type check alongside every
 * jest suite, the emulator end-to-end included; install excluded), with the load average around
 * it, since on a 2-core machine other work on it changes the figure several-fold.
 * Prints a table with targets and writes docs/bench.json and docs/bench.md.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { METHOD, Row, table, verdict } from "./report-table";
import { appSynth, cliSynth, countTerraformCalls } from "./synth-measures";
import { hasTime, run, series, Series, Timed, tempDir } from "./timing";

const ROOT = path.resolve(__dirname, "..", "..");

/** A suite of jest's `--json` report, as far as the bench reads it. */
interface JestSuiteResult {
  readonly name: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly message?: string;
  readonly assertionResults?: ReadonlyArray<{ readonly status: string; readonly fullName: string; readonly failureMessages?: readonly string[] }>;
}

/** "FAILED <file> > <test>" with the first lines of its message, for every failed test (or suite that failed to run) of a jest report. */
function failedTests(results: readonly JestSuiteResult[]): string[] {
  const head = (m: string) => m.split("\n").slice(0, 12).join("\n");
  return results.flatMap((t) => {
    const file = path.relative(ROOT, t.name);
    const failed = (t.assertionResults ?? []).filter((a) => a.status === "failed");
    if (failed.length === 0) return t.message ? [`FAILED ${file}\n${head(t.message)}`] : [];
    return failed.map((a) => `FAILED ${file} > ${a.fullName}\n${head((a.failureMessages ?? []).join("\n"))}`);
  });
}

/** The jest workers `npm test` runs with (jest.config.js `maxWorkers`), for the label of the per-suite times. */
function jestWorkers(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS jest config, read as jest reads it
  const config = require(path.join(ROOT, "jest.config.js")) as { maxWorkers?: number | string };
  return String(config.maxWorkers ?? os.cpus().length - 1);
}
const NODE_BIN = process.execPath;
/** What `npm test` runs (package.json "test"), so the bench measures exactly that. */
const NPM_TEST = ["-r", "./scripts/register-swc.js", "scripts/jest-with-typecheck.ts"];

interface Options {
  runs: number;
  skipJest: boolean;
  skipCli: boolean;
  skipBarrel: boolean;
  vars: string;
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 5, skipJest: false, skipCli: false, skipBarrel: false, vars: "vars.example.json", write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs") o.runs = Number(argv[++i]);
    else if (a.startsWith("--runs=")) o.runs = Number(a.slice(7));
    else if (a === "--skip-jest") o.skipJest = true;
    else if (a === "--skip-cli") o.skipCli = true;
    else if (a === "--skip-barrel") o.skipBarrel = true;
    else if (a === "--vars") o.vars = argv[++i];
    else if (a.startsWith("--vars=")) o.vars = a.slice(7);
    else if (a === "--no-write") o.write = false;
    else {
      process.stderr.write(`unknown argument ${a}\nusage: bench.ts [--runs N] [--skip-jest] [--skip-cli] [--skip-barrel] [--vars FILE] [--no-write]\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error("--runs must be a positive integer");
  return o;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const vars = path.resolve(ROOT, o.vars);
  if (!fs.existsSync(vars)) throw new Error(`--vars ${o.vars}: not found`);
  const loadStart = os.loadavg();
  const started = new Date();
  const log = (m: string) => process.stderr.write(`${m}\n`);

  log(`bench: ${o.runs} runs each, vars ${path.relative(ROOT, vars)}, ${os.cpus().length} CPUs, load ${loadStart.map((l) => l.toFixed(2)).join(" ")}`);
  log("bench: warm-up (one app synth, not counted)");
  appSynth(vars);

  const app: Timed[] = [];
  const barrel: Timed[] = [];
  const cli: Timed[] = [];
  const tfVersion: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    log(`bench: run ${i + 1}/${o.runs}`);
    app.push(appSynth(vars));
    if (!o.skipBarrel) barrel.push(appSynth(vars, "./tools/bench/barrel-preload.js"));
    if (!o.skipCli) {
      cli.push(cliSynth(vars));
      const tv = run("terraform", ["version"], {}, { allowFail: true });
      if (tv.status === 0) tfVersion.push(tv.seconds);
    }
  }
  const calls = o.skipCli ? undefined : countTerraformCalls(vars);

  let jest: { seconds: number; status: number; summary: string; suites: Array<{ file: string; seconds: number }>; load: [number, number] } | undefined;
  if (!o.skipJest) {
    log("bench: npm test, whole (type check + every jest suite, e2e included; once)");
    const report = path.join(tempDir("jest"), "report.json");
    const loadBefore = os.loadavg()[0];
    // The extra arguments go to jest: a report file for the per-suite times, quiet console.
    const r = run(NODE_BIN, [...NPM_TEST, "--silent", "--json", `--outputFile=${report}`], {}, { allowFail: true });
    const summary = (r.stderr.match(/^Tests:.*$/m)?.[0] ?? "").replace(/\s+/g, " ").trim();
    let suites: Array<{ file: string; seconds: number }> = [];
    if (fs.existsSync(report)) {
      const j = JSON.parse(fs.readFileSync(report, "utf8")) as { testResults: JestSuiteResult[] };
      // A failing run still yields its figure, but says what failed: the figure of a red run is no measure of a green one.
      for (const line of failedTests(j.testResults)) process.stderr.write(`${line}\n`);
      suites = j.testResults
        .map((t) => ({ file: path.relative(ROOT, t.name), seconds: (t.endTime - t.startTime) / 1000 }))
        .sort((a, b) => b.seconds - a.seconds);
      fs.rmSync(path.dirname(report), { recursive: true, force: true });
    }
    jest = { seconds: r.seconds, status: r.status, summary, suites, load: [loadBefore, os.loadavg()[0]] };
  }

  const appS = series(
    "s",
    app.map((r) => r.seconds),
  );
  const appRss = series(
    "MB",
    app.map((r) => r.rssMb ?? NaN),
  );
  const rows: Row[] = [];
  let cliS: Series | undefined;
  if (cli.length) {
    cliS = series(
      "s",
      cli.map((r) => r.seconds),
    );
    rows.push({ key: "cdktfSynth", label: "`cdktf synth`, both stacks (CLI + app)", series: cliS, target: { max: 2, unit: "s", text: "≤ 2 s" } });
  }
  rows.push({ key: "appSynth", label: "app synth alone (`node main.ts`, no CLI)", series: appS });
  if (hasTime) {
    if (cli.length)
      rows.push({
        key: "cdktfSynthCpu",
        label: "CPU time (user+sys) of `cdktf synth`",
        series: series(
          "s",
          cli.map((r) => r.cpuSeconds ?? NaN),
        ),
      });
    rows.push({
      key: "appSynthCpu",
      label: "CPU time (user+sys) of the app synth",
      series: series(
        "s",
        app.map((r) => r.cpuSeconds ?? NaN),
      ),
    });
  }
  if (cliS) {
    const overhead = series(
      "s",
      cli.map((c, i) => c.seconds - app[i].seconds),
    );
    rows.push({ key: "cliOverhead", label: "CLI overhead (cdktf synth − app synth, per run)", series: overhead });
  }
  if (tfVersion.length) {
    const tv = series("s", tfVersion);
    rows.push({
      key: "terraformVersion",
      label: `one \`terraform version\`${calls ? ` (run ${calls.total}x per cdktf synth, ${calls.byApp}x of them by the app)` : ""}`,
      series: tv,
    });
  }
  rows.push({ key: "appPeakRss", label: "peak RSS of the app synth", series: appRss, target: { max: 300, unit: "MB", text: "≤ 300 MB" } });
  if (barrel.length) {
    const bS = series(
      "s",
      barrel.map((r) => r.seconds),
    );
    rows.push({ key: "barrelSynth", label: "baseline: app synth with barrel imports", series: bS });
    rows.push({
      key: "barrelPeakRss",
      label: "baseline: peak RSS with barrel imports",
      series: series(
        "MB",
        barrel.map((r) => r.rssMb ?? NaN),
      ),
    });
    rows.push({
      key: "speedup",
      label: "speed-up of deep imports (barrel ÷ deep, per run)",
      series: series(
        "x",
        barrel.map((b, i) => b.seconds / app[i].seconds),
      ),
    });
  }
  if (jest) {
    rows.push({
      key: "npmTest",
      label: `\`npm test\`, whole (type check + jest, e2e included; load ${jest.load[0].toFixed(1)} → ${jest.load[1].toFixed(1)})${jest.summary ? `: ${jest.summary}` : ""}${jest.status ? " — FAILED" : ""}`,
      series: series("s", [jest.seconds]),
      target: { max: 180, unit: "s", text: "≤ 180 s" },
    });
  }

  const loadEnd = os.loadavg();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadStart.map((l) => Number(l.toFixed(2))),
    loadAverageAtEnd: loadEnd.map((l) => Number(l.toFixed(2))),
  };
  const md = table(rows);
  const slowest = jest?.suites.length
    ? `Slowest jest suites (wall time per suite; ${jestWorkers()} jest workers on ${machine.cpus} CPUs): ${jest.suites
        .slice(0, 5)
        .map((t) => `${t.file} ${t.seconds.toFixed(1)} s`)
        .join(", ")}.`
    : "";
  process.stdout.write(`\n${md}\n\n${slowest ? `${slowest}\n` : ""}`);
  process.stdout.write(
    `${os.cpus().length} CPUs, ${machine.cpuModel}, node ${process.version}; load average ${loadStart[0].toFixed(2)} at start, ${loadEnd[0].toFixed(2)} at end.\n`,
  );

  if (!o.write) return;
  const json = {
    date: started.toISOString(),
    runs: o.runs,
    vars: path.relative(ROOT, vars),
    rssMethod: hasTime ? "/usr/bin/time -f %M" : "process.resourceUsage().maxRSS probe",
    machine,
    terraformCallsPerCdktfSynth: calls ?? null,
    jestSuites: jest?.suites ?? null,
    results: Object.fromEntries(
      rows.map((r) => [
        r.key,
        {
          label: r.label,
          ...(r.series ? { unit: r.series.unit, min: r.series.min, median: r.series.median, max: r.series.max, samples: r.series.samples } : {}),
          ...(r.target ? { target: `<= ${r.target.max} ${r.target.unit}`, result: verdict(r) } : {}),
        },
      ]),
    ),
  };
  fs.writeFileSync(path.join(ROOT, "docs", "bench.json"), `${JSON.stringify(json, null, 2)}\n`);
  const doc = [
    "<!-- Generated by `npm run bench` (tools/bench/bench.ts); do not edit. -->",
    `Measured ${started.toISOString().slice(0, 10)} on ${machine.cpus} CPUs (${machine.cpuModel}), node ${process.version}, ${o.runs} runs each, ${path.relative(ROOT, vars)}; load average ${loadStart[0].toFixed(2)} → ${loadEnd[0].toFixed(2)}. Targets are judged on the median.`,
    "",
    md,
    "",
    ...(slowest ? [slowest, ""] : []),
    METHOD,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(ROOT, "docs", "bench.md"), doc);
  log("bench: wrote docs/bench.json and docs/bench.md");
}

main();
