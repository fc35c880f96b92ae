/**
 * What a pipeline package is (scripts/package-stack.ts): its options, its PACKAGE.json
 * manifest and backend, the result, the error that refuses one, and the configuration hash
 * that names it.
 */
import { createHash } from "crypto";
import type { JenkinsConfig } from "../../lib/config/schema";

/** A reason the output cannot be packaged; the message says what to do. */
export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackageError";
  }
}

/** Options of {@link packageStack}. */
export interface PackageOptions {
  /**
   * The validated configuration the output was synthesized from. Its hash names the archive;
   * the output must equal a fresh synthesis from it.
   */
  readonly config: JenkinsConfig;
  /**
   * Name of the vars file the configuration came from (recorded in PACKAGE.json).
   * @default - not recorded
   */
  readonly varsFile?: string;
  /**
   * The stack to package.
   * @default "jenkins"
   */
  readonly stack?: string;
  /**
   * The cdktf output directory (the one holding `stacks/`).
   * @default "<project>/cdktf.out"
   */
  readonly outdir?: string;
  /**
   * Where the archive is written.
   * @default "<project>/dist/stacks"
   */
  readonly dist?: string;
  /**
   * Platforms the provider lock file covers (`terraform providers lock -platform=...`).
   * @default ["linux_amd64"]
   */
  readonly platforms?: string[];
  /**
   * Filesystem mirror the lock file's hashes come from (the directory holding
   * `registry.terraform.io/`).
   * @default - the mirror offline-terraform finds ($TF_PROVIDER_MIRROR, /opt/tf-plugins, ...), else the registry
   */
  readonly providerMirror?: string;
}

/** The backend of the packaged stack, as the pipeline's `terraform init` sees it. */
export interface PackagedBackend {
  readonly type: "s3";
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly dynamodb_table?: string;
  readonly use_lockfile?: boolean;
  /** The state stack's KMS key (alias ARN) the state is written with; absent with `state.encryption` AES256. */
  readonly kms_key_id?: string;
}

/** PACKAGE.json. */
export interface PackageManifest {
  readonly stack: string;
  readonly version: string;
  readonly commit?: string;
  /** True when the working tree had uncommitted changes to tracked files. */
  readonly dirty?: boolean;
  /** SHA-256 of the validated configuration (canonical JSON: sorted keys, defaults applied). */
  readonly configSha256: string;
  readonly varsFile?: string;
  readonly terraform: {
    readonly requiredVersion?: string;
    readonly providers: Record<string, { source: string; version: string }>;
    readonly lockPlatforms: string[];
  };
  readonly backend: PackagedBackend;
  /** What the machine that runs `terraform apply` needs besides terraform and AWS credentials. */
  readonly applyNeeds: string[];
  /** File -> SHA-256, every file of the package but PACKAGE.json. */
  readonly files: Record<string, string>;
}

/** Result of {@link packageStack}. */
export interface PackageResult {
  readonly archive: string;
  readonly manifest: PackageManifest;
  /** Files of the stack directory left out of the package (relative paths; directories end in `/`). */
  readonly leftOut: string[];
}

/** Sorted-key JSON, so the same configuration always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the validated configuration. */
export function configHash(config: JenkinsConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
}
