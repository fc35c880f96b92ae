/**
 * JenkinsBackup (lib/constructs/backup/jenkins-backup.ts) alone in a minimal stack: the
 * encrypted vault and its optional lock, the plan's rules (windows, cold storage, deletion,
 * tags), the selection of the file system, the service role with AWS's backup and restore
 * policies, vault notifications, and the switch known only to Terraform.
 */
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformVariable } from "../../../lib/cdktf-core";
import { BACKUP_VAULT_EVENTS, JenkinsBackup, JenkinsBackupProps } from "../../../lib/constructs/backup/jenkins-backup";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { only, policyStatements, resources } from "../../support/project";
import { synthScope } from "../../support/scope";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4697-8877-665544332211";
const FS = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:jenkins-alerts";
type Props = Omit<JenkinsBackupProps, "env">;
const base: Props = {
  schedule: "cron(0 3 * * ? *)",
  coldStorageAfterDays: 30,
  deleteAfterDays: 120,
  namePrefix: "jenkins",
  kmsKeyArn: KEY,
  fileSystemArn: FS,
  alertsTopicArn: TOPIC,
};

function synth(props: Partial<Props> = {}, region = "eu-west-1") {
  return synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region, accountId: "123456789012" });
    new JenkinsBackup(scope, "Backup", { ...base, ...props, env });
  });
}
const vaultName = expect.stringMatching(/^\$\{aws_backup_vault\.Backup_Vault_[0-9A-F]{8}\.name}$/);

describe("JenkinsBackup with defaults", () => {
  const { out, json } = synth();

  test("a vault encrypted with the stack's key that destroy does not empty; no lock", () => {
    expect(out).toHaveResourceWithProperties(BackupVault, { name: "jenkins-jenkins-home", kms_key_arn: KEY, force_destroy: false });
    expect(resources(json, "aws_backup_vault_lock_configuration")).toHaveLength(0);
  });

  test("the daily rule: the schedule, 1 h start and 6 h completion windows, cold storage and deletion as given, tagged recovery points", () => {
    expect(out).toHaveResourceWithProperties(BackupPlan, { name: "jenkins-jenkins-home" });
    expect(only(json, "aws_backup_plan").rule).toEqual([
      {
        rule_name: "daily",
        target_vault_name: vaultName,
        schedule: "cron(0 3 * * ? *)",
        start_window: 60,
        completion_window: 360,
        lifecycle: { cold_storage_after: 30, delete_after: 120 },
        recovery_point_tags: { Jenkins: "jenkins", BackupRule: "daily" },
      },
    ]);
  });

  test("the selection names the file system by ARN, with the plan and the service role", () => {
    expect(only(json, "aws_backup_selection")).toEqual({
      name: "jenkins-jenkins-home",
      plan_id: expect.stringMatching(/^\$\{aws_backup_plan\.Backup_Plan_[0-9A-F]{8}\.id}$/),
      iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\.Backup_Role_[0-9A-F]{8}\.arn}$/),
      resources: [FS],
    });
  });

  test("the service role: assumed by AWS Backup (no source condition: the service sends none), AWS's backup and restore policies only", () => {
    expect(out).toHaveResourceWithProperties(IamRole, { name: "jenkins-backup" });
    expect(only(json, "aws_iam_role")).not.toHaveProperty("permissions_boundary");
    expect(policyStatements(json, "Backup_Trust")).toEqual([
      { effect: "Allow", principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }], actions: ["sts:AssumeRole"] },
    ]);
    expect(resources(json, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
    expect(resources(json, "aws_iam_role_policy")).toHaveLength(0);
  });

  test("vault notifications to the alerts topic: restores, copy failures, modified recovery points", () => {
    expect(BACKUP_VAULT_EVENTS).toEqual(["RESTORE_JOB_STARTED", "RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED", "RECOVERY_POINT_MODIFIED"]);
    expect(only(json, "aws_backup_vault_notifications")).toEqual({
      backup_vault_name: vaultName,
      sns_topic_arn: TOPIC,
      backup_vault_events: BACKUP_VAULT_EVENTS,
    });
  });

  test("nothing is switched by count", () => {
    for (const [type, blocks] of Object.entries(json.resource))
      for (const [id, b] of Object.entries(blocks)) expect([type, id, b.count]).toEqual([type, id, undefined]);
  });
});

describe("JenkinsBackup with a lock, extra rules, no cold storage, role settings, in another partition", () => {
  const { json } = synth(
    {
      vaultLock: true,
      vaultLockMinRetentionDays: 7,
      vaultLockMaxRetentionDays: 400,
      coldStorageAfterDays: 0,
      additionalRules: [{ name: "monthly", schedule: "cron(0 5 1 * ? *)", cold_storage_after_days: 90, delete_after_days: 365 }],
      iamRoles: { permissionsBoundaryArn: "arn:aws-cn:iam::123456789012:policy/boundary", path: "/jenkins/" },
    },
    "cn-north-1",
  );

  test("the vault lock with the retention limits", () => {
    expect(only(json, "aws_backup_vault_lock_configuration")).toEqual({ backup_vault_name: vaultName, min_retention_days: 7, max_retention_days: 400 });
  });

  test("the extra rule follows the daily one; 0 days means no cold storage", () => {
    const rules = only(json, "aws_backup_plan").rule;
    expect(rules.map((r: { rule_name: string }) => r.rule_name)).toEqual(["daily", "monthly"]);
    expect(rules[0].lifecycle).toEqual({ delete_after: 120 });
    expect(rules[1]).toMatchObject({
      schedule: "cron(0 5 1 * ? *)",
      lifecycle: { cold_storage_after: 90, delete_after: 365 },
      recovery_point_tags: { Jenkins: "jenkins", BackupRule: "monthly" },
    });
  });

  test("the role gets the boundary and the path; AWS's policies are named in the region's partition", () => {
    expect(only(json, "aws_iam_role")).toMatchObject({ permissions_boundary: "arn:aws-cn:iam::123456789012:policy/boundary", path: "/jenkins/" });
    for (const [, a] of resources(json, "aws_iam_role_policy_attachment"))
      expect(a.policy_arn).toMatch(/^arn:aws-cn:iam::aws:policy\/service-role\/AWSBackupServiceRolePolicyFor/);
  });
});

describe("JenkinsBackup switched and shaped by Terraform", () => {
  const { json } = synthScope((scope) => {
    const v = (name: string, type: string) => new TerraformVariable(scope, name, { type });
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
    new JenkinsBackup(scope, "Backup", {
      ...base,
      env,
      enabled: v("backup_enabled", "bool").booleanValue,
      vaultLock: v("vault_lock", "bool").booleanValue,
      additionalRules: v("backup_additional_rules", "list(object({name=string, schedule=string, cold_storage_after_days=number, delete_after_days=number}))")
        .listValue as never,
    });
  });

  test("every resource is counted by the switch; the lock by the switch and the lock flag", () => {
    for (const type of [
      "aws_backup_vault",
      "aws_backup_plan",
      "aws_backup_selection",
      "aws_backup_vault_notifications",
      "aws_iam_role",
      "aws_iam_role_policy_attachment",
    ])
      for (const b of Object.values(json.resource[type])) expect([type, b.count]).toEqual([type, "${var.backup_enabled ? 1 : 0}"]);
    expect(Object.values(json.data!.aws_iam_policy_document)[0].count).toBe("${var.backup_enabled ? 1 : 0}");
    expect(only(json, "aws_backup_vault_lock_configuration").count).toBe("${(var.backup_enabled && var.vault_lock) ? 1 : 0}");
  });

  test("the rules as a dynamic block over the daily rule and the variable's rules", () => {
    const plan = only(json, "aws_backup_plan");
    expect(plan).not.toHaveProperty("rule");
    expect(plan.dynamic.rule.for_each).toContain("concat([{");
    expect(plan.dynamic.rule.for_each).toContain("var.backup_additional_rules");
    expect(plan.dynamic.rule.content).toMatchObject({
      start_window: 60,
      completion_window: 360,
      rule_name: "${each.value.name}",
      schedule: "${each.value.schedule}",
    });
  });
});
