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

/** Names the module derives from `name_prefix` (lib/config/rules/aws-names.ts NAME_RULES). */
export const NAME_PREFIX_RULES: TfCondition[] = [
  { condition: `!startswith("\${var.name_prefix}-alb", "internal-")`, message: "must not make the ALB name start with internal- (reserved by Elastic Load Balancing)" },
  { condition: `!startswith(lower(var.name_prefix), "sg-") && lower(var.name_prefix) != "sg"`, message: "must not make security group names start with sg- (reserved by EC2)" },
  { condition: `!strcontains(var.name_prefix, "--")`, message: "must not contain '--' (the ECR repository <name_prefix>/controller would break ECR's naming pattern)" },
  {
    condition: `!can(regex("^(xn--|sthree-|amzn-s3-demo-)", "\${var.name_prefix}-image-src-"))`,
    message: "must not make the image bucket prefix start with xn--, sthree- or amzn-s3-demo- (reserved by S3)",
  },
];

const reserved = [...RESERVED_DEFAULT_TAGS, ...RESOURCE_TAGS];

/** Tag rules beyond the key/value patterns. */
export const TAG_RULES: TfCondition[] = [
  {
    condition: `length(var.tags) <= ${MAX_USER_TAGS}`,
    message: `must have at most ${MAX_USER_TAGS} tags: with the module's own ${reserved.join(", ")} a resource may carry 50, AWS's limit`,
  },
  {
    condition: `alltrue([for k in keys(var.tags) : !contains([${reserved.map((r) => hclString(r.toLowerCase())).join(", ")}], lower(k))])`,
    message: `must not use the reserved tag keys ${reserved.join(", ")}: the module sets them and would overwrite yours`,
  },
];

/** Allowed CIDR rules beyond the pattern. */
export const ALLOWED_CIDR_RULES: TfCondition[] = [
  { condition: `alltrue([for c in var.allowed_cidrs : try(cidrhost(c, 0) == split("/", c)[0], true)])`, message: "must not have host bits set (e.g. 10.0.0.1/16; write 10.0.0.0/16)" },
  { condition: "length(distinct(var.allowed_cidrs)) == length(var.allowed_cidrs)", message: "must not list a CIDR twice" },
  {
    condition: `length(var.allowed_cidrs) <= ${MAX_INGRESS_RULES_PER_SECURITY_GROUP / ALB_PORTS.length}`,
    message: `must list at most ${MAX_INGRESS_RULES_PER_SECURITY_GROUP / ALB_PORTS.length} CIDRs: each makes ${ALB_PORTS.length} inbound rules and a security group allows ${MAX_INGRESS_RULES_PER_SECURITY_GROUP} by default`,
  },
];

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
      condition: guard(`alltrue([for s in ${stmts} : alltrue([for r in flatten([s.Resource]) : r == "*" || can(regex("^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$", r))])])`),
      message: "must name resources as * or ARNs (arn:<partition>:<service>:<region>:<account>:<resource>)",
    },
    {
      condition: guard(`alltrue([for s in ${stmts} : alltrue([for op in keys(try(s.Condition, {})) : can(regex(${hclString(OPERATOR_RE)}, op)) && op != "NullIfExists"])])`),
      message: `must use IAM condition operators only (${CONDITION_OPERATORS.join(", ")}, optionally with IfExists, ForAllValues: or ForAnyValue:)`,
    },
    {
      condition: guard(`length(replace(t.task_policy_json, "/\\\\s/", "")) <= ${INLINE_ROLE_POLICY_MAX_CHARS}`),
      message: `must be at most ${INLINE_ROLE_POLICY_MAX_CHARS} characters without whitespace (IAM's inline role policy limit)`,
    },
  ];
}

/** AWS Backup schedule rules beyond the cron shape (lib/config/rules/backup-schedule.ts). */
export function backupScheduleRules(fields: string): TfCondition[] {
  return [
    { condition: `try(can(regex("^\\\\d+$", ${fields}[0])) && tonumber(${fields}[0]) <= 59, false)`, message: "needs minutes as a single value 0-59: AWS Backup runs at most one backup an hour" },
    {
      condition: `try(alltrue([for p in split(",", ${fields}[1]) : p == "*" || can(regex("^(\\\\*|\\\\d+)(-\\\\d+)?(/\\\\d+)?$", p)) && alltrue([for n in regexall("\\\\d+", split("/", p)[0]) : tonumber(n) <= 23])]), false)`,
      message: "needs hours 0-23, with lists, ranges or steps",
    },
  ];
}
