import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsEnvironment } from "../foundation/aws-environment";

/** Props of {@link EncryptionKey}. */
export interface EncryptionKeyProps {
  /** Account/region/partition of the stack. */
  readonly env: AwsEnvironment;
  /** Alias without the `alias/` prefix, e.g. `jenkins-efs`. */
  readonly alias: string;
  /** What the key protects (the key description). */
  readonly description: string;
  /**
   * Extra key-policy statements, e.g. grants to service principals such as `logs` or `sns`.
   * @default - only the account root statement (IAM policies decide)
   */
  readonly statements?: DataAwsIamPolicyDocumentStatement[];
  /**
   * Days before a scheduled deletion completes.
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/**
 * A customer-managed KMS key with yearly rotation, an alias, and an explicit key policy:
 * the account root (so IAM policies in the account can grant use) plus the statements given.
 */
export class EncryptionKey extends Construct {
  /** The key. */
  public readonly key: KmsKey;
  /** The alias `alias/<alias>`. */
  public readonly keyAlias: KmsAlias;
  /** The key policy document. */
  public readonly policy: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "AccountRootManagesKey",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [props.env.rootArn] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        ...(props.statements ?? []),
      ],
    });
    this.key = new KmsKey(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: this.policy.json,
    });
    this.keyAlias = new KmsAlias(this, "Alias", {
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
    });
  }

  /** The key ARN. */
  public get arn(): string {
    return this.key.arn;
  }
}
