/** The synth measures of the bench: the app's own synth, `cdktf synth` end to end, and how often one synth runs terraform. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { hasTime, run, Timed, tempDir } from "./timing";

const ROOT = path.resolve(__dirname, "..", "..");
const NODE_BIN = process.execPath;
const CDKTF_BIN = path.join(ROOT, "node_modules", ".bin", "cdktf");

function assertStacks(outdir: string): void {
  for (const stack of ["state", "jenkins"]) {
    const f = path.join(outdir, "stacks", stack, "cdk.tf.json");
    if (!fs.existsSync(f)) throw new Error(`synth did not write ${f}`);
  }
}

/** The app synth, optionally with a preload (the barrel baseline). */
export function appSynth(vars: string, preload?: string): Timed {
  const outdir = tempDir("app");
  try {
    const args = ["-r", "./scripts/register-swc.js", ...(preload ? ["-r", preload] : []), "main.ts"];
    const r = run(NODE_BIN, args, { CDKTF_OUTDIR: outdir, JENKINS_VARS: vars }, { rss: true });
    assertStacks(outdir);
    return r;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** `cdktf synth` of both stacks, end to end (CLI + app). */
export function cliSynth(vars: string): Timed {
  const outdir = tempDir("cli");
  try {
    const r = run(CDKTF_BIN, ["synth", "--output", outdir], { JENKINS_VARS: vars }, { rss: hasTime });
    assertStacks(outdir);
    return r;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** How often one `cdktf synth` runs terraform: a counting shim first on PATH. */
export function countTerraformCalls(vars: string): { total: number; byApp: number } | undefined {
  const real = spawnSync("sh", ["-c", "command -v terraform"], { encoding: "utf8" }).stdout.trim();
  if (!real) return undefined;
  const dir = tempDir("shim");
  const log = path.join(dir, "calls.log");
  fs.writeFileSync(path.join(dir, "terraform"), `#!/bin/sh\necho "$PPID $*" >> ${JSON.stringify(log)}\nexec ${JSON.stringify(real)} "$@"\n`, { mode: 0o755 });
  const outdir = tempDir("cli");
  try {
    run(CDKTF_BIN, ["synth", "--output", outdir], { JENKINS_VARS: vars, PATH: `${dir}${path.delimiter}${process.env.PATH}` });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [];
    // The app's validation runs `terraform version` through /bin/sh -c; the CLI runs `version -json` / `-v`.
    const byApp = calls.filter((c) => / version$/.test(c)).length;
    return { total: calls.length, byApp };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
