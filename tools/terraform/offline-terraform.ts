/**
 * Offline Terraform harness, used by the tests and the npm scripts.
 *
 * - finds a filesystem mirror of hashicorp/aws 5.100.0 (override: TF_PROVIDER_MIRROR),
 * - writes a Terraform CLI config (`.tf-cli/terraformrc`) that installs hashicorp/aws only
 *   from that mirror, disables checkpoint, and caches the 700 MB provider binary once
 *   (these two in offline-environment.ts, re-exported here),
 * - runs terraform with that config, and prepares plan directories with fake credentials
 *   and the provider's skip_* settings in an override file (the synthesized output itself
 *   never carries them).
 *
 * CLI: `node -r ./scripts/register-swc.js tools/terraform/offline-terraform.ts <command>`
 *   env                         print `export TF_CLI_CONFIG_FILE=...` for your shell
 *   check                       say whether terraform and the mirror are usable
 *   validate <stack-dir>...     terraform init -backend=false + validate
 *   plan <stack-dir>...         the above plus an offline plan of a copy of the directory
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AWS_PROVIDER_VERSION,
  FAKE_CREDENTIALS,
  findProviderMirror,
  offlineEnv,
  offlineTerraformProblem,
  terraformVersion,
  writeCliConfig,
} from "./offline-environment";
import { dropLockHashes } from "./lock-hashes";

export * from "./offline-environment";

/** The result of a terraform run. */
export interface TerraformRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs terraform in `cwd` with the offline config; never throws on a non-zero exit. */
export function terraform(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): TerraformRun {
  const t0 = Date.now();
  const r: SpawnSyncReturns<string> = spawnSync("terraform", args, {
    cwd,
    encoding: "utf8",
    env: offlineEnv(extraEnv),
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

/** Runs terraform and throws with its output when it fails. */
export function terraformOk(cwd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): TerraformRun {
  const r = terraform(cwd, args, extraEnv);
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed in ${cwd} (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(-4000)}`);
  return r;
}

/** `terraform init` in a working copy the harness owns, then its lock file's provider checksums dropped ({@link dropLockHashes}); throws when init fails. */
export function offlineInit(dir: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): TerraformRun {
  const r = terraformOk(dir, ["init", "-input=false", "-no-color", ...args], extraEnv);
  dropLockHashes(dir);
  return r;
}

/**
 * The provider settings that let `terraform plan` run with fake credentials and no network.
 * Written as a Terraform override file into a copy of a stack, never into the real output.
 */
export const OFFLINE_PROVIDER_OVERRIDE = {
  // Override files replace the backend block as a whole: plans keep state in the copy.
  terraform: { backend: { local: { path: "offline.tfstate" } } },
  provider: {
    aws: {
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: "true",
      skip_region_validation: true,
      // The guard needs the real account id, which an offline plan never learns.
      allowed_account_ids: null,
    },
  },
};

/** Copies a synthesized stack directory into a fresh temp directory (the "relocated" copy). */
export function copyStack(stackDir: string, into?: string): string {
  const dest = into ?? fs.mkdtempSync(path.join(os.tmpdir(), `tf-${path.basename(stackDir)}-`));
  fs.cpSync(stackDir, dest, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}.terraform${path.sep}`) && !src.endsWith(`${path.sep}.terraform`),
  });
  return dest;
}

/** Result of {@link offlineCheck}. */
export interface OfflineCheck {
  /** The working copy. */
  readonly dir: string;
  /** `terraform validate -json`. */
  readonly validate: { valid: boolean; diagnostics: unknown[] };
  /** The plan's resource changes (present when a plan was asked for). */
  readonly plan?: PlanJson;
  /** Seconds of the plan run. */
  readonly planSeconds?: number;
}

/** Parses `terraform plan -json` (machine-readable UI) into the resource changes tests read. */
export function planFromJsonLines(stdout: string): PlanJson {
  const changes: NonNullable<PlanJson["resource_changes"]> = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const msg = JSON.parse(line) as { type?: string; change?: { resource: { addr: string; resource_type: string }; action: string } };
    if (msg.type !== "planned_change" || !msg.change) continue;
    const action = msg.change.action === "replace" ? ["delete", "create"] : [msg.change.action];
    changes.push({ address: msg.change.resource.addr, type: msg.change.resource.resource_type, change: { actions: action } });
  }
  return { resource_changes: changes };
}

/** The diagnostics (errors and warnings) of a `terraform plan -json` run, as `validate -json` reports them. */
export function diagnosticsFromJsonLines(stdout: string): unknown[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type?: string; diagnostic?: unknown })
    .filter((msg) => msg.type === "diagnostic")
    .map((msg) => msg.diagnostic);
}

/**
 * Offline validate (and plan) of a synthesized stack in one working copy: copies it, adds the
 * offline override (fake-credential provider settings, backend replaced by a local file in
 * the copy), one `terraform init`, `validate -json`, and optionally `plan -json`. One init
 * and no `show` keep it to as few provider start-ups as possible.
 */
export function offlineCheck(
  stackDir: string,
  opts: { plan?: boolean; vars?: Record<string, string>; show?: boolean; skipValidate?: boolean } = {},
): OfflineCheck {
  const dir = copyStack(stackDir);
  fs.writeFileSync(path.join(dir, "zz_offline_override.tf.json"), JSON.stringify(OFFLINE_PROVIDER_OVERRIDE, null, 2));
  offlineInit(dir);
  // A plan validates the configuration too; skipValidate saves a provider start-up when a plan follows,
  // and the plan's own diagnostics (warnings included) stand in for the validate's (valid: none of them an error).
  const skipValidate = opts.skipValidate === true && opts.plan === true;
  const validate = skipValidate
    ? { valid: true, diagnostics: [] as unknown[] }
    : (JSON.parse(terraform(dir, ["validate", "-json", "-no-color"]).stdout) as { valid: boolean; diagnostics: unknown[] });
  if (!opts.plan || !validate.valid) return { dir, validate };
  const varArgs = Object.entries(opts.vars ?? {}).flatMap(([k, val]) => ["-var", `${k}=${val}`]);
  const out = opts.show ? ["-out=offline.tfplan"] : [];
  const run = terraformOk(dir, ["plan", "-json", "-input=false", "-lock=false", "-refresh=false", "-no-color", ...out, ...varArgs], FAKE_CREDENTIALS);
  // `show -json` starts the provider once more; only when planned values are wanted.
  const plan = opts.show
    ? (JSON.parse(terraformOk(dir, ["show", "-json", "offline.tfplan"], FAKE_CREDENTIALS).stdout) as PlanJson)
    : planFromJsonLines(run.stdout);
  if (skipValidate) {
    validate.diagnostics = diagnosticsFromJsonLines(run.stdout);
    validate.valid = !validate.diagnostics.some((d) => (d as { severity?: string }).severity === "error");
  }
  return { dir, validate, plan, planSeconds: run.seconds };
}

/**
 * Offline plan of a synthesized stack (see {@link offlineCheck}); throws if it fails. No
 * separate `validate`: the plan validates the configuration too and fails with the same errors.
 */
export function offlinePlan(stackDir: string, opts: { vars?: Record<string, string>; show?: boolean } = {}): { dir: string; plan: PlanJson; seconds: number } {
  const r = offlineCheck(stackDir, { ...opts, plan: true, skipValidate: true });
  if (!r.plan) throw new Error(`terraform validate failed in ${r.dir}:\n${JSON.stringify(r.validate.diagnostics, null, 2)}`);
  return { dir: r.dir, plan: r.plan, seconds: r.planSeconds ?? 0 };
}

/** `terraform init` + `validate -json` in a copy of the stack directory. */
export function offlineValidate(stackDir: string): { valid: boolean; diagnostics: unknown[]; dir: string } {
  const r = offlineCheck(stackDir);
  return { ...r.validate, dir: r.dir };
}

/** The resource changes of a plan (the shape of `terraform show -json`'s `resource_changes`). */
export interface PlanJson {
  readonly resource_changes?: Array<{ address: string; type: string; change: { actions: string[]; after?: Record<string, unknown> } }>;
}

function cli(argv: string[]): number {
  const [cmd, ...rest] = argv;
  if (cmd === "env") {
    process.stdout.write(`export TF_CLI_CONFIG_FILE=${JSON.stringify(writeCliConfig())}\nexport CHECKPOINT_DISABLE=1\n`);
    return 0;
  }
  if (cmd === "check") {
    const problem = offlineTerraformProblem();
    if (problem) {
      process.stderr.write(`${problem}\n`);
      return 1;
    }
    process.stdout.write(
      `terraform ${terraformVersion()} with hashicorp/aws ${AWS_PROVIDER_VERSION} from ${findProviderMirror()}\nCLI config: ${writeCliConfig()}\n`,
    );
    return 0;
  }
  if (cmd === "validate" || cmd === "plan") {
    const problem = offlineTerraformProblem();
    if (problem) {
      process.stderr.write(`${problem}\n`);
      return 1;
    }
    for (const dir of rest) {
      const r = offlineCheck(path.resolve(dir), { plan: cmd === "plan" });
      process.stdout.write(`${dir}: validate ${r.validate.valid ? "ok" : "FAILED"}\n`);
      if (!r.validate.valid) {
        process.stderr.write(`${JSON.stringify(r.validate.diagnostics, null, 2)}\n`);
        return 1;
      }
      if (r.plan) process.stdout.write(`${dir}: plan ok, ${r.plan.resource_changes?.length ?? 0} resource changes (${(r.planSeconds ?? 0).toFixed(1)} s)\n`);
    }
    return 0;
  }
  process.stderr.write("usage: offline-terraform.ts env | check | validate <dir>... | plan <dir>...\n");
  return 2;
}

if (require.main === module) process.exit(cli(process.argv.slice(2)));
