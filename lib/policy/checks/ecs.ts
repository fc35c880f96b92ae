/** ECS clusters, task definitions and services. */
import { resourceCheck, show } from "../define-check";
import { TfResource } from "../terraform-config";
import { block, blocks, dig, hasValue, isExpression, isTrue } from "../json-values";
import type { PolicyCheck } from "../types";
import { interpolationEnd } from "../../constructs/foundation/terraform-interpolation";

const CLUSTER = "aws_ecs_cluster";
const TASK = "aws_ecs_task_definition";
const SERVICE = "aws_ecs_service";

/**
 * JSON text with Terraform interpolations made opaque, so JSON.parse reads its literal
 * structure: an interpolation inside a JSON string becomes `${ref}` (its expression may hold
 * quotes), one between values (the registry module's switched container secrets, which splice
 * `,{...}` or nothing) is left out.
 */
export function opaqueInterpolations(s: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "$" && s[i + 1] === "{" && s[i - 1] !== "$") {
      const end = interpolationEnd(s, i + 2);
      if (end < 0) return s;
      out += inString ? "${ref}" : "";
      i = end;
      continue;
    }
    if (inString && ch === "\\") {
      out += ch + (s[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += ch;
  }
  return out;
}

/** The container definitions of a task definition, or undefined when they cannot be read. */
export function containerDefinitions(r: TfResource): Record<string, unknown>[] | undefined {
  let v = r.body.container_definitions;
  if (typeof v === "string") {
    try {
      v = JSON.parse(opaqueInterpolations(v));
    } catch {
      return undefined;
    }
  }
  return Array.isArray(v) ? v.filter((c): c is Record<string, unknown> => !!c && typeof c === "object") : undefined;
}

const nameOf = (c: Record<string, unknown>) => String(c.name ?? "(unnamed)");

/** Name parts that mark an environment variable as a secret (tfsec's sensitive attribute names, normalized). */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PWD|SECRET|SECRETS|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CREDENTIALS?)(_|$)/;
const SECRET_VALUE = [/(A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/];

/** Environment entries of a container that look like secrets in plain text. */
export function plaintextSecrets(c: Record<string, unknown>): string[] {
  const env = Array.isArray(c.environment) ? c.environment : [];
  return env
    .filter((e): e is { name: string; value: unknown } => !!e && typeof e === "object" && typeof (e as { name?: unknown }).name === "string")
    .filter((e) => {
      const name = e.name.toUpperCase().replace(/-/g, "_");
      const value = typeof e.value === "string" ? e.value : "";
      return (SECRET_NAME.test(name) && value !== "") || SECRET_VALUE.some((re) => re.test(value));
    })
    .map((e) => e.name);
}

export const ECS_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_65",
    source: "checkov",
    title: "ECS cluster has Container Insights enabled",
    severity: "warning",
    resourceTypes: [CLUSTER],
    fix: 'Add setting { name = "containerInsights", value = "enabled" }.',
    test: (r) => {
      const s = blocks(r.body.setting).find((x) => x.name === "containerInsights");
      return s && ["enabled", "enhanced"].includes(String(s.value)) ? undefined : `containerInsights is ${show(s?.value)}`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_223",
    source: "checkov",
    title: "ECS cluster logs ECS Exec sessions",
    severity: "warning",
    resourceTypes: [CLUSTER],
    fix: 'Remove execute_command_configuration.logging = "NONE" (use DEFAULT or OVERRIDE).',
    test: (r) => (dig(r.body, "configuration.execute_command_configuration.logging") === "NONE" ? "ECS Exec logging is NONE" : undefined),
  }),
  resourceCheck({
    id: "CKV_AWS_224",
    source: "checkov",
    title: "ECS Exec sessions are encrypted with a CMK and logged encrypted",
    severity: "warning",
    resourceTypes: [CLUSTER],
    fix: "Set execute_command_configuration.kms_key_id and log_configuration with cloud_watch_encryption_enabled or s3_bucket_encryption_enabled.",
    test: (r) => {
      const exec = block(dig(r.body, "configuration.execute_command_configuration"));
      if (!exec || exec.logging === "NONE") return undefined;
      const log = block(exec.log_configuration);
      const ok = hasValue(exec.kms_key_id) && !!log && (isTrue(log.cloud_watch_encryption_enabled) || isTrue(log.s3_bucket_encryption_enabled));
      return ok ? undefined : "ECS Exec without kms_key_id or without encrypted session logs";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_97",
    source: "checkov",
    title: "EFS volumes of ECS tasks use encryption in transit",
    severity: "error",
    resourceTypes: [TASK],
    fix: 'Set efs_volume_configuration.transit_encryption = "ENABLED" on every EFS volume.',
    deviation: "Every EFS volume is checked (checkov looks only at the first).",
    test: (r) => {
      const bad = blocks(r.body.volume).filter((v) => block(v.efs_volume_configuration) && dig(v, "efs_volume_configuration.transit_encryption") !== "ENABLED");
      return bad.length ? `EFS volume ${bad.map((v) => show(v.name)).join(", ")} without transit encryption` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_249",
    source: "checkov",
    title: "ECS task execution role and task role differ",
    severity: "warning",
    resourceTypes: [TASK],
    fix: "Give the task its own role, separate from the execution role (image pull, logs, secrets).",
    test: (r) =>
      hasValue(r.body.execution_role_arn) && r.body.execution_role_arn === r.body.task_role_arn ? "execution_role_arn equals task_role_arn" : undefined,
  }),
  resourceCheck({
    id: "CKV_AWS_334",
    source: "checkov",
    title: "ECS containers are not privileged",
    severity: "error",
    resourceTypes: [TASK],
    fix: "Remove privileged = true from the container definition.",
    deviation: 'The real ECS field "privileged" is checked as well as checkov\'s "privilege".',
    test: (r) => {
      const bad = (containerDefinitions(r) ?? []).filter((c) => isTrue(c.privilege) || isTrue(c.privileged));
      return bad.length ? `privileged container ${bad.map(nameOf).join(", ")}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_335",
    source: "checkov",
    title: "ECS containers do not share the host's process namespace",
    severity: "error",
    resourceTypes: [TASK],
    fix: 'Remove pidMode = "host".',
    test: (r) => {
      const bad = (containerDefinitions(r) ?? []).filter((c) => c.pidMode === "host");
      return bad.length ? `pidMode host in ${bad.map(nameOf).join(", ")}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_336",
    source: "checkov",
    title: "ECS containers have a read-only root filesystem",
    severity: "warning",
    resourceTypes: [TASK],
    fix: "Set readonlyRootFilesystem = true and mount volumes for the paths the process writes.",
    test: (r) => {
      const defs = containerDefinitions(r);
      if (!defs || defs.length === 0) return undefined;
      const bad = defs.filter((c) => !isTrue(c.readonlyRootFilesystem));
      return bad.length ? `writable root filesystem in ${bad.map(nameOf).join(", ")}` : undefined;
    },
  }),
  resourceCheck({
    id: "SJ_AWS_ECS_AWSVPC",
    source: "project",
    title: "ECS task definition uses the awsvpc network mode",
    severity: "error",
    resourceTypes: [TASK],
    fix: 'Set network_mode = "awsvpc" so every task has its own ENI and security group.',
    test: (r) => (r.body.network_mode === "awsvpc" || isExpression(r.body.network_mode) ? undefined : `network_mode is ${show(r.body.network_mode)}`),
  }),
  resourceCheck({
    id: "aws-ecs-no-plaintext-secrets",
    source: "tfsec",
    title: "ECS task definition has no secrets in plain environment variables",
    severity: "error",
    resourceTypes: [TASK],
    fix: "Pass secrets with the container's `secrets` (SSM SecureString or Secrets Manager), never `environment`.",
    test: (r) => {
      const found = (containerDefinitions(r) ?? []).flatMap((c) => plaintextSecrets(c).map((n) => `${nameOf(c)}: ${n}`));
      return found.length ? `secret-looking environment variables ${found.join(", ")}` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_332",
    source: "checkov",
    title: "ECS Fargate service runs on the LATEST platform version",
    severity: "warning",
    resourceTypes: [SERVICE],
    fix: 'Remove platform_version or set it to "LATEST".',
    test: (r) =>
      r.body.launch_type === "FARGATE" && r.body.platform_version !== undefined && r.body.platform_version !== "LATEST"
        ? `platform_version is ${show(r.body.platform_version)}`
        : undefined,
  }),
  resourceCheck({
    id: "CKV_AWS_333",
    source: "checkov",
    title: "ECS service does not assign public IPs",
    severity: "error",
    resourceTypes: [SERVICE],
    fix: "Set network_configuration.assign_public_ip = false and run tasks in private subnets.",
    test: (r) => (isTrue(dig(r.body, "network_configuration.assign_public_ip")) ? "assign_public_ip is true" : undefined),
  }),
];
