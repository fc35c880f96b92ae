/**
 * Issue 14 in the registry module: the AWS rules of lib/config/rules as Terraform variable
 * validation conditions (cross-variable ones need Terraform >= 1.9), with the same messages.
 * Each list is plugged into one variable of lib/module/variables/.
 */
import type { TfCondition } from "./zod-terraform";
import { CONDITION_OPERATORS, INLINE_ROLE_POLICY_MAX_CHARS } from "../config/rules/iam-policy";
import { ALB_PORTS, MAX_INGRESS_RULES_PER_SECURITY_GROUP } from "../config/rules/network";
import { MAX_USER_TAGS, RESERVED_DEFAULT_TAGS, RESOURCE_TAGS } from "../config/rules/tags";
import { hclString } from "./hcl";
import { AWS_CRON, awsCronProblem, CRON_FIELD_RULES, CronFieldRule, MINUTES_REASON, MINUTES_RULE } from "../config/rules/backup-schedule";

/** Names the module derives from `name_prefix` (lib/config/rules/aws-names.ts NAME_RULES). */
export const NAME_PREFIX_RULES: TfCondition[] = [
  {
    condition: `!startswith("\${var.name_prefix}-alb", "internal-")`,
    message: "must not make the ALB name start with internal- (reserved by Elastic Load Balancing)",
  },
  {
    condition: `!startswith(lower(var.name_prefix), "sg-") && lower(var.name_prefix) != "sg"`,
    message: "must not make security group names start with sg- (reserved by EC2)",
  },
  {
    condition: `!strcontains(var.name_prefix, "--")`,
    message: "must not contain '--' (the ECR repository <name_prefix>/controller would break ECR's naming pattern)",
  },
  {
    condition: `!can(regex("^(xn--|sthree-|amzn-s3-demo-)", "\${var.name_prefix}-image-src-"))`,
    message: "must not make the image bucket prefix start with xn--, sthree- or amzn-s3-demo- (reserved by S3)",
  },
];

const reserved = [...RESERVED_DEFAULT_TAGS, ...RESOURCE_TAGS];

const hclList = (xs: readonly string[]) => `[${xs.map(hclString).join(", ")}]`;

/** Tag rules beyond the key/value patterns (lib/config/rules/tags.ts tagIssues). */
export const TAG_RULES: TfCondition[] = [
  {
    condition: `length(var.tags) <= ${MAX_USER_TAGS}`,
    message: `must have at most ${MAX_USER_TAGS} tags: with the module's own ${reserved.join(", ")} a resource may carry 50, AWS's limit`,
  },
  {
    condition: `alltrue([for k in keys(var.tags) : !contains(${hclList(reserved.map((r) => r.toLowerCase()))}, lower(k)) || contains(${hclList(reserved)}, k)])`,
    message: `must not use a key that differs from the module's own ${reserved.join(", ")} only in case: IAM treats tag keys case-insensitively and would refuse the roles ("Duplicate tag keys found")`,
  },
  {
    condition: "length(distinct([for k in keys(var.tags) : lower(k)])) == length(var.tags)",
    message: `must not have two keys that differ only in case: IAM treats tag keys case-insensitively and would refuse the roles ("Duplicate tag keys found")`,
  },
];

/**
 * Terraform `check` blocks of the module: warnings in every plan, not errors (the stack's
 * WARNINGS of lib/config/rules/index.ts that the module can see).
 */
export const MODULE_CHECKS: Record<string, TfCondition[]> = {
  reserved_tags: [
    {
      condition: `length(setintersection(keys(var.tags), ${hclList(reserved)})) == 0`,
      message: `tags: ${reserved.join(", ")} are set by the module itself (${RESERVED_DEFAULT_TAGS.join(", ")} on every resource, ${RESOURCE_TAGS.join(", ")} on the resources it names) and overwrite a tag of yours with the same key; rename it to keep it.`,
    },
  ],
};

/** MODULE_CHECKS as Terraform JSON (`check` of main.tf.json). */
export function moduleChecksJson(): Record<string, { assert: Array<{ condition: string; error_message: string }> }> {
  return Object.fromEntries(
    Object.entries(MODULE_CHECKS).map(([name, asserts]) => [
      name,
      { assert: asserts.map((a) => ({ condition: `\${${a.condition}}`, error_message: a.message })) },
    ]),
  );
}

/** Allowed CIDR rules beyond the pattern. */
export const ALLOWED_CIDR_RULES: TfCondition[] = [
  {
    condition: `alltrue([for c in var.allowed_cidrs : try(cidrhost(c, 0) == split("/", c)[0], true)])`,
    message: "must not have host bits set (e.g. 10.0.0.1/16; write 10.0.0.0/16)",
  },
  { condition: "length(distinct(var.allowed_cidrs)) == length(var.allowed_cidrs)", message: "must not list a CIDR twice" },
  {
    condition: `length(var.allowed_cidrs) <= ${MAX_INGRESS_RULES_PER_SECURITY_GROUP / ALB_PORTS.length}`,
    message: `must list at most ${MAX_INGRESS_RULES_PER_SECURITY_GROUP / ALB_PORTS.length} CIDRs: each makes ${ALB_PORTS.length} inbound rules and a security group allows ${MAX_INGRESS_RULES_PER_SECURITY_GROUP} by default`,
  },
];

/**
 * The certificate ARN against the provider's partition and region and `account_id` (the stack's
 * arnPartitions, certificateRegion and certificateAccount rules). Terraform >= 1.9 lets a
 * validation refer to the module's data sources; aws_partition and aws_region are read from
 * the provider's configuration, without an API call.
 */
export const CERTIFICATE_ARN_RULES: TfCondition[] = [
  {
    condition: `try(split(":", var.certificate_arn)[1] == data.aws_partition.current.partition, false)`,
    message: "must be an ARN of the provider's partition (aws, aws-cn or aws-us-gov, after the provider's region)",
  },
  {
    condition: `try(split(":", var.certificate_arn)[3] == data.aws_region.current.name, false)`,
    message: "must be a certificate in the provider's region (ACM certificates of an ALB are regional)",
  },
  {
    condition: `var.account_id == null || try(split(":", var.certificate_arn)[4] == var.account_id, false)`,
    message: "must be a certificate of account_id (the certificate belongs to another account)",
  },
];

/** Every ARN of a list variable in the provider's partition (the stack's arnPartitions rule). */
export function arnListPartitionRule(ref: string): TfCondition {
  return {
    condition: `alltrue([for a in ${ref} : try(split(":", a)[1] == data.aws_partition.current.partition, false)])`,
    message: "must be ARNs of the provider's partition (aws, aws-cn or aws-us-gov, after the provider's region)",
  };
}

const OPERATOR_RE = `^(ForAllValues:|ForAnyValue:)?(${CONDITION_OPERATORS.join("|")})(IfExists)?$`;

/** Rules of each template's task_policy_json, over `t` of `for k, t in var.agent_templates`. */
export function taskPolicyRules(each: (cond: string) => string): TfCondition[] {
  const stmts = "jsondecode(t.task_policy_json).Statement";
  const guard = (c: string) => each(`t.task_policy_json == null ? true : try(${c}, false)`);
  return [
    {
      condition: guard(`alltrue([for s in ${stmts} : alltrue([for a in flatten([s.Action]) : a == "*" || can(regex("^[a-zA-Z0-9-]+:[A-Za-z0-9*?]+$", a))])])`),
      message: "must name actions with a service prefix, like s3:GetObject",
    },
    {
      condition: guard(
        `alltrue([for s in ${stmts} : alltrue([for r in flatten([s.Resource]) : r == "*" || can(regex("^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$", r))])])`,
      ),
      message: "must name resources as * or ARNs (arn:<partition>:<service>:<region>:<account>:<resource>)",
    },
    {
      condition: guard(
        `alltrue([for s in ${stmts} : alltrue([for op in keys(try(s.Condition, {})) : can(regex(${hclString(OPERATOR_RE)}, op)) && op != "NullIfExists"])])`,
      ),
      message: `must use IAM condition operators only (${CONDITION_OPERATORS.join(", ")}, optionally with IfExists, ForAllValues: or ForAnyValue:)`,
    },
    {
      condition: guard(`length(replace(t.task_policy_json, "/\\\\s/", "")) <= ${INLINE_ROLE_POLICY_MAX_CHARS}`),
      message: `must be at most ${INLINE_ROLE_POLICY_MAX_CHARS} characters without whitespace (IAM's inline role policy limit)`,
    },
  ];
}

/** An HCL condition: every list item of cron field `f` (an HCL string expression) obeys `r`. */
function cronFieldCondition(f: string, r: CronFieldRule): string {
  const value = `(\\d+${r.names.map((n) => `|${n}`).join("")})`;
  const shape = `^(\\*|${value}(-${value})?)(/0*[1-9]\\d*)?$`;
  const extra = r.extra.length ? `can(regex(${hclString(r.extra.join("|"))}, p)) || ` : "";
  return `alltrue([for p in split(",", upper(${f})) : ${extra}(can(regex(${hclString(shape)}, p)) && alltrue([for n in regexall("\\\\d+", split("/", p)[0]) : tonumber(n) >= ${r.min} && tonumber(n) <= ${r.max}]))])`;
}

/**
 * AWS Backup schedule rules over one schedule (an HCL string expression), the same list and
 * messages as backupCronProblem() in lib/config/rules/backup-schedule.ts: the cron shape, the
 * two day fields, minutes (at most hourly) and every other field's range.
 */
export function backupCronRules(schedule: string): TfCondition[] {
  const fields = `regex(${hclString(AWS_CRON.source)}, ${schedule})`;
  return [
    { condition: `can(${fields})`, message: awsCronProblem("not a cron")! },
    { condition: `try(${fields}[2] == "?" || ${fields}[4] == "?", false)`, message: awsCronProblem("cron(0 0 1 * MON *)")! },
    { condition: `try(!(${fields}[2] == "?" && ${fields}[4] == "?"), false)`, message: awsCronProblem("cron(0 0 ? * ? *)")! },
    { condition: `try(can(regex("^\\\\d+$", ${fields}[0])) && tonumber(${fields}[0]) <= 59, false)`, message: `${MINUTES_RULE}: ${MINUTES_REASON}` },
    ...CRON_FIELD_RULES.map((r) => ({ condition: `try(${cronFieldCondition(`${fields}[${r.index}]`, r)}, false)`, message: r.rule })),
  ].map((r, i) => (i === 0 ? r : { ...r, condition: `!can(${fields}) || ${r.condition}` })); // not a cron: only the shape message
}
