/**
 * EncryptionKey (lib/constructs/kms/encryption-key.ts) alone in a minimal stack: rotation,
 * deletion window, the alias, and the key policy (account root plus the statements given).
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformOutput } from "../../../lib/cdktf-core";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { EncryptionKey, EncryptionKeyProps } from "../../../lib/constructs/kms/encryption-key";
import { only, policyStatements } from "../../support/project";
import { synthScope } from "../../support/scope";

function synth(props: Omit<EncryptionKeyProps, "env">, region = "eu-west-1") {
  const s = synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region, accountId: "123456789012" });
    const key = new EncryptionKey(scope, "Efs", { env, ...props });
    new TerraformOutput(scope, "arn", { value: key.arn });
  });
  return s;
}

describe("EncryptionKey with defaults", () => {
  const { out, json } = synth({ alias: "jenkins-efs", description: "Jenkins home file system" });

  test("yearly rotation, a 30-day deletion window, the description given", () => {
    expect(out).toHaveResourceWithProperties(KmsKey, {
      description: "Jenkins home file system",
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
    });
  });

  test("the alias alias/<alias> targets the key", () => {
    expect(out).toHaveResourceWithProperties(KmsAlias, { name: "alias/jenkins-efs" });
    expect(only(json, "aws_kms_alias").target_key_id).toMatch(/^\$\{aws_kms_key\.Efs_Key_[0-9A-F]{8}\.key_id}$/);
  });

  test("the key policy is the policy document, which grants kms:* to the account root only", () => {
    expect(only(json, "aws_kms_key").policy).toMatch(/^\$\{data\.aws_iam_policy_document\.Efs_Policy_[0-9A-F]{8}\.json}$/);
    expect(policyStatements(json, "Efs_Policy")).toEqual([
      {
        sid: "AccountRootManagesKey",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
        actions: ["kms:*"],
        resources: ["*"],
      },
    ]);
  });

  test("arn is the key's ARN", () => {
    expect(json.output?.arn.value).toMatch(/^\$\{aws_kms_key\.Efs_Key_[0-9A-F]{8}\.arn}$/);
  });
});

describe("EncryptionKey with statements and a deletion window", () => {
  const logs = {
    sid: "CloudWatchLogsUse",
    effect: "Allow",
    principals: [{ type: "Service", identifiers: ["logs.cn-north-1.amazonaws.com.cn"] }],
    actions: ["kms:Encrypt*", "kms:Decrypt*"],
    resources: ["*"],
  };
  const { out, json } = synth({ alias: "jenkins-logs", description: "logs", statements: [logs], deletionWindowDays: 7 }, "cn-north-1");

  test("the deletion window given", () => {
    expect(out).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7, enable_key_rotation: true });
  });

  test("the given statements follow the root statement; the root ARN is in the region's partition", () => {
    const statements = policyStatements(json, "Efs_Policy");
    expect(statements.map((s) => s.sid)).toEqual(["AccountRootManagesKey", "CloudWatchLogsUse"]);
    expect(statements[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws-cn:iam::123456789012:root"] }]);
    expect(statements[1]).toEqual(logs);
  });
});
