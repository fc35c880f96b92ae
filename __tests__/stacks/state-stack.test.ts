import { Testing } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { configWith, only, policyStatements, project, synthJson, synthToDir } from "../support/project";
import { describeTerraform } from "../support/terraform";
import { offlineCheck, writeCliConfig } from "../../tools/terraform/offline-terraform";
import { stateKmsKeyId } from "../../lib/stacks/state-backend";

describe("state stack (default: KMS)", () => {
  const { state } = project();
  const synth = Testing.synth(state);
  const json = synthJson(state);

  test("bucket: named from config, not force-destroyed", () => {
    expect(synth).toHaveResourceWithProperties(S3Bucket, { bucket: "example-org-jenkins-tfstate-123456789012", force_destroy: false });
  });

  test("versioning enabled", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("SSE with the stack's KMS key and a bucket key", () => {
    const sse = only(json, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0]).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.StateKey.*\.arn\}$/) },
      bucket_key_enabled: true,
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
  });

  test("public access block with all four flags", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("ownership controls: bucket owner enforced (ACLs off)", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("bucket policy denies non-TLS and TLS < 1.2", () => {
    const statements = policyStatements(json, "StateBucket_PolicyDocument");
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ effect: "Deny", actions: ["s3:*"], condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }),
        expect.objectContaining({ effect: "Deny", condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }] }),
      ]),
    );
    expect(only(json, "aws_s3_bucket_policy").policy).toMatch(/aws_iam_policy_document\.StateBucket_PolicyDocument.*\.json/);
  });

  test("lifecycle expires noncurrent versions and aborts multipart uploads", () => {
    expect(synth).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: [
        expect.objectContaining({
          status: "Enabled",
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        }),
      ],
    });
  });

  test("no access logging unless configured", () => {
    expect(synth).not.toHaveResource(S3BucketLoggingA);
  });

  test("lock table: LockID hash key, pay per request, KMS SSE, PITR, deletion protection", () => {
    expect(synth).toHaveResourceWithProperties(DynamodbTable, {
      name: "example-org-jenkins-tf-locks",
      hash_key: "LockID",
      billing_mode: "PAY_PER_REQUEST",
      attribute: [{ name: "LockID", type: "S" }],
      server_side_encryption: { enabled: true, kms_key_arn: expect.stringMatching(/aws_kms_key\.StateKey/) },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
    });
  });

  test("local state with a relative path in the project root", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.state.tfstate" } });
  });

  test("provider pinned exactly, guarded by the account id", () => {
    expect(json.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "5.100.0" });
    expect(json.provider!.aws[0]).toMatchObject({ region: "eu-west-1", allowed_account_ids: ["123456789012"] });
  });

  test("outputs: names, ARNs and a ready backend snippet", () => {
    expect(Object.keys(json.output!).sort()).toEqual(
      ["backend_config", "backend_snippet", "lock_table_arn", "lock_table_name", "state_bucket_arn", "state_bucket_name", "state_kms_key_arn"].sort(),
    );
    const snippet = String(json.output!.backend_snippet.value);
    expect(snippet).toContain('backend "s3"');
    expect(snippet).toContain('bucket         = "example-org-jenkins-tfstate-123456789012"');
    expect(snippet).toContain('dynamodb_table = "example-org-jenkins-tf-locks"');
  });

  test("backend outputs name the state key (kms_key_id), so pipelines write state with it, not SSE-S3", () => {
    for (const name of ["backend_config", "backend_snippet"]) {
      expect(String(json.output![name].value)).toMatch(/kms_key_id {5}= "\$\{aws_kms_key\.StateKey_[A-Za-z0-9]+\.arn\}"\n/);
    }
    const aes = synthJson(project(configWith({ state: { encryption: "AES256" } })).state);
    expect(String(aes.output!.backend_config.value)).not.toContain("kms_key_id");
  });

  test("the key's alias ARN takes the partition from the region", () => {
    expect(stateKmsKeyId({ ...configWith(), region: "cn-north-1" })).toBe("arn:aws-cn:kms:cn-north-1:123456789012:alias/jenkins-tfstate");
    expect(stateKmsKeyId({ ...configWith(), region: "us-gov-west-1", accountId: undefined })).toBe("alias/jenkins-tfstate");
  });

  test("ownStateInBucket: its own S3 backend is encrypted with the key, by alias ARN", () => {
    const own = synthJson(project(configWith({ state: { ownStateInBucket: true } })).state);
    expect(own.terraform.backend).toEqual({
      s3: {
        bucket: "example-org-jenkins-tfstate-123456789012",
        key: "bootstrap/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:eu-west-1:123456789012:alias/jenkins-tfstate",
        dynamodb_table: "example-org-jenkins-tf-locks",
      },
    });
    expect(only(own, "aws_kms_alias").name).toBe("alias/jenkins-tfstate");
  });
});

describe("state stack variants", () => {
  test("AES256 encryption: no KMS key, SSE-S3", () => {
    const json = synthJson(project(configWith({ state: { encryption: "AES256" } })).state);
    expect(json.resource.aws_kms_key).toBeUndefined();
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "AES256",
    });
    expect(only(json, "aws_dynamodb_table").server_side_encryption).toEqual({ enabled: true });
  });

  test("access logging when a log bucket is configured", () => {
    const synth = Testing.synth(project(configWith({ state: { accessLogBucket: "my-access-logs" } })).state);
    expect(synth).toHaveResourceWithProperties(S3BucketLoggingA, { target_bucket: "my-access-logs" });
  });

  test("forceDestroy is the one opt-in that lets destroy remove bucket and table", () => {
    const json = synthJson(project(configWith({ state: { forceDestroy: true } })).state);
    expect(only(json, "aws_s3_bucket").force_destroy).toBe(true);
    expect(only(json, "aws_dynamodb_table").deletion_protection_enabled).toBe(false);
  });

  test("without accountId the account comes from aws_caller_identity and there is no guard", () => {
    const json = synthJson(project(configWith({ accountId: undefined })).state);
    expect(json.data!.aws_caller_identity).toBeDefined();
    expect(json.provider!.aws[0].allowed_account_ids).toBeUndefined();
  });
});

describeTerraform("state stack with terraform (offline)", () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = synthToDir().stateDir;
  });

  // No separate `validate`: the plan validates the same configuration, and its diagnostics stand in for the validate's.
  test("terraform init + plan (which validates): the plan creates the hardened resources", () => {
    const { validate, plan } = offlineCheck(stateDir, { plan: true, skipValidate: true });
    expect(validate.diagnostics).toEqual([]);
    expect(validate.valid).toBe(true);
    const created = (plan!.resource_changes ?? []).filter((r) => r.change.actions.includes("create")).map((r) => r.type);
    expect(created).toEqual(
      expect.arrayContaining([
        "aws_s3_bucket",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_lifecycle_configuration",
        "aws_dynamodb_table",
        "aws_kms_key",
      ]),
    );
  });

  test("the cdktf matcher toBeValidTerraform agrees (real local backend, mirror CLI config)", () => {
    process.env.TF_CLI_CONFIG_FILE = writeCliConfig();
    process.env.CHECKPOINT_DISABLE = "1";
    const { state } = project();
    expect(Testing.fullSynth(state)).toBeValidTerraform();
  });
});
