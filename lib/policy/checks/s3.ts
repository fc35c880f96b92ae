/** S3 buckets: versioning, encryption, public access, ACLs, TLS-only policy, ownership, lifecycle, logging. */
import { resourceCheck, show } from "../define-check";
import { allows, hasWildcardPrincipal, IamStatement, policyDocument } from "../iam-document";
import { TerraformConfig, TfResource } from "../terraform-config";
import { block, blocks, dig, hasValue, isTrue } from "../json-values";
import type { PolicyCheck } from "../types";

const BUCKET = "aws_s3_bucket";
const PUBLIC_READ_ACLS = ["public-read", "public-read-write", "website", "authenticated-read"];
const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

/** The connected resources of a type, and whether any exists. */
const linked = (tf: TerraformConfig, r: TfResource, type: string) => tf.connected(r, type);

function sseAlgorithm(config: unknown): unknown {
  return dig(config, "rule.apply_server_side_encryption_by_default.sse_algorithm");
}

function publicAccessFlag(id: string, flag: string, title: string): PolicyCheck {
  return resourceCheck({
    id,
    source: "checkov",
    title,
    severity: "error",
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    fix: `Set ${flag} = true on the public access block (PrivateBucket sets all four flags).`,
    test: (r) => (isTrue(r.body[flag]) ? undefined : `${flag} is ${show(r.body[flag])}, must be true`),
  });
}

/** Bucket ACL checks CKV_AWS_20 / CKV_AWS_57: inline acl, or connected aws_s3_bucket_acl. */
function aclCheck(tf: TerraformConfig, r: TfResource, badAcls: string[], grantIsBad: (g: Record<string, unknown>) => boolean): string | undefined {
  const inline = r.body.acl;
  if (typeof inline === "string") return badAcls.includes(inline) ? `inline acl is ${inline}` : undefined;
  const acls = linked(tf, r, "aws_s3_bucket_acl");
  if (acls.length === 0) return undefined;
  for (const a of acls) {
    if (typeof a.body.acl === "string") {
      if (!badAcls.includes(a.body.acl)) return undefined;
      continue;
    }
    const policy = block(a.body.access_control_policy);
    if (policy && !blocks(policy.grant).some(grantIsBad)) return undefined;
  }
  return `connected ${acls.map((a) => a.address).join(", ")} grants public access`;
}

const grantee = (g: Record<string, unknown>) => block(g.grantee)?.uri;

/** Restrictive condition of CKV_AWS_70 (checkov's list). */
function restrictiveCondition(s: IamStatement): boolean {
  const KEYS = [
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:vpceaccount",
    "aws:principalorgpaths",
    "aws:userid",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:ec2instancesourcevpc",
    "ec2:sourceinstancearn",
    "lambda:sourcefunctionarn",
    "ssm:sourceinstancearn",
  ];
  return s.conditions.some((c) => {
    const test = c.test;
    const key = c.variable.toLowerCase();
    if (test === "ArnNotEquals" || test === "ArnNotLike") return true;
    if ((test === "ArnEquals" || test === "ArnLike") && (key === "aws:principalarn" || key === "aws:sourcearn")) {
      return c.values.some((v) => !/^arn:aws:[^:]*::\*/.test(v));
    }
    return ["StringEquals", "StringEqualsIgnoreCase", "StringLike"].includes(test) && KEYS.includes(key);
  });
}

const LOCKOUT_ACTIONS = ["s3:putbucketpolicy", "s3:*bucketpolicy", "s3:put*", "s3:*", "*"];

/** Whether the statement is a TLS-only deny: Deny, principal *, s3:* or *, `Bool aws:SecureTransport = false`. */
function deniesInsecureTransport(s: IamStatement): boolean {
  return (
    !allows(s) &&
    hasWildcardPrincipal(s) &&
    (s.actions ?? []).some((a) => a === "s3:*" || a === "*") &&
    s.conditions.some((c) => c.test === "Bool" && c.variable.toLowerCase() === "aws:securetransport" && c.values.map(String).includes("false"))
  );
}

export const S3_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_18",
    source: "checkov",
    title: "S3 bucket has access logging enabled",
    severity: "warning",
    resourceTypes: [BUCKET],
    fix: "Add an aws_s3_bucket_logging for the bucket (state stack: set state.accessLogBucket).",
    test: (r, tf) =>
      r.body.logging !== undefined || linked(tf, r, "aws_s3_bucket_logging").length > 0
        ? undefined
        : "no logging block and no aws_s3_bucket_logging references the bucket",
  }),
  resourceCheck({
    id: "CKV_AWS_19",
    source: "checkov",
    title: "S3 bucket data is encrypted at rest (SSE-S3 or SSE-KMS)",
    severity: "error",
    resourceTypes: [BUCKET],
    fix: 'Give the bucket\'s aws_s3_bucket_server_side_encryption_configuration a rule with sse_algorithm "aws:kms" or "AES256".',
    test: (r, tf) => {
      const ok = ["aws:kms", "AES256"];
      const inline = sseAlgorithm(r.body.server_side_encryption_configuration);
      if (inline !== undefined) return ok.includes(String(inline)) ? undefined : `inline sse_algorithm is ${show(inline)}`;
      const configs = linked(tf, r, "aws_s3_bucket_server_side_encryption_configuration");
      if (configs.length === 0) return undefined;
      return configs.some((c) => ok.includes(String(sseAlgorithm(c.body)))) ? undefined : `sse_algorithm is ${show(sseAlgorithm(configs[0].body))}`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_20",
    source: "checkov",
    title: "S3 bucket ACL does not allow public READ access",
    severity: "error",
    resourceTypes: [BUCKET],
    fix: "Remove public ACLs; use aws_s3_bucket_ownership_controls with BucketOwnerEnforced (ACLs disabled).",
    test: (r, tf) => aclCheck(tf, r, PUBLIC_READ_ACLS, (g) => grantee(g) === ALL_USERS),
  }),
  resourceCheck({
    id: "CKV_AWS_57",
    source: "checkov",
    title: "S3 bucket ACL does not allow public WRITE access",
    severity: "error",
    resourceTypes: [BUCKET],
    fix: "Remove the public-read-write ACL or the AllUsers WRITE grant.",
    test: (r, tf) =>
      aclCheck(tf, r, ["public-read-write"], (g) => grantee(g) === ALL_USERS && ["WRITE", "FULL_CONTROL", "WRITE_ACP"].includes(String(g.permission))),
  }),
  resourceCheck({
    id: "CKV_AWS_21",
    source: "checkov",
    title: "S3 bucket has versioning enabled",
    severity: "error",
    resourceTypes: [BUCKET],
    fix: 'Add an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled" referencing the bucket.',
    test: (r, tf) => {
      if (isTrue(dig(r.body.versioning, "enabled"))) return undefined;
      const v = linked(tf, r, "aws_s3_bucket_versioning");
      if (v.some((x) => dig(x.body, "versioning_configuration.status") === "Enabled")) return undefined;
      return v.length ? `versioning status is ${show(dig(v[0].body, "versioning_configuration.status"))}` : "no aws_s3_bucket_versioning references the bucket";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_144",
    source: "checkov",
    title: "S3 bucket has cross-region replication enabled",
    severity: "warning",
    resourceTypes: [BUCKET],
    fix: "Add an aws_s3_bucket_replication_configuration with an Enabled rule to a bucket in another region.",
    test: (r, tf) => {
      const inline = blocks(block(r.body.replication_configuration)?.rules);
      if (inline.some((x) => x.status === "Enabled")) return undefined;
      const rc = linked(tf, r, "aws_s3_bucket_replication_configuration");
      return rc.some((x) => blocks(x.body.rule).some((y) => y.status === "Enabled")) ? undefined : "no enabled replication rule";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_145",
    source: "checkov",
    title: "S3 bucket is encrypted with KMS by default",
    severity: "warning",
    resourceTypes: [BUCKET],
    fix: 'Use sse_algorithm "aws:kms" with a customer-managed key (state stack: state.encryption = "aws:kms").',
    test: (r, tf) => {
      if (sseAlgorithm(r.body.server_side_encryption_configuration) === "aws:kms") return undefined;
      const configs = linked(tf, r, "aws_s3_bucket_server_side_encryption_configuration");
      if (configs.some((c) => sseAlgorithm(c.body) === "aws:kms")) return undefined;
      return configs.length ? `sse_algorithm is ${show(sseAlgorithm(configs[0].body))}` : "no server-side encryption configuration with aws:kms";
    },
  }),
  publicAccessFlag("CKV_AWS_53", "block_public_acls", "S3 public access block blocks public ACLs"),
  publicAccessFlag("CKV_AWS_54", "block_public_policy", "S3 public access block blocks public policies"),
  publicAccessFlag("CKV_AWS_55", "ignore_public_acls", "S3 public access block ignores public ACLs"),
  publicAccessFlag("CKV_AWS_56", "restrict_public_buckets", "S3 public access block restricts public buckets"),
  resourceCheck({
    id: "CKV2_AWS_6",
    source: "checkov",
    title: "S3 bucket has a public access block",
    severity: "error",
    resourceTypes: [BUCKET],
    fix: "Add an aws_s3_bucket_public_access_block referencing the bucket with all four flags true.",
    test: (r, tf) => {
      const pabs = linked(tf, r, "aws_s3_bucket_public_access_block");
      if (pabs.some((p) => isTrue(p.body.block_public_acls) && isTrue(p.body.block_public_policy))) return undefined;
      return pabs.length
        ? "the connected public access block does not block public ACLs and policies"
        : "no aws_s3_bucket_public_access_block references the bucket";
    },
  }),
  resourceCheck({
    id: "CKV2_AWS_61",
    source: "checkov",
    title: "S3 bucket has a lifecycle configuration",
    severity: "warning",
    resourceTypes: [BUCKET],
    fix: "Add an aws_s3_bucket_lifecycle_configuration (PrivateBucket expires old versions and aborted uploads).",
    test: (r, tf) =>
      r.body.lifecycle_rule !== undefined || linked(tf, r, "aws_s3_bucket_lifecycle_configuration").length ? undefined : "no lifecycle configuration",
  }),
  resourceCheck({
    id: "CKV2_AWS_62",
    source: "checkov",
    title: "S3 bucket has event notifications enabled",
    severity: "warning",
    resourceTypes: [BUCKET],
    fix: "Add an aws_s3_bucket_notification for the bucket.",
    test: (r, tf) => (linked(tf, r, "aws_s3_bucket_notification").length ? undefined : "no aws_s3_bucket_notification references the bucket"),
  }),
  resourceCheck({
    id: "CKV_AWS_300",
    source: "checkov",
    title: "S3 lifecycle configuration aborts failed multipart uploads",
    severity: "warning",
    resourceTypes: ["aws_s3_bucket_lifecycle_configuration"],
    fix: 'Add a whole-bucket rule (no filter, or an empty one) with status "Enabled" and abort_incomplete_multipart_upload.',
    test: (r) => {
      const wholeBucket = (rule: Record<string, unknown>) => {
        const f = block(rule.filter);
        if (!f) return true;
        const scope = block(f.and) ?? f;
        return ["prefix", "object_size_greater_than", "object_size_less_than", "tag"].every((k) => !hasValue(scope[k]));
      };
      const ok = blocks(r.body.rule).some((rule) => hasValue(block(rule.abort_incomplete_multipart_upload)) && rule.status === "Enabled" && wholeBucket(rule));
      return ok ? undefined : "no enabled whole-bucket rule with abort_incomplete_multipart_upload";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_70",
    source: "checkov",
    title: "S3 bucket policy does not allow an action to any principal",
    severity: "error",
    resourceTypes: [BUCKET, "aws_s3_bucket_policy"],
    fix: "Name the principals, or add a restrictive condition (aws:PrincipalOrgID, aws:SourceVpce, aws:PrincipalArn, ...).",
    test: (r) => {
      const doc = policyDocument(r.body.policy);
      if (!doc) return undefined;
      const first = doc.statements.find((s) => allows(s) && hasWildcardPrincipal(s));
      return first && !restrictiveCondition(first) ? `statement ${first.sid ?? ""} allows ${show(first.actions)} to principal *`.replace("  ", " ") : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_93",
    source: "checkov",
    title: "S3 bucket policy does not lock out everyone but the root user",
    severity: "error",
    resourceTypes: [BUCKET, "aws_s3_bucket_policy"],
    fix: "Give Deny statements on s3:*/s3:PutBucketPolicy for principal * a condition (e.g. aws:SecureTransport).",
    test: (r) => {
      const doc = policyDocument(r.body.policy);
      const bad = doc?.statements.find(
        (s) =>
          !allows(s) &&
          s.conditions.length === 0 &&
          !s.notActions &&
          hasWildcardPrincipal(s) &&
          (s.actions ?? []).some((a) => LOCKOUT_ACTIONS.includes(a.toLowerCase())),
      );
      return bad ? `unconditional Deny of ${show(bad.actions)} to principal * locks out all but the root user` : undefined;
    },
  }),
  resourceCheck({
    id: "SJ_AWS_S3_TLS_ONLY",
    source: "project",
    title: "S3 bucket policy denies requests without TLS",
    severity: "error",
    resourceTypes: [BUCKET],
    fix: 'Attach a bucket policy that denies s3:* to principal * when "aws:SecureTransport" is "false" (PrivateBucket does).',
    test: (r, tf) => {
      const policies = [r.body.policy, ...linked(tf, r, "aws_s3_bucket_policy").map((p) => p.body.policy)].filter((p) => p !== undefined);
      const ok = policies.some((p) => policyDocument(p)?.statements.some(deniesInsecureTransport));
      return ok ? undefined : policies.length ? "the bucket policy has no Deny on aws:SecureTransport = false" : "no bucket policy references the bucket";
    },
  }),
  resourceCheck({
    id: "SJ_AWS_S3_OWNERSHIP",
    source: "project",
    title: "S3 bucket disables ACLs (object ownership BucketOwnerEnforced)",
    severity: "warning",
    resourceTypes: [BUCKET],
    fix: 'Add an aws_s3_bucket_ownership_controls with rule.object_ownership = "BucketOwnerEnforced".',
    test: (r, tf) => {
      const oc = linked(tf, r, "aws_s3_bucket_ownership_controls");
      if (oc.some((o) => dig(o.body, "rule.object_ownership") === "BucketOwnerEnforced")) return undefined;
      return oc.length ? `object_ownership is ${show(dig(oc[0].body, "rule.object_ownership"))}` : "no aws_s3_bucket_ownership_controls references the bucket";
    },
  }),
];
