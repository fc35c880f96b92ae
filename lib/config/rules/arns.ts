/**
 * ARNs of the wrong partition, anywhere in the configuration. Rather than a rule per ARN field
 * (certificate, SQS queues, KMS keys, secrets, pull-through-cache credentials, ...), the
 * configuration is walked and every string that is an ARN is checked against the partition of
 * `region`, so an ARN field added later cannot escape the check. Template policy resources are
 * left to lib/config/rules/iam-policy.ts (which also allows IAM policy variables in them).
 */
import type { Issue } from "./issue";
import { partitionOfRegion } from "./regions";

const ARN = /^arn:([^:]*):/;

/** Every string in `value` that looks like an ARN, with its path. */
export function arnsIn(value: unknown, base: (string | number)[] = []): Array<{ path: (string | number)[]; arn: string }> {
  if (typeof value === "string") return ARN.test(value) ? [{ path: base, arn: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => arnsIn(v, [...base, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => arnsIn(v, [...base, k]));
  return [];
}

/** Whether `path` is a policy resource, checked by iam-policy.ts. */
const isPolicyResource = (path: (string | number)[]) => path.includes("taskPolicy") && path.includes("Resource");

/** Why an ARN cannot be used in `region`'s partition, or undefined (also for an unknown region: regionProblem reports that). */
export function arnPartitionProblem(arn: string, region: string): string | undefined {
  const want = partitionOfRegion(region);
  const got = ARN.exec(arn)?.[1];
  if (!want || got === undefined || got === want || arn.includes("${")) return undefined;
  return `is an ARN of partition ${got || "(empty)"}, but region ${region} is in partition ${want}`;
}

/** ARNs anywhere in `config` whose partition is not the one of `config.region`. */
export function arnPartitionIssues(config: { region: string }): Issue[] {
  const issues: Issue[] = [];
  for (const { path, arn } of arnsIn(config)) {
    if (isPolicyResource(path)) continue;
    const p = arnPartitionProblem(arn, config.region);
    if (p) issues.push({ path, message: p });
  }
  return issues;
}
