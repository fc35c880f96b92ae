/**
 * Test support for the emulator end-to-end (__tests__/e2e/e2e.moto.test.ts): commands run in
 * the background with their output in a file, waiting for a background apply to create given
 * resources, the changes of a plan for failure messages, and the cdktf CLI's round trip of a
 * second `state` stack through the test-only app entry (tools/emulator/emulator-app.ts); the
 * timed terraform runs and the timings table the suite prints.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { offlineEnv, terraform, TerraformRun } from "../../tools/terraform/offline-terraform";
import { EMULATOR_ENDPOINT_ENV } from "../../tools/emulator/emulator-app";
import type { MotoInventory, MotoServer } from "./moto";
import { ROOT } from "./project";

/** Output of a command run in the background. */
export interface BackgroundRun {
  readonly status: number;
  readonly seconds: number;
  readonly output: string;
}

/** Runs a command with its output in a file (never a pipe, so synchronous terraform runs cannot stall it). */
export function runInBackground(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<BackgroundRun> {
  const t0 = Date.now();
  const fd = fs.openSync(logFile, "w");
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", fd, fd] });
  fs.closeSync(fd);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve({ status: code ?? -1, seconds: (Date.now() - t0) / 1000, output: fs.readFileSync(logFile, "utf8") }));
  });
}

/**
 * Waits until a background `terraform apply` (output in `logFile`) reports each of `addresses`
 * created; fails if the apply ends first without them, or after `timeoutMs`.
 */
export async function untilCreated(logFile: string, addresses: string[], apply: Promise<BackgroundRun>, timeoutMs: number): Promise<void> {
  let ended: BackgroundRun | undefined;
  void apply.then(
    (r) => (ended = r),
    () => undefined,
  );
  const t0 = Date.now();
  for (;;) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
    const missing = addresses.filter((a) => !log.includes(`${a}: Creation complete`));
    if (missing.length === 0) return;
    if (ended) throw new Error(`terraform apply ended (exit ${ended.status}) before creating ${missing.join(", ")}:\n${ended.output.slice(-6000)}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${missing.join(", ")} not created after ${timeoutMs / 1000} s:\n${log.slice(-6000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Addresses of the resources of `types` in a synthesized stack directory's cdk.tf.json. */
export function addressesOf(stackDir: string, types: string[]): string[] {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, unknown>> };
  return types.flatMap((t) => Object.keys(json.resource[t] ?? {}).map((name) => `${t}.${name}`));
}

/** The lines of a plan that say what would change, for failure messages. */
export function planChanges(run: TerraformRun): string {
  const lines = run.stdout.split("\n");
  const changed = lines.filter((l) => /^\s*# .* (will|must) be|^\s+[~+-] |^Plan:/.test(l));
  return `${changed.join("\n")}\n${run.stderr}`.slice(0, 12000);
}

/** What {@link cliDeployAndDestroy} did: the deploy, what the emulator held after it, the destroy (absent when the deploy failed). */
export interface CliRoundTrip {
  readonly deploy: BackgroundRun;
  readonly held: MotoInventory;
  readonly destroy?: BackgroundRun;
}

/**
 * `cdktf deploy state` then `cdktf destroy state` through the emulator app entry, in `dir` (its
 * own output directory and vars file `vars` names), against `server`; `region`: where to list
 * what the deploy created.
 */
export async function cliDeployAndDestroy(opts: { dir: string; vars: string; server: MotoServer; region: string }): Promise<CliRoundTrip> {
  const { dir, vars, server } = opts;
  // TF_CLI_CONFIG_FILE: the provider mirror and its plugin cache. CDKTF_DISABLE_PLUGIN_CACHE_ENV
  // keeps the CLI from pointing TF_PLUGIN_CACHE_DIR at (and creating) ~/.terraform.d/plugin-cache.
  const env = offlineEnv({
    JENKINS_VARS: vars,
    [EMULATOR_ENDPOINT_ENV]: server.endpoint,
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
    FORCE_COLOR: "0",
  });
  const cdktf = path.join(ROOT, "node_modules", ".bin", "cdktf");
  // The test-only app entry: main.ts's synth, then the emulator output derived from it.
  const app = `node -r ${path.join(ROOT, "scripts", "register-swc.js")} ${path.join(ROOT, "tools", "emulator", "emulator-app.ts")}`;
  const common = ["--auto-approve", "--app", app, "--output", path.join(dir, "cdktf.out"), "--skip-provider-lock", "--no-color"];
  const deploy = await runInBackground(cdktf, ["deploy", "state", ...common], ROOT, env, path.join(dir, "deploy.log"));
  if (deploy.status !== 0) return { deploy, held: {} };
  const held = server.inventory(opts.region);
  // jenkins always depends on state; destroying state alone needs the flag.
  const destroy = await runInBackground(
    cdktf,
    ["destroy", "state", "--ignore-missing-stack-dependencies", ...common],
    ROOT,
    env,
    path.join(dir, "destroy.log"),
  );
  return { deploy, held, destroy };
}

/** The suite's timings as a Markdown table (what docs/emulator.md quotes), with the whole suite's wall clock. */
export function timingTable(timings: [string, number][], wallClockSeconds: number): string {
  const row = (step: string, s: string) => `| ${step.padEnd(50)} | ${s.padStart(7)} |`;
  return [
    "AWS API emulator e2e timings (moto_server, offline terraform)",
    row("step", "seconds"),
    `|${"-".repeat(52)}|${"-".repeat(9)}|`,
    ...timings.map(([step, s]) => row(step, s.toFixed(1))),
    row("wall clock, whole suite (CLI runs alongside)", wallClockSeconds.toFixed(1)),
  ].join("\n");
}

/**
 * terraform in a stack directory, each run's time recorded in `timings` under its label: `tf`
 * in the foreground (fails with its output unless the exit status is in `okStatuses`),
 * `tfInBackground` with its output in a file under `logDir()`.
 */
export function timedTerraform(timings: [string, number][], logDir: () => string) {
  const tf = (label: string, dir: string, args: string[], okStatuses = [0]): TerraformRun => {
    const r = terraform(dir, [...args, "-no-color", "-input=false"]);
    timings.push([label, r.seconds]);
    if (!okStatuses.includes(r.status)) throw new Error(`${label}: terraform ${args.join(" ")} exited ${r.status}\n${r.stderr}\n${r.stdout.slice(-6000)}`);
    return r;
  };
  const tfInBackground = (label: string, dir: string, args: string[]): Promise<TerraformRun> => {
    const log = path.join(logDir(), `${label.replace(/[^a-z0-9]+/gi, "-")}.log`);
    return runInBackground("terraform", [...args, "-no-color", "-input=false"], dir, offlineEnv(), log).then((r) => {
      timings.push([label, r.seconds]);
      return { status: r.status, stdout: r.output, stderr: "", seconds: r.seconds };
    });
  };
  return { tf, tfInBackground };
}

/** Both stacks re-planned side by side in the background with `-detailed-exitcode` (exit 0: no changes); a rejection is left to whoever awaits. */
export function replansInBackground(tfInBackground: ReturnType<typeof timedTerraform>["tfInBackground"], jenkinsDir: string, stateDir: string) {
  const both = Promise.all([
    tfInBackground("jenkins: re-plan (-detailed-exitcode)", jenkinsDir, ["plan", "-detailed-exitcode"]),
    tfInBackground("state: re-plan (-detailed-exitcode, alongside)", stateDir, ["plan", "-detailed-exitcode"]),
  ]);
  both.catch(() => undefined);
  return both;
}
