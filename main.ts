/**
 * Entry point of `cdktf synth`: loads vars.json (or $JENKINS_VARS, or vars.example.json),
 * validates it, and only then synthesizes both stacks. A bad configuration exits non-zero
 * before anything is written, so the previous cdktf.out stays as it was.
 */
import * as fs from "fs";
import * as path from "path";
import { App } from "./lib/cdktf-core";
import { buildProject } from "./lib/app";
import { ConfigError, loadConfig } from "./lib/config/load-config";
import { removeSynthTemp } from "./lib/constructs/foundation/synth-temp";

/**
 * Synthesizes into a fresh sibling of `target` and swaps it in only when every stack passed
 * its validations (the policy pack), so a failing synth leaves the previous output as it was.
 */
function synthInto(target: string, build: (outdir: string) => App): void {
  const staging = `${target}.staging-${process.pid}-${Date.now()}`;
  try {
    build(staging).synth();
    const old = `${target}.old-${process.pid}-${Date.now()}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    removeSynthTemp();
  }
}

/**
 * Runs the app in `cwd` and returns the process exit code: 0 after a synth, 1 (with the
 * problems written to `stderr`) when the configuration is invalid or a stack fails the policy
 * pack. Warnings (settings without effect) go to `stderr` too. `outdir` defaults to
 * CDKTF_OUTDIR as set by the cdktf CLI.
 */
export function run(cwd: string, env: NodeJS.ProcessEnv, stderr: (text: string) => void, outdir?: string): number {
  let loaded;
  try {
    loaded = loadConfig(cwd, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      stderr(`\n${e.message}\n\nNothing was synthesized.\n`);
      return 1;
    }
    throw e;
  }
  if (loaded.warnings.length)
    stderr(`\nWarnings for ${path.basename(loaded.file)} (settings without effect):\n${loaded.warnings.map((w) => `  - ${w}`).join("\n")}\n`);
  const target = path.resolve(cwd, outdir ?? env.CDKTF_OUTDIR ?? "cdktf.out");
  try {
    // No stack traces in annotations: they would put this machine's paths into manifest.json.
    synthInto(target, (dir) => buildProject(loaded.config, new App({ stackTraces: false, outdir: dir })).app);
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (/^Validation failed/.test(message)) {
      stderr(`\n${message.replace(/\n*If you wish to ignore these validations.*$/s, "")}\n\nNothing was synthesized; ${target} is unchanged.\n`);
      return 1;
    }
    throw e;
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.cwd(), process.env, (t) => process.stderr.write(t));
}
