import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn, Token } from "../../cdktf-core";
import { Flag, choose, isKnown, isSet, switchOn } from "../foundation/inputs";

/** Props of {@link SignInSecretAccess}. Give exactly one of `secretsManagerArn` and `ssmParameter`. */
export interface SignInSecretAccessProps {
  /** Name (or id) of the controller's execution role (ECS reads the secret at task start). */
  readonly executionRoleName: string;
  /** Partition of the ARNs, e.g. `aws`. */
  readonly partition: string;
  /** Region of the stack. */
  readonly region: string;
  /** Account of the stack. */
  readonly accountId: string;
  /** DNS suffix of service endpoints (`amazonaws.com`), for `kms:ViaService`. */
  readonly dnsSuffix: string;
  /** Container environment variable that receives the value. */
  readonly environmentName: string;
  /**
   * ARN of the Secrets Manager secret (full, or without the 6-character suffix).
   * @default - none; then `ssmParameter`
   */
  readonly secretsManagerArn?: string;
  /**
   * Key inside a JSON secret.
   * @default - the whole secret string
   */
  readonly jsonKey?: string;
  /**
   * Name or ARN of the SSM SecureString parameter.
   * @default - none; then `secretsManagerArn`
   */
  readonly ssmParameter?: string;
  /**
   * Whether the secret is the Secrets Manager one (a Terraform expression when only Terraform
   * knows which of the two references is set; both are then given and may be null).
   * @default - `secretsManagerArn` is given
   */
  readonly fromSecretsManager?: Flag;
  /**
   * Whether the access exists (a Terraform expression switches the policy and the container secret).
   * @default true
   */
  readonly enabled?: Flag;
}

/**
 * The OpenID Connect client secret as an ECS secret of the controller container: ECS (the
 * execution role) reads it at task start, so the value never appears in the task definition,
 * the JCasC YAML or Terraform state. The execution role may read exactly that secret or
 * parameter and decrypt only through the owning service for it.
 */
export class SignInSecretAccess extends Construct {
  /** The ECS container secret (`name`, `valueFrom`), present when `enabled` holds. */
  public readonly containerSecret: { readonly name: string; readonly valueFrom: string; readonly enabled: Flag };
  /** The policy document (tests evaluate it). */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** The inline policy on the execution role (the service must wait for it). */
  public readonly rolePolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: SignInSecretAccessProps) {
    super(scope, id);
    const sm = props.fromSecretsManager ?? props.secretsManagerArn !== undefined;
    if (typeof sm === "boolean" && (props.secretsManagerArn === undefined) === (props.ssmParameter === undefined))
      throw new Error(
        `SignInSecretAccess: give exactly one of secretsManagerArn and ssmParameter (got ${JSON.stringify({ secretsManagerArn: props.secretsManagerArn, ssmParameter: props.ssmParameter })})`,
      );
    const arn = (service: string, resource: string) => `arn:${props.partition}:${service}:${props.region}:${props.accountId}:${resource}`;
    // Each value of the Secrets Manager or the SSM form; folded when `sm` is known.
    const pick = <T>(ifSecretsManager: () => T, ifSsm: () => T): T =>
      typeof sm === "boolean" ? (sm ? ifSecretsManager() : ifSsm()) : choose(sm, ifSecretsManager(), ifSsm());
    const secret = props.secretsManagerArn!;
    // A partial ARN (no random suffix) matches the real one only with the suffix pattern.
    const secretResources = () => [secret, `${secret}-??????`];
    const parameterArn = () => {
      const p = props.ssmParameter!;
      if (isKnown(p)) return p.startsWith("arn:") ? p : arn("ssm", `parameter/${p.replace(/^\//, "")}`);
      return choose(Token.asAny(Fn.startswith(p, "arn:")), p, arn("ssm", `parameter/${Fn.trimprefix(p, "/")}`));
    };
    const secretValueFrom = () => (props.jsonKey === undefined ? secret : choose(isSet(props.jsonKey), `${secret}:${props.jsonKey}::`, secret));
    this.containerSecret = { name: props.environmentName, valueFrom: pick(secretValueFrom, parameterArn), enabled: props.enabled ?? true };
    const readResources = pick(secretResources, () => [parameterArn()]);
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "ReadSignInClientSecret",
        effect: "Allow",
        actions: pick(
          () => ["secretsmanager:GetSecretValue"],
          () => ["ssm:GetParameters"],
        ),
        resources: readResources,
      },
      {
        sid: pick(
          () => "DecryptSignInClientSecretViaSecretsManager",
          () => "DecryptSignInClientSecretViaSsm",
        ),
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: [arn("kms", "key/*")],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [
              pick(
                () => `secretsmanager.${props.region}.${props.dnsSuffix}`,
                () => `ssm.${props.region}.${props.dnsSuffix}`,
              ),
            ],
          },
          {
            test: pick(
              () => "StringLike",
              () => "StringEquals",
            ),
            variable: pick(
              () => "kms:EncryptionContext:SecretARN",
              () => "kms:EncryptionContext:PARAMETER_ARN",
            ),
            values: readResources,
          },
        ],
      },
    ];
    const enabled = props.enabled ?? true;
    this.policyDocument = switchOn(new DataAwsIamPolicyDocument(this, "Policy", { statement: statements }), enabled);
    this.rolePolicy = switchOn(
      new IamRolePolicy(this, "RolePolicy", { name: "sign-in-client-secret", role: props.executionRoleName, policy: this.policyDocument.json }),
      enabled,
    );
  }
}
