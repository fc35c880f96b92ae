import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { Fn, TerraformLocal } from "../../cdktf-core";
import { AwsEnvironment } from "../foundation/aws-environment";
import { Flag, isKnown, switchOn, when } from "../foundation/inputs";

/** Props of {@link AdminPassword}. */
export interface AdminPasswordProps {
  /** Create the parameter (from `value`); otherwise it must exist. */
  readonly create: Flag;
  /** Name of the SecureString parameter (with or without a leading `/`). */
  readonly parameterName: string;
  /**
   * The password, when the parameter is created: a sensitive Terraform variable.
   * @default - none (required when `create` may be true)
   */
  readonly value?: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /** KMS key of a created parameter. */
  readonly kmsKeyArn: string;
}

/**
 * The Jenkins admin password in SSM Parameter Store (SecureString). Bring your own parameter
 * (default `jenkins-pwd`, as in the AWS blog post), or let the stack create it from the
 * sensitive variable `jenkins_admin_password` (`TF_VAR_jenkins_admin_password`), encrypted
 * with the stack's key. The value never appears in the task definition or the JCasC YAML:
 * ECS injects it as a secret.
 */
export class AdminPassword extends Construct {
  /** ARN of the parameter (IAM resource and ECS secret source). */
  public readonly parameterArn: string;
  /** The created parameter, if it may exist. */
  public readonly parameter?: SsmParameter;

  constructor(scope: Construct, id: string, props: AdminPasswordProps) {
    super(scope, id);
    // The same ARN whether the parameter is created here or already exists.
    // In a local when only Terraform knows the name: the ARN also goes into JSON text (container definitions).
    const path = isKnown(props.parameterName)
      ? props.parameterName.replace(/^\//, "")
      : new TerraformLocal(this, "ParameterPath", Fn.trimprefix(props.parameterName, "/")).asString;
    const computedArn = props.env.arn("ssm", `parameter/${path}`);
    this.parameter = when(props.create, () => {
      if (props.value === undefined) throw new Error(`${this.node.path}: a created admin password parameter needs a value`);
      return switchOn(
        new SsmParameter(this, "Parameter", {
          name: props.parameterName,
          type: "SecureString",
          keyId: props.kmsKeyArn,
          value: props.value,
          description: "Jenkins admin password (user from controller.adminUser)",
        }),
        props.create,
      );
    });
    this.parameterArn = props.create === true && this.parameter ? this.parameter.arn : computedArn;
  }
}
