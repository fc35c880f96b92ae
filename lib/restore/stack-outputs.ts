import { spawnSync } from "child_process";
import * as fs from "fs";
import { parseArn, partitionOf } from "./arn";
import { DEFAULT_JENKINS_HOME_PATH, restoreTaskFamily } from "./contract";
import type { RestoreTarget } from "./restore-options";
import { RestoreError } from "./runtime";

/** Stack outputs by name (values only). */
export type StackOutputs = Record<string, unknown>;

/**
 * Outputs from JSON: `terraform output -json` (`{ name: { value, type, sensitive } }`) or a
 * plain `{ name: value }` object. With `moduleOutput`, the outputs are the object value of that
 * one output (a root module that declares `output "jenkins" { value = module.jenkins }`).
 */
export function parseOutputs(json: string, source: string, moduleOutput?: string): StackOutputs {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new RestoreError(`The outputs from ${source} are not JSON (${(e as Error).message}).`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new RestoreError(`The outputs from ${source} are not a JSON object.`);
  const unwrap = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) && "value" in v ? (v as { value: unknown }).value : v);
  const flat: StackOutputs = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) flat[k] = unwrap(v);
  if (!moduleOutput) return flat;
  const inner = flat[moduleOutput];
  if (!inner || typeof inner !== "object" || Array.isArray(inner)) {
    throw new RestoreError(
      `The outputs from ${source} have no object output "${moduleOutput}". Declare output "${moduleOutput}" { value = module.<name> } in your root module, or pass the values as flags.`,
    );
  }
  return inner as StackOutputs;
}

/** `terraform output -json` in a stack directory (the one process the restore starts). */
export function terraformOutputs(dir: string, moduleOutput?: string): StackOutputs {
  if (!fs.existsSync(dir)) {
    throw new RestoreError(
      `${dir} does not exist. Run the restore from the project directory after a deploy (cdktf.out/stacks/jenkins), or pass --stack-dir, --outputs <file> or the values as flags.`,
    );
  }
  const r = spawnSync("terraform", ["output", "-json"], { cwd: dir, encoding: "utf8", env: { ...process.env, TF_IN_AUTOMATION: "1" } });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.stderr.trim().split("\n").slice(-3).join(" ");
    throw new RestoreError(
      `\`terraform output -json\` failed in ${dir}: ${why}. Initialize that directory (a deploy does), or pass --outputs <file> or the values as flags.`,
    );
  }
  return parseOutputs(r.stdout, `terraform output in ${dir}`, moduleOutput);
}

/** Values given on the command line; each wins over the outputs. */
export interface TargetFlags {
  readonly region?: string;
  readonly vault?: string;
  readonly cluster?: string;
  readonly service?: string;
  readonly fileSystemId?: string;
  readonly restoreTaskDefinition?: string;
  readonly backupRoleArn?: string;
  readonly jenkinsHomePath?: string;
}

/** A target with where each value came from. */
export interface ResolvedTarget {
  readonly target: Partial<RestoreTarget>;
  readonly region?: string;
  /** Values derived from naming conventions rather than read, for the user to see. */
  readonly notes: string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * The restore target from flags, then outputs, then the stack's naming conventions
 * (`<prefix>-controller` service -> `<prefix>-restore` task definition and `<prefix>-backup` role).
 */
export function resolveTarget(outputs: StackOutputs, flags: TargetFlags, envRegion?: string): ResolvedTarget {
  const notes: string[] = [];
  const service = flags.service ?? str(outputs.controller_service_name);
  const cluster = flags.cluster ?? str(outputs.controller_cluster_name);
  const prefix = [service, cluster].map((n) => /^(.+)-controller$/.exec(n ?? "")?.[1]).find(Boolean);
  const anyArn = ["agent_cluster_fargate_arn", "alerts_topic_arn", "controller_task_role_arn", "controller_execution_role_arn"]
    .map((k) => parseArn(str(outputs[k]) ?? ""))
    .filter(Boolean);
  const region = flags.region ?? anyArn.find((a) => a!.region)?.region ?? envRegion;
  const account = anyArn.find((a) => a!.account)?.account;
  const partition = anyArn[0]?.partition ?? (region ? partitionOf(region) : "aws");

  let restoreTaskDefinition = flags.restoreTaskDefinition ?? str(outputs.restore_task_definition_family);
  if (!restoreTaskDefinition && prefix) {
    restoreTaskDefinition = restoreTaskFamily(prefix);
    notes.push(`restore task definition: ${restoreTaskDefinition} (from the name prefix; --restore-task-definition overrides)`);
  }
  let backupRoleArn = flags.backupRoleArn ?? str(outputs.backup_role_arn);
  if (!backupRoleArn && prefix && account) {
    backupRoleArn = `arn:${partition}:iam::${account}:role/${prefix}-backup`;
    notes.push(`backup role: ${backupRoleArn} (from the name prefix; --backup-role-arn overrides)`);
  }
  return {
    region,
    notes,
    target: {
      vaultName: flags.vault ?? str(outputs.backup_vault_name),
      backupRoleArn,
      fileSystemId: flags.fileSystemId ?? str(outputs.efs_file_system_id),
      cluster,
      service,
      restoreTaskDefinition,
      jenkinsHomePath: flags.jenkinsHomePath ?? DEFAULT_JENKINS_HOME_PATH,
    },
  };
}
