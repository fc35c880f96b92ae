/**
 * AdminPassword (lib/constructs/controller/admin-password.ts) alone in a minimal stack: a
 * created SecureString parameter encrypted with the stack's key, or the ARN of an existing
 * one, and a switch that is a Terraform expression (the registry module).
 */
import type { Construct } from "constructs";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { TerraformOutput, TerraformVariable } from "../../../lib/cdktf-core";
import { AdminPassword } from "../../../lib/constructs/controller/admin-password";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { only, resources } from "../../support/project";
import { synthScope } from "../../support/scope";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";

type Props = ConstructorParameters<typeof AdminPassword>[2];

/** The construct in a stack with the sensitive variable; `parameterArn` resolved through an output. */
function synth(props: Partial<Props> | ((scope: Construct) => Partial<Props>)) {
  let pw!: AdminPassword;
  const s = synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
    const value = new TerraformVariable(scope, "jenkins_admin_password", { type: "string", sensitive: true }).stringValue;
    const extra = typeof props === "function" ? props(scope) : props;
    pw = new AdminPassword(scope, "AdminPassword", { create: true, parameterName: "/jenkins/admin", value, env, kmsKeyArn: KEY, ...extra });
    new TerraformOutput(scope, "arn", { value: pw.parameterArn });
  });
  return { ...s, pw, arn: s.json.output!.arn.value };
}

describe("AdminPassword", () => {
  test("created: a SecureString with the stack's key and the value from the sensitive variable; its ARN is the parameter's", () => {
    const { out, json, pw, arn } = synth({});
    expect(out).toHaveResourceWithProperties(SsmParameter, {
      name: "/jenkins/admin",
      type: "SecureString",
      key_id: KEY,
      value: "${var.jenkins_admin_password}",
    });
    expect(json.variable?.jenkins_admin_password).toMatchObject({ sensitive: true });
    expect(only(json, "aws_ssm_parameter")).not.toHaveProperty("count");
    expect(pw.parameter).toBeDefined();
    expect(arn).toMatch(/^\$\{aws_ssm_parameter\.AdminPassword_Parameter_[0-9A-F]{8}\.arn}$/);
  });

  test("brought: no parameter, the ARN is built from the name without its leading slash", () => {
    const { json, pw, arn } = synth({ create: false, parameterName: "/jenkins-pwd", value: undefined });
    expect(resources(json, "aws_ssm_parameter")).toHaveLength(0);
    expect(pw.parameter).toBeUndefined();
    expect(arn).toBe("arn:aws:ssm:eu-west-1:123456789012:parameter/jenkins-pwd");
  });

  test("created without a value: an error naming the construct", () => {
    expect(() => synth({ value: undefined })).toThrow(/AdminPassword: a created admin password parameter needs a value/);
  });

  test("a switch known only to Terraform: count from the expression, the name's slash trimmed by Terraform", () => {
    const { json, arn } = synth((scope) => ({
      create: new TerraformVariable(scope, "create_admin_password", { type: "bool" }).booleanValue,
      parameterName: new TerraformVariable(scope, "admin_password_parameter", { type: "string" }).stringValue,
    }));
    expect(only(json, "aws_ssm_parameter").count).toBe("${var.create_admin_password ? 1 : 0}");
    const locals = Object.entries((json as unknown as { locals: Record<string, string> }).locals);
    expect(locals).toEqual([[expect.stringMatching(/ParameterPath/), '${trimprefix(var.admin_password_parameter, "/")}']]);
    // The same ARN whether Terraform creates the parameter or not: built from the trimmed name.
    expect(arn).toBe(`arn:aws:ssm:eu-west-1:123456789012:parameter/\${local.${locals[0][0]}}`);
  });
});
