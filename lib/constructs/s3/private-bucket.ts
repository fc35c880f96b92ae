import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

/** Props of {@link PrivateBucket}. */
export interface PrivateBucketProps {
  /**
   * Exact bucket name.
   * @default - a unique name from `bucketPrefix`
   */
  readonly bucketName?: string;
  /**
   * Name prefix when no exact name is given.
   * @default - Terraform picks a unique name
   */
  readonly bucketPrefix?: string;
  /**
   * KMS key for SSE-KMS (with an S3 bucket key).
   * @default - SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * Days after which non-current object versions are deleted.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which current objects expire.
   * @default - never
   */
  readonly expireObjectsAfterDays?: number;
  /**
   * Existing bucket receiving server access logs.
   * @default - access logging off
   */
  readonly accessLogBucket?: string;
  /**
   * Let `destroy` delete the bucket with its objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Extra bucket-policy statements.
   * @default - only the TLS-only statements
   */
  readonly extraPolicyStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
}

/**
 * An S3 bucket nobody outside the account can reach: versioning, default encryption, all
 * four public-access-block flags, owner-enforced object ownership (no ACLs), a policy that
 * denies plain HTTP and TLS below 1.2, lifecycle for old versions and aborted uploads, and
 * optional access logging.
 */
export class PrivateBucket extends Construct {
  /** The bucket. */
  public readonly bucket: S3Bucket;
  /** The bucket policy document. */
  public readonly policyDocument: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      bucketPrefix: props.bucketName ? undefined : props.bucketPrefix,
      forceDestroy: props.forceDestroy ?? false,
    });
    const bucketRef = { bucket: this.bucket.id };

    new S3BucketVersioningA(this, "Versioning", { ...bucketRef, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      ...bucketRef,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn } : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      ...bucketRef,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", { ...bucketRef, rule: { objectOwnership: "BucketOwnerEnforced" } });

    const arn = this.bucket.arn;
    this.policyDocument = new DataAwsIamPolicyDocument(this, "PolicyDocument", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          sid: "DenyOutdatedTls",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [arn, `${arn}/*`],
          condition: [{ test: "NumericLessThan", variable: "s3:TlsVersion", values: ["1.2"] }],
        },
        ...(props.extraPolicyStatements?.(arn) ?? []),
      ],
    });
    new S3BucketPolicy(this, "Policy", {
      ...bucketRef,
      policy: this.policyDocument.json,
      // S3 rejects policy changes while the public access block is still being applied.
      dependsOn: [publicAccess],
    });

    const rule: S3BucketLifecycleConfigurationRule = {
      id: "expire-old-versions",
      status: "Enabled",
      filter: [{ prefix: "" }],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      expiration: props.expireObjectsAfterDays ? [{ days: props.expireObjectsAfterDays }] : undefined,
    };
    new S3BucketLifecycleConfiguration(this, "Lifecycle", { ...bucketRef, rule: [rule] });

    if (props.accessLogBucket) {
      new S3BucketLoggingA(this, "Logging", { ...bucketRef, targetBucket: props.accessLogBucket, targetPrefix: `s3-access/${id}/` });
    }
  }
}
