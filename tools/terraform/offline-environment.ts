/**
 * The environment offline Terraform runs in: the filesystem mirror of hashicorp/aws, the
 * Terraform CLI config that installs the provider only from it, the process environment of a
 * run, and the fake credentials of offline plans. Used through offline-terraform.ts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Provider pinned by the project (generated into @cdktf/provider-aws 20.1.0). */
export const AWS_PROVIDER_VERSION = "5.100.0";
/** Env var naming the mirror directory (the one containing `registry.terraform.io/`). */
export const MIRROR_ENV = "TF_PROVIDER_MIRROR";
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

const INSTALL_HELP = [
  "Offline Terraform needs:",
  "  1. terraform >= 1.6 on PATH (https://developer.hashicorp.com/terraform/install), and",
  `  2. a filesystem mirror of hashicorp/aws ${AWS_PROVIDER_VERSION}: a directory containing`,
  `     registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/<os>_<arch>/terraform-provider-aws_v${AWS_PROVIDER_VERSION}_x5`,
  `     (create one with \`terraform providers mirror <dir>\` on a machine with internet access),`,
  `     found automatically in ${MIRROR_CANDIDATES[0]} or ~/.terraform.d/plugins, or named by ${MIRROR_ENV}=<dir>.`,
].join("\n");

function platformDir(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch === "arm64" ? "arm64" : process.arch;
  return `${process.platform}_${arch}`;
}

function hasProvider(dir: string): boolean {
  return fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION, platformDir()));
}

/** The mirror directory, or undefined. An explicit TF_PROVIDER_MIRROR that lacks the provider is an error. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env[MIRROR_ENV];
  if (explicit) {
    if (!hasProvider(explicit))
      throw new Error(`${MIRROR_ENV}=${explicit} does not contain hashicorp/aws ${AWS_PROVIDER_VERSION} for ${platformDir()}.\n${INSTALL_HELP}`);
    return explicit;
  }
  return MIRROR_CANDIDATES.find(hasProvider);
}

/** The terraform version, or undefined when terraform is not on PATH. */
export function terraformVersion(): string | undefined {
  const r = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (r.error || r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout).terraform_version as string;
  } catch {
    return undefined;
  }
}

/** Why offline Terraform cannot run here, or undefined if it can. */
export function offlineTerraformProblem(): string | undefined {
  if (!terraformVersion()) return `terraform is not on PATH.\n${INSTALL_HELP}`;
  try {
    if (!findProviderMirror()) return `No filesystem mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} found.\n${INSTALL_HELP}`;
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/**
 * Writes the CLI config and returns its path. Idempotent; the plugin cache is shared, so
 * the provider is copied out of the mirror once and symlinked into every working directory.
 */
export function writeCliConfig(dir = path.join(PROJECT_ROOT, ".tf-cli")): string {
  const mirror = findProviderMirror();
  if (!mirror) throw new Error(`No filesystem mirror of hashicorp/aws ${AWS_PROVIDER_VERSION} found.\n${INSTALL_HELP}`);
  const cache = path.join(dir, "plugin-cache");
  fs.mkdirSync(cache, { recursive: true });
  const file = path.join(dir, "terraformrc");
  const text = [
    "# Written by tools/terraform/offline-terraform.ts: hashicorp/aws from a local mirror, nothing from the network.",
    "disable_checkpoint = true",
    `plugin_cache_dir   = ${JSON.stringify(cache)}`,
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    "  }",
    "}",
    "",
  ].join("\n");
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) fs.writeFileSync(file, text);
  return file;
}

/** Environment for running terraform offline. */
export function offlineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: writeCliConfig(),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    // Needed when several inits share the plugin cache without a lock file committed.
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "1",
    ...extra,
  };
}

/** Fake credentials for offline plans (no AWS call succeeds or is needed). */
export const FAKE_CREDENTIALS: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: "AKIAOFFLINEPLAN00000",
  AWS_SECRET_ACCESS_KEY: "offline-plan-secret-key-not-real",
  AWS_SESSION_TOKEN: "",
  AWS_PROFILE: "",
  AWS_EC2_METADATA_DISABLED: "true",
};
