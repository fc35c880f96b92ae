/**
 * Whether a resource policy (SNS topic, ECR repository) is public, as cloudsplaining's
 * ResourcePolicyDocument.internet_accessible_actions decides for checkov's CKV_AWS_32/169/385.
 */
import { allows, awsPrincipals, IamStatement } from "./iam-document";

const RELEVANT_OPERATOR = /^(ForAllValues:|ForAnyValue:)?(ArnEquals|ArnLike|StringEquals|StringLike)(IgnoreCase)?(IfExists)?$|^IpAddress(IfExists)?$/;
const RELEVANT_KEYS = [
  "aws:sourcearn",
  "aws:principalarn",
  "aws:sourceowner",
  "aws:sourceaccount",
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "kms:calleraccount",
  "aws:userid",
  "aws:sourceip",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "saml:aud",
];

/** Conditions cloudsplaining considers when deciding whether a statement is public. */
export function relevantConditions(s: IamStatement) {
  return s.conditions.filter((c) => RELEVANT_OPERATOR.test(c.test) && RELEVANT_KEYS.includes(c.variable.toLowerCase()));
}

function wildcardConditionValue(key: string, v: string): boolean {
  const k = key.toLowerCase();
  if (k === "aws:sourcearn" || k === "aws:principalarn") return v === "*" || v.split(":")[4] === "*";
  if (k === "aws:sourceip") return v.endsWith("/0");
  if (k === "aws:principalorgid" || k === "aws:principalorgpaths") return v.includes("o-*");
  if (k === "aws:userid") return v.includes("*") && !v.endsWith("*");
  return v.includes("*");
}

/** An ARN principal whose account field is `*` (S3 ARNs have no account and are not public). */
function wildcardAccountArn(p: string): boolean {
  const parts = p.split(":");
  return parts.length >= 5 && parts[0] === "arn" && parts[2] !== "s3" && parts[4] === "*";
}

/** Whether an Allow statement is reachable from the internet. */
export function isPublicStatement(s: IamStatement): boolean {
  if (!allows(s)) return false;
  const relevant = relevantConditions(s);
  if (relevant.length) return relevant.some((c) => c.values.some((v) => wildcardConditionValue(c.variable, v)));
  const ids = s.principals.flatMap((p) => p.ids);
  return ids.includes("*") || awsPrincipals(s).some(wildcardAccountArn) || ids.some(wildcardAccountArn);
}
