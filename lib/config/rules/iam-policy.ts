/**
 * Rules of the IAM policy documents in agent templates (`agents.templates[].taskPolicy`), from
 * the IAM JSON policy reference (docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_*.html)
 * and IAM quotas (an inline role policy: at most 10,240 characters without whitespace).
 */
import type { Issue } from "./issue";

/** IAM's limit of a role's inline policies, in characters without whitespace. */
export const INLINE_ROLE_POLICY_MAX_CHARS = 10240;

/** The condition operators IAM knows (IfExists and the set prefixes are added by the check). */
export const CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;

/** Why a condition operator is unknown, or undefined. */
export function conditionOperatorProblem(op: string): string | undefined {
  const m = /^(ForAllValues:|ForAnyValue:)?([A-Za-z]+?)(IfExists)?$/.exec(op);
  if (m && (CONDITION_OPERATORS as readonly string[]).includes(m[2]) && !(m[2] === "Null" && m[3])) return undefined;
  return `is not an IAM condition operator; use one of ${CONDITION_OPERATORS.join(", ")} (optionally with IfExists, ForAllValues: or ForAnyValue:)`;
}

/** Why an action is malformed, or undefined. */
export function actionProblem(action: string): string | undefined {
  if (action === "*") return undefined;
  if (!/^[a-zA-Z0-9-]+:[A-Za-z0-9*?]+$/.test(action)) return "is not an IAM action: it needs a service prefix, like s3:GetObject or ecr:Describe*";
  return undefined;
}

/** Why a resource is neither `*` nor an ARN of the partition, or undefined. */
export function resourceProblem(resource: string, partition: string): string | undefined {
  if (resource === "*") return undefined;
  const m = /^arn:([^:]+):([^:]*):([^:]*):([^:]*):(.+)$/.exec(resource);
  if (!m) return "is neither * nor an ARN (arn:<partition>:<service>:<region>:<account>:<resource>)";
  if (m[1] !== partition && !m[1].includes("${")) return `is an ARN of partition ${m[1]}, but the stack's region is in partition ${partition}`;
  return undefined;
}

/** A statement as the schema types it. */
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (x: string | string[]) => (Array.isArray(x) ? x : [x]);

/** Issues of one template's policy document at `base` (e.g. ["agents","templates",0,"taskPolicy"]). */
export function policyIssues(doc: { Version: string; Statement: Statement[] }, partition: string, base: (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  doc.Statement.forEach((s, i) => {
    const at = [...base, "Statement", i];
    list(s.Action).forEach((a) => {
      const p = actionProblem(a);
      if (p) issues.push({ path: [...at, "Action"], message: `action ${JSON.stringify(a)} ${p}` });
    });
    list(s.Resource).forEach((r) => {
      const p = resourceProblem(r, partition);
      if (p) issues.push({ path: [...at, "Resource"], message: `resource ${JSON.stringify(r)} ${p}` });
    });
    for (const op of Object.keys(s.Condition ?? {})) {
      const p = conditionOperatorProblem(op);
      if (p) issues.push({ path: [...at, "Condition"], message: `condition operator ${JSON.stringify(op)} ${p}` });
    }
  });
  const size = JSON.stringify(doc).replace(/\s/g, "").length;
  if (size > INLINE_ROLE_POLICY_MAX_CHARS)
    issues.push({ path: base, message: `is ${size} characters without whitespace; IAM allows ${INLINE_ROLE_POLICY_MAX_CHARS} for a role's inline policies` });
  return issues;
}
