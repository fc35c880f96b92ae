import { Construct } from "constructs";
import { Fn, Token } from "../../cdktf-core";
import { Flag, choose, greaterThan, isKnown, isUnset, lengthOf, switchOn } from "../foundation/inputs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";

/** Props of {@link BuildCredentialsAccess}. Plain values; each may be a Terraform reference. */
export interface BuildCredentialsAccessProps {
  /** Name (or id) of the controller's task role that gets the inline policy. */
  readonly roleName: string;
  /** Partition of the ARNs, e.g. `aws`. */
  readonly partition: string;
  /** Region of the secrets (the stack's). */
  readonly region: string;
  /** Account of the secrets. */
  readonly accountId: string;
  /** DNS suffix of service endpoints (`amazonaws.com`), for `kms:ViaService`. */
  readonly dnsSuffix: string;
  /** Literal name prefix of the secrets the controller may read, e.g. `jenkins/`. */
  readonly secretNamePrefix: string;
  /**
   * Tag a secret must also carry (key). A Terraform expression that may be null (the registry
   * module) makes the tag condition a `dynamic` block, present only when it is not null.
   * @default - no tag condition
   */
  readonly tagKey?: string;
  /**
   * Value of `tagKey`.
   * @default - no tag condition
   */
  readonly tagValue?: string;
  /**
   * Customer-managed keys the secrets are encrypted with. A Terraform expression (the registry
   * module) chooses between the list and any key of the account when the list is empty.
   * @default - any key of the account (still only through Secrets Manager and only for the prefixed secrets)
   */
  readonly kmsKeyArns?: string[];
  /**
   * Whether the access exists (a Terraform expression switches the policy).
   * @default true
   */
  readonly enabled?: Flag;
}

/**
 * What the AWS Secrets Manager Credentials Provider plugin needs, and nothing more:
 * `secretsmanager:ListSecrets` (it has no resource-level permissions, so `*`; it returns
 * names, tags and descriptions, never values), `secretsmanager:GetSecretValue` on the secrets
 * whose name starts with the prefix (and, with a tag, only those carrying it), and
 * `kms:Decrypt` only when Secrets Manager asks on the controller's behalf for one of those
 * secrets (`kms:ViaService` and the `SecretARN` encryption context).
 */
export class BuildCredentialsAccess extends Construct {
  /** The policy document (tests evaluate it). */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** The inline policy on the task role (the service must wait for it). */
  public readonly rolePolicy: IamRolePolicy;
  /** ARN pattern of the readable secrets. */
  public readonly secretArnPattern: string;

  constructor(scope: Construct, id: string, props: BuildCredentialsAccessProps) {
    super(scope, id);
    const arn = (service: string, resource: string) => `arn:${props.partition}:${service}:${props.region}:${props.accountId}:${resource}`;
    this.secretArnPattern = arn("secretsmanager", `secret:${props.secretNamePrefix}*`);
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "ListCredentialSecrets", effect: "Allow", actions: ["secretsmanager:ListSecrets"], resources: ["*"] },
      {
        sid: "ReadCredentialSecrets",
        effect: "Allow",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.secretArnPattern],
        ...tagCondition(props.tagKey, props.tagValue),
      },
      {
        sid: "DecryptCredentialSecretsViaSecretsManager",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: keyResources(props.kmsKeyArns, arn("kms", "key/*")),
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${props.region}.${props.dnsSuffix}`] },
          { test: "StringLike", variable: "kms:EncryptionContext:SecretARN", values: [this.secretArnPattern] },
        ],
      },
    ];
    const enabled = props.enabled ?? true;
    this.policyDocument = switchOn(new DataAwsIamPolicyDocument(this, "Policy", { statement: statements }), enabled);
    addDynamicTagCondition(
      this.policyDocument,
      statements.findIndex((s) => s.sid === "ReadCredentialSecrets"),
      props.tagKey,
      props.tagValue,
    );
    this.rolePolicy = switchOn(
      new IamRolePolicy(this, "RolePolicy", { name: "build-credentials", role: props.roleName, policy: this.policyDocument.json }),
      enabled,
    );
  }
}

/** The literal condition on the secret's tag, when the tag is known at synth (the stack). */
function tagCondition(key: string | undefined, value: string | undefined): { condition?: DataAwsIamPolicyDocumentStatement["condition"] } {
  if (key === undefined || value === undefined || !isKnown(key) || !isKnown(value)) return {};
  return { condition: [{ test: "StringEquals", variable: `secretsmanager:ResourceTag/${key}`, values: [value] }] };
}

/**
 * A tag known only to Terraform (the registry module, null without a tag): the condition as a
 * `dynamic` block of the statement at `index`, with one element when the tag is set. cdktf
 * renders a dynamic block only as a top-level attribute, so it goes in through an override.
 */
function addDynamicTagCondition(doc: DataAwsIamPolicyDocument, index: number, key: string | undefined, value: string | undefined): void {
  if (key === undefined || value === undefined || (isKnown(key) && isKnown(value))) return;
  doc.addOverride(`statement.${index}.dynamic.condition`, {
    for_each: Token.asAny(Fn.conditional(isUnset(key), [], [{ key, value }])),
    content: { test: "StringEquals", variable: "secretsmanager:ResourceTag/${condition.value.key}", values: ["${condition.value.value}"] },
  });
}

/** The named keys, or `anyKey` when there are none (a conditional when the list is known only to Terraform). */
function keyResources(keys: string[] | undefined, anyKey: string): string[] {
  if (keys === undefined) return [anyKey];
  if (isKnown(keys)) return keys.length > 0 ? keys : [anyKey];
  return Token.asList(choose(greaterThan(lengthOf(keys), 0), keys, [anyKey]));
}
