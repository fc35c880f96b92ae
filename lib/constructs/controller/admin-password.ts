import { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformVariable } from "../../cdktf-core";
import { AwsEnvironment } from "../foundation/aws-environment";
import type { JenkinsConfig } from "../../config/schema";

/** Terraform variable that carries the password when the stack creates the parameter. */
export const ADMIN_PASSWORD_VARIABLE = "jenkins_admin_password";

/** Props of {@link AdminPassword}. */
export interface AdminPasswordProps {
  /** Password settings from the configuration. */
  readonly adminPassword: JenkinsConfig["controller"]["adminPassword"];
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
  /** The created parameter, if any. */
  public readonly parameter?: SsmParameter;

  constructor(scope: Construct, id: string, props: AdminPasswordProps) {
    super(scope, id);
    const p = props.adminPassword;
    const name = p.parameterName;
    if (!p.create) {
      this.parameterArn = props.env.arn("ssm", `parameter/${name.replace(/^\//, "")}`);
      return;
    }
    const value = new TerraformVariable(scope, ADMIN_PASSWORD_VARIABLE, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: "Jenkins admin password stored in SSM (controller.adminPassword.create = true). At least 12 characters.",
      validation: [{ condition: `\${length(var.${ADMIN_PASSWORD_VARIABLE}) >= 12}`, errorMessage: "jenkins_admin_password must be at least 12 characters." }],
    });
    this.parameter = new SsmParameter(this, "Parameter", {
      name,
      type: "SecureString",
      keyId: props.kmsKeyArn,
      value: value.stringValue,
      description: "Jenkins admin password (user from controller.adminUser)",
    });
    this.parameterArn = this.parameter.arn;
  }
}
