/**
 * PrivateBucket (lib/constructs/s3/private-bucket.ts) alone in a minimal stack: versioning,
 * default encryption, the public access block, owner-enforced ownership, the TLS-only policy,
 * lifecycle and access logging, with their defaults and each prop.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { PrivateBucket, PrivateBucketProps } from "../../../lib/constructs/s3/private-bucket";
import { only, policyStatements, resources } from "../../support/project";
import { synthScope } from "../../support/scope";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";

function synth(props: PrivateBucketProps = { bucketPrefix: "jenkins-artifacts-" }) {
  return synthScope((scope) => new PrivateBucket(scope, "Artifacts", props));
}

describe("PrivateBucket with defaults", () => {
  const { out, json } = synth();

  test("a name prefix, not destroyed with its objects", () => {
    expect(only(json, "aws_s3_bucket")).toEqual({ bucket_prefix: "jenkins-artifacts-", force_destroy: false });
  });

  test("versioning enabled", () => {
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("SSE-S3 (AES256), no bucket key, when no KMS key is given", () => {
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
  });

  test("all four public access block flags", () => {
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("ACLs disabled (bucket owner enforced)", () => {
    expect(out).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("the policy denies plain HTTP and TLS below 1.2 to everyone, on the bucket and its objects, and nothing else", () => {
    const statements = policyStatements(json, "Artifacts_PolicyDocument");
    const bucketArn = "${aws_s3_bucket.Artifacts_Bucket_";
    expect(statements).toHaveLength(2);
    for (const st of statements) {
      expect(st).toMatchObject({ effect: "Deny", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:*"] });
      expect(st.resources).toHaveLength(2);
      expect(st.resources[0]).toMatch(new RegExp(`^\\${bucketArn}[0-9A-F]{8}\\.arn}$`));
      expect(st.resources[1]).toBe(`${st.resources[0]}/*`);
    }
    expect(statements.map((s) => [s.sid, s.condition])).toEqual([
      ["DenyInsecureTransport", [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]],
      ["DenyOutdatedTls", [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }]],
    ]);
  });

  test("the policy is applied after the public access block", () => {
    const policy = only(json, "aws_s3_bucket_policy");
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.Artifacts_PolicyDocument_[0-9A-F]{8}\.json}$/);
    expect(policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\.Artifacts_PublicAccessBlock_/)]);
  });

  test("lifecycle: old versions deleted after 90 days, incomplete uploads aborted after 7, current objects kept", () => {
    expect(out).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        {
          id: "expire-old-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    });
  });

  test("every bucket setting refers to this bucket; no access logging", () => {
    const bucketRef = expect.stringMatching(/^\$\{aws_s3_bucket\.Artifacts_Bucket_[0-9A-F]{8}\.id}$/);
    for (const type of [
      "aws_s3_bucket_versioning",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_lifecycle_configuration",
    ])
      expect(only(json, type).bucket).toEqual(bucketRef);
    expect(resources(json, "aws_s3_bucket_logging")).toHaveLength(0);
  });
});

describe("PrivateBucket with every prop", () => {
  const { out, json } = synth({
    bucketName: "jenkins-artifacts-exact",
    bucketPrefix: "ignored-",
    kmsKeyArn: KEY,
    noncurrentVersionExpirationDays: 30,
    expireObjectsAfterDays: 365,
    accessLogBucket: "access-logs-bucket",
    forceDestroy: true,
    extraPolicyStatements: (arn) => {
      return [
        {
          sid: "AllowReader",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:role/reader"] }],
          actions: ["s3:GetObject"],
          resources: [`${arn}/*`],
        },
      ];
    },
  });

  test("an exact name wins over the prefix; force_destroy passes through", () => {
    expect(out).toHaveResourceWithProperties(S3Bucket, { bucket: "jenkins-artifacts-exact", force_destroy: true });
    expect(only(json, "aws_s3_bucket")).not.toHaveProperty("bucket_prefix");
  });

  test("SSE-KMS with the given key and an S3 bucket key", () => {
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY }, bucket_key_enabled: true }],
    });
  });

  test("lifecycle: the given non-current retention and an expiry of current objects", () => {
    const [rule] = only(json, "aws_s3_bucket_lifecycle_configuration").rule;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rule.expiration).toEqual([{ days: 365 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  test("access logs go to the given bucket under s3-access/<construct id>/", () => {
    expect(out).toHaveResourceWithProperties(S3BucketLoggingA, { target_bucket: "access-logs-bucket", target_prefix: "s3-access/Artifacts/" });
  });

  test("extra statements follow the TLS-only ones and get the bucket ARN", () => {
    const statements = policyStatements(json, "Artifacts_PolicyDocument");
    expect(statements.map((s) => s.sid)).toEqual(["DenyInsecureTransport", "DenyOutdatedTls", "AllowReader"]);
    expect(statements[2].resources).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\.Artifacts_Bucket_[0-9A-F]{8}\.arn}\/\*$/)]);
    expect(out).toHaveResource(S3BucketPolicy);
  });
});
