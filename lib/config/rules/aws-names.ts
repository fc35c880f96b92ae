/**
 * AWS naming rules of every name the stacks build, and the list of those names as functions of
 * the configuration. `derivedNames()` mirrors the constructs (lib/constructs, bootstrap); the
 * test __tests__/validation-names.test.ts synthesizes both stacks and fails when a synthesized
 * name-like argument is missing from this list or its resource type has no rule here, so a new
 * resource cannot escape the checks.
 */
import { labelSlug } from "../agent-images";
import type { JenkinsConfig, ParsedConfig } from "../schema";
import type { Issue } from "./issue";

/** Why a name breaks a rule, or undefined. */
export type NameRule = (name: string) => string | undefined;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The S3 bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function s3BucketNameProblem(name: string, prefixOnly = false): string | undefined {
  const max = prefixOnly ? 37 : 63;
  if (name.length > max || (!prefixOnly && name.length < 3))
    return `must be ${prefixOnly ? "at most 37" : "3-63"} characters (S3 bucket ${prefixOnly ? "prefix" : "name"} rule)`;
  if (!/^[a-z0-9.-]+$/.test(name)) return "may contain only lower-case letters, digits, '.' and '-' (S3 bucket naming rule)";
  if (!/^[a-z0-9]/.test(name)) return "must start with a letter or digit (S3 bucket naming rule)";
  if (!prefixOnly && !/[a-z0-9]$/.test(name)) return "must end with a letter or digit (S3 bucket naming rule)";
  if (name.includes("..")) return "must not contain two adjacent periods (S3 bucket naming rule)";
  if (name.includes(".-") || name.includes("-.")) return "must not have a period next to a hyphen (S3 bucket naming rule)";
  if (!prefixOnly && IPV4.test(name)) return "must not be formatted as an IP address (S3 bucket naming rule)";
  for (const p of ["xn--", "sthree-", "sthree-configurator", "amzn-s3-demo-"])
    if (name.startsWith(p)) return `must not start with the reserved prefix ${p} (S3 bucket naming rule)`;
  if (!prefixOnly)
    for (const s of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"])
      if (name.endsWith(s)) return `must not end with the reserved suffix ${s} (S3 bucket naming rule)`;
  return undefined;
}

/** PutParameter's name rules (docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html). */
export function ssmParameterNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 1000) return "must be 1-1000 characters";
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) return "may contain only letters, digits and _.-/ (PutParameter)";
  if (name.includes("/") && !name.startsWith("/")) return "is a hierarchy (contains '/') and so must start with '/' (PutParameter)";
  if (name.endsWith("/")) return "must not end with '/' (PutParameter)";
  if (name.includes("//")) return "must not contain an empty hierarchy level '//' (PutParameter)";
  if (/^\/?(aws|ssm)/i.test(name)) return "must not start with aws or ssm in any case, with or without a leading '/' (reserved by PutParameter)";
  if (name.split("/").filter(Boolean).length > 15) return "has more than 15 hierarchy levels (PutParameter allows 15)";
  return undefined;
}

/** A DNS name such as the Cloud Map namespace: at most 253 characters, labels of 1-63. */
export function dnsNameProblem(name: string): string | undefined {
  if (name.length > 253) return `is ${name.length} characters; a DNS name has at most 253`;
  for (const label of name.split(".")) {
    if (label.length < 1 || label.length > 63) return `has a label "${label}" of ${label.length} characters; DNS labels have 1-63`;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label)) return `has a label "${label}" that is not lower-case letters, digits and inner '-'`;
  }
  return undefined;
}

const chars =
  (re: RegExp, what: string, min: number, max: number, service: string): NameRule =>
  (n) => {
    if (n.length < min || n.length > max) return `is ${n.length} characters; ${service} allows ${min}-${max}`;
    if (!re.test(n)) return `may contain only ${what} (${service})`;
    return undefined;
  };
const all =
  (...rules: NameRule[]): NameRule =>
  (n) =>
    rules.map((r) => r(n)).find((x) => x !== undefined);

/** Rules per `<resource type>.<argument>`. */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  "aws_alb.name": all(chars(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/, "letters, digits and inner '-'", 1, 32, "Elastic Load Balancing"), (n) =>
    n.startsWith("internal-") ? "must not start with internal- (reserved by Elastic Load Balancing)" : undefined,
  ),
  "aws_alb_target_group.name_prefix": chars(/^[A-Za-z0-9-]+$/, "letters, digits and '-'", 1, 6, "the provider's target group name_prefix"),
  "aws_security_group.name_prefix": all(
    chars(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, "ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*", 1, 100, "EC2"),
    (n) => (/^sg-/i.test(n) ? "must not start with sg- (reserved by EC2 for group ids)" : undefined),
  ),
  "aws_ecs_cluster.name": chars(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", 1, 255, "ECS"),
  "aws_ecs_service.name": chars(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", 1, 255, "ECS"),
  "aws_ecs_task_definition.family": chars(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", 1, 255, "ECS"),
  "aws_cloudwatch_log_group.name": chars(/^[.\-_/#A-Za-z0-9]+$/, "letters, digits and ._-/#", 1, 512, "CloudWatch Logs"),
  "aws_iam_role.name": chars(/^[\w+=,.@-]+$/, "letters, digits and _+=,.@-", 1, 64, "IAM"),
  "aws_kms_alias.name": all(chars(/^alias\/[A-Za-z0-9/_-]+$/, "letters, digits and /_- after alias/", 7, 256, "KMS"), (n) =>
    /^alias\/aws\//i.test(n) ? "must not start with alias/aws/ (reserved for AWS managed keys)" : undefined,
  ),
  "aws_ecr_repository.name": all(
    chars(
      /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
      "lower-case letters and digits separated by single '.', '_', '-' or '/' (no '--')",
      2,
      256,
      "ECR",
    ),
  ),
  "aws_s3_bucket.bucket": (n) => s3BucketNameProblem(n),
  "aws_s3_bucket.bucket_prefix": (n) => s3BucketNameProblem(n, true),
  "aws_s3_bucket_logging.target_bucket": (n) => s3BucketNameProblem(n),
  "aws_alb.access_logs.bucket": (n) => s3BucketNameProblem(n),
  "aws_dynamodb_table.name": chars(/^[A-Za-z0-9_.-]+$/, "letters, digits and _.-", 3, 255, "DynamoDB"),
  "aws_ssm_parameter.name": ssmParameterNameProblem,
  "aws_service_discovery_private_dns_namespace.name": dnsNameProblem,
  "aws_backup_vault.name": chars(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", 2, 50, "AWS Backup"),
  "aws_backup_plan.name": chars(/^[A-Za-z0-9_.-]+$/, "letters, digits and _.-", 1, 50, "AWS Backup"),
  "aws_backup_selection.name": chars(/^[A-Za-z0-9_.-]+$/, "letters, digits and _.-", 1, 50, "AWS Backup"),
  "aws_sns_topic.name": chars(/^[A-Za-z0-9_-]+$/, "letters, digits, '-' and '_'", 1, 256, "SNS"),
  // eslint-disable-next-line no-control-regex -- CloudWatch refuses control characters in alarm names
  "aws_cloudwatch_metric_alarm.alarm_name": chars(/^[^\x00-\x1f]+$/, "printable characters", 1, 255, "CloudWatch"),
  "aws_cloudwatch_event_rule.name": chars(/^[.\-_A-Za-z0-9]+$/, "letters, digits and ._-", 1, 64, "EventBridge"),
  "aws_codebuild_project.name": chars(/^[A-Za-z0-9][A-Za-z0-9_-]+$/, "letters, digits, '-' and '_', starting with a letter or digit", 2, 255, "CodeBuild"),
  "aws_efs_file_system.creation_token": chars(/^.+$/, "any characters", 1, 64, "EFS"),
  "aws_service_discovery_service.name": dnsNameProblem,
  "aws_route53_record.name": dnsNameProblem,
};

/** One name the stacks build. */
export interface DerivedName {
  /** `<resource type>.<argument>`, a key of NAME_RULES. */
  readonly resource: string;
  readonly value: string;
  /** The configuration fields it derives from (the first is named in messages). */
  readonly fields: string[];
  /** Whether it must be unique in the account and region (two installations must differ). */
  readonly unique: boolean;
  /** False for a name the stack only refers to (a brought SSM parameter). */
  readonly created: boolean;
}

/** Alarm and event-rule suffixes of lib/constructs/alerts/jenkins-alerts.ts. */
export const ALARM_SUFFIXES = ["controller-cpu-high", "controller-memory-high", "controller-not-running", "controller-unhealthy", "alb-5xx"];
export const EVENT_RULE_SUFFIXES = ["agent-task-failed", "backup-failed", "controller-task-stopped"];

/** The SSM parameter name in effect (default: `<namePrefix>-pwd`). */
export function adminPasswordParameterName(c: Pick<ParsedConfig, "namePrefix" | "controller">): string {
  return c.controller.adminPassword.parameterName ?? `${c.namePrefix}-pwd`;
}
/** The Cloud Map namespace in effect (default: `<namePrefix>.internal`). */
export function cloudMapNamespace(c: Pick<ParsedConfig, "namePrefix" | "serviceDiscovery">): string {
  return c.serviceDiscovery.namespace ?? `${c.namePrefix}.internal`;
}
/** The state lock table in effect (default: `<namePrefix>-terraform-state-locks`). */
export function lockTableName(c: Pick<ParsedConfig, "namePrefix" | "state">): string {
  return c.state.lockTableName ?? `${c.namePrefix}-terraform-state-locks`;
}

/** Every name the two stacks build from `c` (see the file comment). */
export function derivedNames(c: JenkinsConfig): DerivedName[] {
  const p = c.namePrefix;
  const out: DerivedName[] = [];
  const add = (resource: string, value: string, fields: string[], unique = true, created = true) => out.push({ resource, value, fields, unique, created });
  const P = ["namePrefix"];
  // state stack
  add("aws_s3_bucket.bucket", c.state.bucketName, ["state.bucketName"]);
  add("aws_dynamodb_table.name", lockTableName(c), c.state.lockTableName ? ["state.lockTableName"] : ["namePrefix", "state.lockTableName"]);
  add("aws_kms_alias.name", `alias/${p}-tfstate`, P);
  if (c.state.accessLogBucket) add("aws_s3_bucket_logging.target_bucket", c.state.accessLogBucket, ["state.accessLogBucket"], false);
  // jenkins stack
  add("aws_kms_alias.name", `alias/${p}-data`, P);
  add("aws_kms_alias.name", `alias/${p}-alerts`, P);
  add("aws_alb.name", `${p}-alb`, P);
  add("aws_alb_target_group.name_prefix", `${p.slice(0, 5)}-`, P, false);
  if (c.loadBalancer.accessLogsBucket) add("aws_alb.access_logs.bucket", c.loadBalancer.accessLogsBucket, ["loadBalancer.accessLogsBucket"], false);
  for (const sg of ["alb", "controller", "agents", "efs"]) add("aws_security_group.name_prefix", `${p}-${sg}-`, P, false);
  for (const cl of ["controller", "agents-fargate", ...(c.agents.spotCluster ? ["agents-fargate-spot"] : [])]) add("aws_ecs_cluster.name", `${p}-${cl}`, P);
  add("aws_ecs_service.name", `${p}-controller`, P, false);
  add("aws_ecs_task_definition.family", `${p}-controller`, P);
  // The restore task (lib/constructs/restore/restore-task.ts), always created.
  add("aws_ecs_task_definition.family", `${p}-restore`, P);
  for (const r of ["restore-task", "restore-execution"]) add("aws_iam_role.name", `${p}-${r}`, P);
  add("aws_cloudwatch_log_group.name", `/${p}/controller`, P);
  add("aws_cloudwatch_log_group.name", `/${p}/agents`, P);
  if (c.image.mode !== "prebuilt") add("aws_cloudwatch_log_group.name", `/${p}/image-build`, P);
  const byo = c.network.vpcId !== undefined;
  if (!byo && c.network.flowLogs) {
    add("aws_cloudwatch_log_group.name", `/${p}/vpc-flow-logs`, P);
    add("aws_iam_role.name", `${p}-vpc-flow-logs`, P);
  }
  for (const r of ["agent-execution", "controller-execution", "controller-task"]) add("aws_iam_role.name", `${p}-${r}`, P);
  c.agents.templates.forEach((t, i) => {
    if (t.taskPolicy) add("aws_iam_role.name", `${p}-agent-${t.label}`, ["namePrefix", `agents.templates.${i}.label`]);
  });
  if (c.image.mode !== "prebuilt") {
    add("aws_iam_role.name", `${p}-image-build`, P);
    add("aws_ecr_repository.name", `${p}/controller`, P);
    add("aws_codebuild_project.name", `${p}-controller-image`, P);
    add("aws_s3_bucket.bucket_prefix", `${p}-image-src-`, P, false);
  }
  // Agent images the stack builds (lib/constructs/agents/agent-images.ts, lib/constructs/image/image-build.ts).
  const agentImages = [
    ...(c.agentImages.source === "mirror" ? [{ name: "agent", fields: P }] : []),
    ...c.agents.templates.flatMap((t, i) =>
      !t.image && t.build ? [{ name: `agent-${labelSlug(t.label)}`, fields: ["namePrefix", `agents.templates.${i}.label`] }] : [],
    ),
  ];
  for (const img of agentImages) {
    add("aws_ecr_repository.name", `${p}/${img.name}`, img.fields);
    if (c.agentImages.build !== "codebuild") continue;
    add("aws_codebuild_project.name", `${p}-${img.name}-image`, img.fields);
    add("aws_iam_role.name", `${p}-build-${img.name}`, img.fields);
    add("aws_cloudwatch_log_group.name", `/${p}/image-build/${img.name}`, img.fields);
    add("aws_s3_bucket.bucket_prefix", `${p}-image-src-`, img.fields, false);
  }
  add("aws_efs_file_system.creation_token", `${p}-jenkins-home`, P);
  if (c.backup.enabled) {
    add("aws_backup_vault.name", `${p}-jenkins-home`, P);
    add("aws_backup_plan.name", `${p}-jenkins-home`, P);
    add("aws_backup_selection.name", `${p}-jenkins-home`, P, false);
    add("aws_iam_role.name", `${p}-backup`, P);
  }
  add("aws_sns_topic.name", `${p}-alerts`, P);
  for (const a of [...ALARM_SUFFIXES, c.storage.throughputMode === "bursting" ? "efs-burst-credits-low" : "efs-no-clients"])
    add("aws_cloudwatch_metric_alarm.alarm_name", `${p}-${a}`, P);
  for (const r of EVENT_RULE_SUFFIXES) add("aws_cloudwatch_event_rule.name", `${p}-${r}`, P);
  add("aws_service_discovery_private_dns_namespace.name", cloudMapNamespace(c), c.serviceDiscovery.namespace ? ["serviceDiscovery.namespace"] : ["namePrefix"]);
  add("aws_service_discovery_service.name", "jenkins", [], false);
  const pw = c.controller.adminPassword;
  add(
    "aws_ssm_parameter.name",
    adminPasswordParameterName(c),
    pw.parameterName ? ["controller.adminPassword.parameterName"] : ["namePrefix"],
    pw.create,
    pw.create,
  );
  const dns = c.loadBalancer.dns;
  if (dns.hostname && dns.zoneId && dns.createRecord) add("aws_route53_record.name", dns.hostname, ["loadBalancer.dns.hostname"], false);
  return out;
}

/** Every derived name that breaks its resource type's rule. */
export function nameIssues(c: JenkinsConfig): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const n of derivedNames(c)) {
    const rule = NAME_RULES[n.resource];
    const problem = rule ? rule(n.value) : `has no naming rule for ${n.resource} in lib/config/rules/aws-names.ts`;
    if (!problem) continue;
    const field = n.fields[0] ?? "namePrefix";
    const key = `${field}|${n.resource}|${problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [type, ...arg] = n.resource.split(".");
    issues.push({
      path: field.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      message: `gives the ${type} ${arg.join(".")} "${n.value}", which ${problem}`,
    });
  }
  return issues;
}

/** The parsed configuration with the names whose default derives from `namePrefix` filled in. */
export function withDerivedDefaults(c: ParsedConfig): JenkinsConfig {
  return {
    ...c,
    state: { ...c.state, lockTableName: lockTableName(c) },
    controller: { ...c.controller, adminPassword: { ...c.controller.adminPassword, parameterName: adminPasswordParameterName(c) } },
    serviceDiscovery: { ...c.serviceDiscovery, namespace: cloudMapNamespace(c) },
  };
}
