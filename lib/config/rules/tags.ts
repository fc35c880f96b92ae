/**
 * Tag rules shared by every service the stacks tag (IAM, SNS, ECS, EC2, S3, ...): the
 * strictest common set, from the IAM/SNS/ECS TagResource APIs: keys 1-128 and values 0-256
 * characters of Unicode letters, digits, spaces and _.:/=+-@; no `aws:` prefix in any case;
 * at most 50 tags on a resource.
 */
import type { Issue } from "./issue";

/** Tags the stacks set on every resource through the provider's default_tags (lib/stacks/aws-provider.ts). */
export const RESERVED_DEFAULT_TAGS = ["ManagedBy", "Stack", "NamePrefix"] as const;
/** Tags constructs set on their own resources (e.g. lib/constructs/network/network.ts), which win over default tags. */
export const RESOURCE_TAGS = ["Name", "Tier"] as const;
/** AWS's limit of tags per resource. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** User tags allowed once the reserved and resource tags are counted. */
export const MAX_USER_TAGS = MAX_TAGS_PER_RESOURCE - RESERVED_DEFAULT_TAGS.length - RESOURCE_TAGS.length;

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Why a tag key is refused, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return `is ${key.length} characters; tag keys have 1-128`;
  if (/^aws:/i.test(key)) return "starts with aws: (in any case), a prefix reserved for AWS";
  if (!TAG_CHARS.test(key)) return "has characters AWS tagging refuses; allowed are letters, digits, spaces and _.:/=+-@";
  return undefined;
}

/** Why a tag value is refused, or undefined. */
export function tagValueProblem(value: string): string | undefined {
  if (value.length > 256) return `is ${value.length} characters; tag values have at most 256`;
  if (!TAG_CHARS.test(value)) return "has characters AWS tagging refuses; allowed are letters, digits, spaces and _.:/=+-@";
  return undefined;
}

const RESERVED = [...RESERVED_DEFAULT_TAGS, ...RESOURCE_TAGS];
const where = (r: string) =>
  (RESERVED_DEFAULT_TAGS as readonly string[]).includes(r) ? "on every resource" : "on the resources it names (VPC, subnets, security groups, ...)";

/**
 * Problems of the user's `tags`. IAM compares tag keys without regard to case and refuses a
 * role whose tags differ only in case ("Duplicate tag keys found. Please note that Tag keys are
 * case insensitive."), and every role carries the stacks' default tags: so two user keys that
 * differ only in case, or a case variant of a reserved key, fail at apply.
 */
export function tagIssues(tags: Record<string, string>): Issue[] {
  const issues: Issue[] = [];
  const keys = Object.keys(tags);
  for (const [k, v] of Object.entries(tags)) {
    const kp = tagKeyProblem(k);
    if (kp) issues.push({ path: ["tags"], message: `tag key ${JSON.stringify(k)} ${kp}` });
    const vp = tagValueProblem(v);
    if (vp) issues.push({ path: ["tags", k], message: `the value of tag ${JSON.stringify(k)} ${vp}` });
    const variant = RESERVED.find((r) => r !== k && r.toLowerCase() === k.toLowerCase());
    if (variant)
      issues.push({
        path: ["tags"],
        message: `tag key ${JSON.stringify(k)} differs from the stacks' own ${variant} only in case; IAM treats tag keys case-insensitively and would refuse the roles ("Duplicate tag keys found"); rename it`,
      });
    const twin = keys.find((o) => o !== k && o.toLowerCase() === k.toLowerCase());
    if (twin && keys.indexOf(twin) < keys.indexOf(k))
      issues.push({
        path: ["tags"],
        message: `tag keys ${JSON.stringify(twin)} and ${JSON.stringify(k)} differ only in case; IAM treats tag keys case-insensitively and would refuse the roles ("Duplicate tag keys found"); keep one`,
      });
  }
  const n = keys.length;
  if (n > MAX_USER_TAGS)
    issues.push({
      path: ["tags"],
      message: `${n} tags are too many: with the stacks' own ${RESERVED.join(", ")} a resource would carry ${n + RESERVED.length}; AWS allows ${MAX_TAGS_PER_RESOURCE} (so at most ${MAX_USER_TAGS} tags here)`,
    });
  return issues;
}

/** Warnings: user tags the stacks overwrite with their own (the tag applies elsewhere or nowhere). */
export function tagWarnings(tags: Record<string, string>): Issue[] {
  return Object.keys(tags)
    .filter((k) => RESERVED.includes(k as (typeof RESERVED)[number]))
    .map((k) => ({
      path: ["tags", k],
      message: `is overwritten: the stacks set ${k} themselves ${where(k)}, so your value ${(RESERVED_DEFAULT_TAGS as readonly string[]).includes(k) ? "never applies" : "applies only to the other resources"}; rename the tag to keep it`,
    }));
}
