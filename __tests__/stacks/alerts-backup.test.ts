import { Testing } from "cdktf";
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { BACKUP_VAULT_EVENTS } from "../../lib/constructs/backup/jenkins-backup";
import { byId, configWith, JsonBlock, only, policyStatements, project, resources, synthJson, SynthJson } from "../support/project";

const ref = (type: string, idPart: string, attr: string) =>
  expect.stringMatching(new RegExp(`^\\$\\{${type}\\.[A-Za-z0-9_]*${idPart}[A-Za-z0-9_]*\\.${attr}\\}$`));
/** The alarm named `jenkins-<name>`; undefined when there is none (typed as found, so tests read its fields directly). */
const alarm = (j: SynthJson, name: string): JsonBlock =>
  resources(j, "aws_cloudwatch_metric_alarm").find(([, a]) => a.alarm_name === `jenkins-${name}`)?.[1] as JsonBlock;
const rule = (j: SynthJson, name: string) => {
  const r = resources(j, "aws_cloudwatch_event_rule").find(([, x]) => x.name === `jenkins-${name}`)?.[1];
  return r && { ...r, pattern: JSON.parse(r.event_pattern) };
};

describe("AWS Backup of JENKINS_HOME", () => {
  const { jenkins } = project();
  const synth = Testing.synth(jenkins);
  const json = synthJson(jenkins);

  test("vault encrypted with the stack's KMS key", () => {
    expect(synth).toHaveResourceWithProperties(BackupVault, { name: "jenkins-jenkins-home", kms_key_arn: ref("aws_kms_key", "DataKey", "arn") });
  });

  test("daily plan: cron(0 0 * * ? *), cold after 30 days, delete after 120", () => {
    expect(synth).toHaveResourceWithProperties(BackupPlan, {
      rule: [
        expect.objectContaining({
          rule_name: "daily",
          schedule: "cron(0 0 * * ? *)",
          lifecycle: { cold_storage_after: 30, delete_after: 120 },
          target_vault_name: ref("aws_backup_vault", "Backup_Vault", "name"),
        }),
      ],
    });
  });

  test("selection targets the EFS file system by ARN with the backup role", () => {
    expect(only(json, "aws_backup_selection")).toMatchObject({
      resources: [ref("aws_efs_file_system", "JenkinsHome", "arn")],
      iam_role_arn: ref("aws_iam_role", "Backup_Role", "arn"),
      plan_id: ref("aws_backup_plan", "Backup_Plan", "id"),
    });
  });

  test("service role with AWS's backup and restore policies, trusted by backup.amazonaws.com of this account", () => {
    const attached = resources(json, "aws_iam_role_policy_attachment").map(([, a]) => a.policy_arn);
    expect(attached).toEqual(
      expect.arrayContaining([
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
      ]),
    );
    expect(policyStatements(json, "Backup_Trust")[0]).toMatchObject({ principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }] });
  });

  test("vault notifications go to the alerts topic", () => {
    expect(only(json, "aws_backup_vault_notifications")).toMatchObject({
      sns_topic_arn: ref("aws_sns_topic", "Alerts_Topic", "arn"),
      backup_vault_events: BACKUP_VAULT_EVENTS,
    });
    expect(BACKUP_VAULT_EVENTS).toEqual(expect.arrayContaining(["RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED"]));
    // Deprecated in PutBackupVaultNotifications: accepted but never sent (failures come through EventBridge).
    expect(BACKUP_VAULT_EVENTS).not.toEqual(expect.arrayContaining(["BACKUP_JOB_FAILED"]));
    expect(BACKUP_VAULT_EVENTS).not.toEqual(expect.arrayContaining(["BACKUP_JOB_EXPIRED"]));
  });

  test("EFS automatic backups are off: the stack's plan covers the file system", () => {
    expect(only(json, "aws_efs_backup_policy").backup_policy).toEqual({ status: "DISABLED" });
  });

  test("schedule, retention, extra rules and vault lock follow config", () => {
    const j = synthJson(
      project(
        configWith({
          backup: {
            schedule: "cron(30 2 ? * SUN *)",
            coldStorageAfterDays: 0,
            deleteAfterDays: 35,
            additionalRules: [{ name: "monthly", schedule: "cron(0 3 1 * ? *)", coldStorageAfterDays: 30, deleteAfterDays: 365 }],
            vaultLock: { enabled: true, minRetentionDays: 7, maxRetentionDays: 400 },
          },
        }),
      ).jenkins,
    );
    const rules = only(j, "aws_backup_plan").rule;
    expect(rules.map((r: JsonBlock) => [r.rule_name, r.schedule, r.lifecycle])).toEqual([
      ["daily", "cron(30 2 ? * SUN *)", { delete_after: 35 }],
      ["monthly", "cron(0 3 1 * ? *)", { cold_storage_after: 30, delete_after: 365 }],
    ]);
    expect(only(j, "aws_backup_vault_lock_configuration")).toMatchObject({ min_retention_days: 7, max_retention_days: 400 });
  });

  test("backup off: no vault, plan or selection; EFS backup policy left alone", () => {
    const j = synthJson(project(configWith({ backup: { enabled: false } })).jenkins);
    for (const t of ["aws_backup_vault", "aws_backup_plan", "aws_backup_selection", "aws_efs_backup_policy"]) expect(j.resource[t]).toBeUndefined();
    expect(rule(j, "backup-failed")).toBeUndefined();
  });
});

describe("SNS alerts", () => {
  const json = synthJson(project().jenkins);

  test("topic encrypted with its own customer-managed key (not alias/aws/sns)", () => {
    expect(Testing.synth(project().jenkins)).toHaveResourceWithProperties(SnsTopic, {
      name: "jenkins-alerts",
      kms_master_key_id: ref("aws_kms_key", "Alerts_Key", "arn"),
    });
  });

  test("key policy lets CloudWatch, EventBridge and AWS Backup use the key; EventBridge without source conditions", () => {
    const s = policyStatements(json, "Alerts_Key_Policy");
    const bySid = (sid: string) => s.find((x) => x.sid === sid)!;
    expect(bySid("CloudWatchAlarmsPublish")).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
    });
    expect(bySid("EventBridgePublish")).toMatchObject({
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
    });
    expect(bySid("EventBridgePublish").condition).toBeUndefined();
    expect(bySid("BackupNotificationsPublish").principals).toEqual([{ type: "Service", identifiers: ["backup.amazonaws.com"] }]);
  });

  test("topic policy lets the three services publish", () => {
    const s = policyStatements(json, "Alerts_TopicPolicyDocument");
    const publishers = s
      .filter((x) => x.effect === "Allow" && x.actions.includes("sns:Publish"))
      .flatMap((x) => x.principals.flatMap((p: { identifiers: string[] }) => p.identifiers));
    expect(publishers).toEqual(expect.arrayContaining(["cloudwatch.amazonaws.com", "events.amazonaws.com", "backup.amazonaws.com"]));
    expect(s.find((x) => x.sid === "EventBridgePublish")!.condition).toEqual([
      { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:events:eu-west-1:123456789012:rule/jenkins-*"] },
    ]);
    expect(only(json, "aws_sns_topic_policy").arn).toEqual(ref("aws_sns_topic", "Alerts_Topic", "arn"));
  });

  test("subscriptions from config: email, https, sqs", () => {
    expect(resources(json, "aws_sns_topic_subscription").map(([, s]) => [s.protocol, s.endpoint])).toEqual([["email", "jenkins-ops@example.com"]]);
    const j = synthJson(
      project(
        configWith({
          alerts: {
            emails: ["a@example.com", "b@example.org"],
            httpsEndpoints: ["https://hooks.example.com/x"],
            sqsQueueArns: ["arn:aws:sqs:eu-west-1:123456789012:alerts"],
          },
        }),
      ).jenkins,
    );
    expect(
      resources(j, "aws_sns_topic_subscription")
        .map(([, s]) => s.protocol)
        .sort(),
    ).toEqual(["email", "email", "https", "sqs"]);
  });

  test("controller CPU and memory alarms on the controller service, thresholds from config", () => {
    const dims = { ClusterName: ref("aws_ecs_cluster", "Controller_Cluster", "name"), ServiceName: ref("aws_ecs_service", "Controller_Service", "name") };
    expect(alarm(json, "controller-cpu-high")).toMatchObject({ namespace: "AWS/ECS", metric_name: "CPUUtilization", threshold: 80, dimensions: dims });
    expect(alarm(json, "controller-memory-high")).toMatchObject({ metric_name: "MemoryUtilization", threshold: 85, dimensions: dims });
    expect(alarm(json, "controller-not-running")).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
    const j = synthJson(project(configWith({ alerts: { controllerCpuPercent: 60 } })).jenkins);
    expect(alarm(j, "controller-cpu-high").threshold).toBe(60);
  });

  test("ALB 5xx and unhealthy-target alarms point at the ALB and target group", () => {
    const a5 = alarm(json, "alb-5xx");
    expect(a5.metric_query.find((q: JsonBlock) => q.id === "elb").metric.dimensions).toEqual({
      LoadBalancer: ref("aws_alb", "LoadBalancer_Alb", "arn_suffix"),
    });
    expect(a5.metric_query.find((q: JsonBlock) => q.id === "target").metric.dimensions).toEqual({
      LoadBalancer: ref("aws_alb", "LoadBalancer_Alb", "arn_suffix"),
      TargetGroup: ref("aws_alb_target_group", "LoadBalancer_TargetGroup", "arn_suffix"),
    });
    expect(alarm(json, "controller-unhealthy").dimensions).toEqual({
      LoadBalancer: ref("aws_alb", "LoadBalancer_Alb", "arn_suffix"),
      TargetGroup: ref("aws_alb_target_group", "LoadBalancer_TargetGroup", "arn_suffix"),
    });
  });

  test("EFS: client connections alarm (elastic), burst credits alarm (bursting)", () => {
    expect(alarm(json, "efs-no-clients")).toMatchObject({
      metric_name: "ClientConnections",
      dimensions: { FileSystemId: ref("aws_efs_file_system", "JenkinsHome", "id") },
    });
    expect(alarm(json, "efs-burst-credits-low")).toBeUndefined();
    const j = synthJson(project(configWith({ storage: { throughputMode: "bursting" } })).jenkins);
    expect(alarm(j, "efs-burst-credits-low")).toMatchObject({ metric_name: "BurstCreditBalance", threshold: 1e12 });
  });

  test("every alarm notifies the topic on ALARM and OK", () => {
    for (const [, a] of resources(json, "aws_cloudwatch_metric_alarm")) {
      expect(a.alarm_actions).toEqual([ref("aws_sns_topic", "Alerts_Topic", "arn")]);
      expect(a.ok_actions).toEqual([ref("aws_sns_topic", "Alerts_Topic", "arn")]);
    }
  });

  test("events: controller task stopped unexpectedly, on the controller cluster", () => {
    expect(rule(json, "controller-task-stopped")!.pattern).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [expect.stringMatching(/aws_ecs_cluster\.Controller_Cluster.*\.arn/)],
        lastStatus: ["STOPPED"],
        stopCode: ["EssentialContainerExited", "TaskFailedToStart", "SpotInterruption"],
      },
    });
  });

  test("events: agent failures and Spot interruptions on both agent clusters, not the plugin's own stops", () => {
    const p = rule(json, "agent-task-failed")!.pattern;
    expect(p.detail.clusterArn).toEqual([expect.stringMatching(/Agents_FargateCluster/), expect.stringMatching(/Agents_SpotCluster/)]);
    expect(p.detail.$or).toEqual([
      { stopCode: ["SpotInterruption", "TaskFailedToStart"] },
      { stopCode: ["EssentialContainerExited"], containers: { exitCode: [{ "anything-but": 0 }] } },
    ]);
    expect(JSON.stringify(p)).not.toContain("UserInitiated");
    const j = synthJson(project(configWith({ alerts: { agentTaskFailures: false } })).jenkins);
    expect(rule(j, "agent-task-failed")).toBeUndefined();
  });

  test("events: failed backup jobs of this vault", () => {
    expect(rule(json, "backup-failed")!.pattern).toEqual({
      source: ["aws.backup"],
      "detail-type": ["Backup Job State Change"],
      detail: { state: ["FAILED", "ABORTED", "EXPIRED"], backupVaultName: [expect.stringMatching(/aws_backup_vault\.Backup_Vault.*\.name/)] },
    });
  });

  test("every rule targets the topic", () => {
    const targets = resources(json, "aws_cloudwatch_event_target").map(([, t]) => t);
    expect(targets).toHaveLength(resources(json, "aws_cloudwatch_event_rule").length);
    for (const t of targets) expect(t.arn).toEqual(ref("aws_sns_topic", "Alerts_Topic", "arn"));
  });

  test("the controller may publish build notifications to this topic only", () => {
    const s = policyStatements(json, "ControllerRoles_TaskPolicy");
    expect(s.filter((x) => x.actions.includes("sns:Publish"))).toEqual([expect.objectContaining({ resources: [ref("aws_sns_topic", "Alerts_Topic", "arn")] })]);
    expect(byId(json, "aws_sns_topic", "Alerts_Topic")).toBeDefined();
  });
});
