import { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformOutput, TerraformStack } from "../lib/cdktf-core";
import { AwsEnvironment } from "../lib/constructs/foundation/aws-environment";
import { addAwsProvider } from "../lib/stacks/aws-provider";
import type { JenkinsConfig } from "../lib/config/schema";
import { EncryptionKey } from "../lib/constructs/kms/encryption-key";
import { PrivateBucket } from "../lib/constructs/s3/private-bucket";
import { stateKeyAlias, useStateBackend } from "../lib/stacks/state-backend";

/** Name of the bootstrap stack. */
export const STATE_STACK_NAME = "state";

/** Props of {@link StateStack}. */
export interface StateStackProps {
  /** The validated configuration; this stack uses `region`, `namePrefix`, `tags` and `state`. */
  readonly config: JenkinsConfig;
}

/**
 * The state bootstrap stack: a hardened S3 bucket for Terraform state and a DynamoDB lock
 * table. Its own state is a local file (`terraform.state.tfstate` in the project root) until
 * `state.ownStateInBucket` moves it into the bucket (README, "Bootstrap state").
 */
export class StateStack extends TerraformStack {
  /** The state bucket. */
  public readonly bucket: S3Bucket;
  /** The lock table. */
  public readonly lockTable: DynamodbTable;
  /** The KMS key of bucket and table, when `state.encryption` is `aws:kms`. */
  public readonly key?: EncryptionKey;

  constructor(scope: Construct, id: string, props: StateStackProps) {
    super(scope, id);
    const { config } = props;
    const state = config.state;
    useStateBackend(this, id, config);
    addAwsProvider(this, { config, stackName: id });
    const env = AwsEnvironment.fromConfig(this, "Env", config);

    if (state.encryption === "aws:kms") {
      this.key = new EncryptionKey(this, "StateKey", {
        env,
        alias: stateKeyAlias(config.namePrefix),
        description: `Encrypts the Terraform state bucket ${state.bucketName} and lock table ${state.lockTableName}`,
      });
    }

    const stateBucket = new PrivateBucket(this, "StateBucket", {
      bucketName: state.bucketName,
      kmsKeyArn: this.key?.arn,
      noncurrentVersionExpirationDays: state.noncurrentVersionExpirationDays,
      accessLogBucket: state.accessLogBucket,
      // Off by default: deleting the stack fails while state objects (or versions) remain.
      forceDestroy: state.forceDestroy,
    });
    this.bucket = stateBucket.bucket;

    this.lockTable = new DynamodbTable(this, "LockTable", {
      name: state.lockTableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "LockID",
      attribute: [{ name: "LockID", type: "S" }],
      serverSideEncryption: this.key ? { enabled: true, kmsKeyArn: this.key.arn } : { enabled: true },
      pointInTimeRecovery: { enabled: true },
      // Same opt-in as the bucket: only a deliberate forceDestroy lets destroy remove the table.
      deletionProtectionEnabled: !state.forceDestroy,
    });

    new TerraformOutput(this, "state_bucket_name", { value: this.bucket.bucket, description: "Name of the Terraform state bucket." });
    new TerraformOutput(this, "state_bucket_arn", { value: this.bucket.arn, description: "ARN of the Terraform state bucket." });
    new TerraformOutput(this, "lock_table_name", { value: this.lockTable.name, description: "Name of the DynamoDB state lock table." });
    new TerraformOutput(this, "lock_table_arn", { value: this.lockTable.arn, description: "ARN of the DynamoDB state lock table." });
    if (this.key) new TerraformOutput(this, "state_kms_key_arn", { value: this.key.arn, description: "KMS key encrypting state bucket and lock table." });
    // One list of settings for both outputs: the -backend-config file and the backend block.
    // kms_key_id: the key's ARN (known once this stack is applied), so state is written with it, not SSE-S3.
    const backendSettings = [
      `bucket         = "${state.bucketName}"`,
      `key            = "${config.backend.key}"`,
      `region         = "${config.region}"`,
      "encrypt        = true",
      ...(this.key ? [`kms_key_id     = "${this.key.arn}"`] : []),
      `dynamodb_table = "${state.lockTableName}"`,
    ];
    new TerraformOutput(this, "backend_config", {
      description: "Partial backend configuration for `terraform init -backend-config=<file>` (save as backend.hcl).",
      value: [...backendSettings, ""].join("\n"),
    });
    new TerraformOutput(this, "backend_snippet", {
      description: 'A ready `terraform { backend "s3" { ... } }` block using this bucket and table.',
      value: [
        "terraform {",
        '  backend "s3" {',
        ...backendSettings.map((l) => `    ${l}`),
        "    # or, with Terraform >= 1.10: use_lockfile = true",
        "  }",
        "}",
        "",
      ].join("\n"),
    });
  }
}
