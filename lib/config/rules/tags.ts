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

/** Problems of the user's `tags`. */
export function tagIssues(tags: Record<string, string>): Issue[] {
  const issues: Issue[] = [];
  for (const [k, v] of Object.entries(tags)) {
    const kp = tagKeyProblem(k);
    if (kp) issues.push({ path: ["tags"], message: `tag key ${JSON.stringify(k)} ${kp}` });
    const vp = tagValueProblem(v);
    if (vp) issues.push({ path: ["tags", k], message: `the value of tag ${JSON.stringify(k)} ${vp}` });
    const reserved = [...RESERVED_DEFAULT_TAGS, ...RESOURCE_TAGS].find((r) => r.toLowerCase() === k.toLowerCase());
    if (reserved)
      issues.push({
        path: ["tags"],
        message: `tag key ${JSON.stringify(k)} is reserved: the stacks set ${reserved} themselves (${RESERVED_DEFAULT_TAGS.join(", ")} on every resource, ${RESOURCE_TAGS.join(", ")} on many) and would overwrite yours; rename it`,
      });
  }
  const n = Object.keys(tags).length;
  if (n > MAX_USER_TAGS)
    issues.push({
      path: ["tags"],
      message: `${n} tags are too many: with the stacks' own ${[...RESERVED_DEFAULT_TAGS, ...RESOURCE_TAGS].join(", ")} a resource would carry ${n + RESERVED_DEFAULT_TAGS.length + RESOURCE_TAGS.length}; AWS allows ${MAX_TAGS_PER_RESOURCE} (so at most ${MAX_USER_TAGS} tags here)`,
    });
  return issues;
}
