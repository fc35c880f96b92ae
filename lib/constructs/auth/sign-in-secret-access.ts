import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";

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
}

/**
 * The OpenID Connect client secret as an ECS secret of the controller container: ECS (the
 * execution role) reads it at task start, so the value never appears in the task definition,
 * the JCasC YAML or Terraform state. The execution role may read exactly that secret or
 * parameter and decrypt only through the owning service for it.
 */
export class SignInSecretAccess extends Construct {
  /** The ECS container secret (`name`, `valueFrom`). */
  public readonly containerSecret: { readonly name: string; readonly valueFrom: string };
  /** The policy document (tests evaluate it). */
  public readonly policyDocument: DataAwsIamPolicyDocument;
  /** The inline policy on the execution role (the service must wait for it). */
  public readonly rolePolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: SignInSecretAccessProps) {
    super(scope, id);
    if ((props.secretsManagerArn === undefined) === (props.ssmParameter === undefined))
      throw new Error(`SignInSecretAccess: give exactly one of secretsManagerArn and ssmParameter (got ${JSON.stringify({ secretsManagerArn: props.secretsManagerArn, ssmParameter: props.ssmParameter })})`);
    const arn = (service: string, resource: string) => `arn:${props.partition}:${service}:${props.region}:${props.accountId}:${resource}`;
    let statements: DataAwsIamPolicyDocumentStatement[];
    if (props.secretsManagerArn !== undefined) {
      const secret = props.secretsManagerArn;
      // A partial ARN (no random suffix) matches the real one only with the suffix pattern.
      const resources = [secret, `${secret}-??????`];
      this.containerSecret = { name: props.environmentName, valueFrom: props.jsonKey ? `${secret}:${props.jsonKey}::` : secret };
      statements = [
        { sid: "ReadSignInClientSecret", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources },
        {
          sid: "DecryptSignInClientSecretViaSecretsManager",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [arn("kms", "key/*")],
          condition: [
            { test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${props.region}.${props.dnsSuffix}`] },
            { test: "StringLike", variable: "kms:EncryptionContext:SecretARN", values: resources },
          ],
        },
      ];
    } else {
      const p = props.ssmParameter!;
      const parameterArn = p.startsWith("arn:") ? p : arn("ssm", `parameter/${p.replace(/^\//, "")}`);
      this.containerSecret = { name: props.environmentName, valueFrom: parameterArn };
      statements = [
        { sid: "ReadSignInClientSecret", effect: "Allow", actions: ["ssm:GetParameters"], resources: [parameterArn] },
        {
          sid: "DecryptSignInClientSecretViaSsm",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [arn("kms", "key/*")],
          condition: [
            { test: "StringEquals", variable: "kms:ViaService", values: [`ssm.${props.region}.${props.dnsSuffix}`] },
            { test: "StringEquals", variable: "kms:EncryptionContext:PARAMETER_ARN", values: [parameterArn] },
          ],
        },
      ];
    }
    this.policyDocument = new DataAwsIamPolicyDocument(this, "Policy", { statement: statements });
    this.rolePolicy = new IamRolePolicy(this, "RolePolicy", { name: "sign-in-client-secret", role: props.executionRoleName, policy: this.policyDocument.json });
  }
}
