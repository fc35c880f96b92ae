import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsEnvironment } from "../foundation/aws-environment";
import { choose, isSet, not, switchOn } from "../foundation/inputs";

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
  /**
   * A key of the caller's to use instead (issue 16, enterprise hooks): a key ARN, or a
   * Terraform expression that may be null (the registry module's `kms_key_arn`). Given, no
   * key, alias or key policy is created here and {@link EncryptionKey.arn} is this key.
   * @default - a key is created
   */
  readonly existingKeyArn?: string;
}

/**
 * A customer-managed KMS key with yearly rotation, an alias, and an explicit key policy:
 * the account root (so IAM policies in the account can grant use) plus the statements given.
 */
export class EncryptionKey extends Construct {
  /** The key, unless an existing one was given. */
  public readonly key?: KmsKey;
  /** The alias `alias/<alias>`, unless an existing key was given. */
  public readonly keyAlias?: KmsAlias;
  /** The key policy document, unless an existing key was given. */
  public readonly policy?: DataAwsIamPolicyDocument;
  /** The key ARN: the created key, or the existing one. */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    // Known at synth (the stack): create or not; a Terraform expression (the module): count.
    const create = not(isSet(props.existingKeyArn));
    if (create === false) {
      this.arn = props.existingKeyArn!;
      return;
    }
    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
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
    this.policy = switchOn(policy, create);
    const key = new KmsKey(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policy.json,
    });
    this.key = switchOn(key, create);
    this.keyAlias = switchOn(
      new KmsAlias(this, "Alias", {
        name: `alias/${props.alias}`,
        targetKeyId: key.keyId,
      }),
      create,
    );
    this.arn = choose(create, key.arn, props.existingKeyArn!);
  }
}
