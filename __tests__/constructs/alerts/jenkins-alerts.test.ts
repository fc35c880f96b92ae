/**
 * JenkinsAlerts (lib/constructs/alerts/jenkins-alerts.ts, alarms and rules from
 * alert-definitions.ts) alone in a minimal stack: the topic and its own key, the key and topic
 * policies for the publishing services, subscriptions, and what `watch` creates.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { TerraformVariable } from "../../../lib/cdktf-core";
import { AlertTargets, JenkinsAlerts, JenkinsAlertsProps } from "../../../lib/constructs/alerts/jenkins-alerts";
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { only, policyStatements, resources, SynthJson } from "../../support/project";
import { synthScope } from "../../support/scope";

type Props = Omit<JenkinsAlertsProps, "env">;
const base: Props = {
  emails: ["ops@example.com"],
  httpsEndpoints: ["https://hooks.example.com/jenkins"],
  sqsQueueArns: ["arn:aws:sqs:eu-west-1:123456789012:jenkins-alerts"],
  controllerCpuPercent: 85,
  controllerMemoryPercent: 90,
  alb5xxPerFiveMinutes: 10,
  efsBurstCreditBalanceBytes: 1e12,
  efsThroughputMode: "elastic",
  agentTaskFailures: true,
  namePrefix: "jenkins",
};
const targets: AlertTargets = {
  controllerClusterName: "jenkins-controller",
  controllerClusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/jenkins-controller",
  controllerServiceName: "jenkins-controller",
  albArnSuffix: "app/jenkins-alb/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/jenki-/0123456789abcdef",
  fileSystemId: "fs-0123456789abcdef0",
  agentClusterArns: [
    "arn:aws:ecs:eu-west-1:123456789012:cluster/jenkins-agents-fargate",
    "arn:aws:ecs:eu-west-1:123456789012:cluster/jenkins-agents-fargate-spot",
  ],
  backupVaultName: "jenkins-jenkins-home",
};

function synth(props: Partial<Props> = {}, watch: Partial<AlertTargets> | false = {}) {
  return synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
    const alerts = new JenkinsAlerts(scope, "Alerts", { ...base, ...props, env });
    if (watch) alerts.watch({ ...targets, ...watch });
  });
}
const topicArn = expect.stringMatching(/^\$\{aws_sns_topic\.Alerts_Topic_[0-9A-F]{8}\.arn}$/);
type Block = SynthJson["resource"][string][string];
const alarmsByName = (json: SynthJson): Record<string, Block> =>
  Object.fromEntries(resources(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
const rulesByName = (json: SynthJson): Record<string, Block> =>
  Object.fromEntries(resources(json, "aws_cloudwatch_event_rule").map(([, r]) => [r.name, JSON.parse(r.event_pattern)]));

describe("JenkinsAlerts: topic, key, policies, subscriptions", () => {
  const { out, json } = synth({}, false);

  test("the topic is encrypted with its own customer-managed key (alias <prefix>-alerts), not alias/aws/sns", () => {
    expect(out).toHaveResourceWithProperties(SnsTopic, { name: "jenkins-alerts", display_name: "Jenkins (jenkins) alerts" });
    expect(only(json, "aws_sns_topic").kms_master_key_id).toMatch(/^\$\{aws_kms_key\.Alerts_Key_[0-9A-F]{8}\.arn}$/);
    expect(only(json, "aws_kms_alias").name).toBe("alias/jenkins-alerts");
  });

  test("the key lets CloudWatch (this account only), EventBridge and AWS Backup encrypt for the topic, nothing more", () => {
    const statements = policyStatements(json, "Alerts_Key_Policy");
    expect(statements.map((s) => [s.sid, s.principals?.[0].identifiers[0], s.actions, s.condition])).toEqual([
      ["AccountRootManagesKey", "arn:aws:iam::123456789012:root", ["kms:*"], undefined],
      [
        "CloudWatchAlarmsPublish",
        "cloudwatch.amazonaws.com",
        ["kms:GenerateDataKey*", "kms:Decrypt"],
        [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      ],
      ["EventBridgePublish", "events.amazonaws.com", ["kms:GenerateDataKey*", "kms:Decrypt"], undefined],
      ["BackupNotificationsPublish", "backup.amazonaws.com", ["kms:GenerateDataKey*", "kms:Decrypt"], undefined],
    ]);
  });

  test("the topic policy: the three services may publish (EventBridge from this stack's rules only), nobody over plain HTTP, no account principal", () => {
    const statements = policyStatements(json, "Alerts_TopicPolicyDocument");
    expect(statements.map((s) => [s.sid, s.effect, s.principals[0].identifiers[0], s.actions, s.condition])).toEqual([
      [
        "CloudWatchAlarmsPublish",
        "Allow",
        "cloudwatch.amazonaws.com",
        ["sns:Publish"],
        [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      ],
      [
        "EventBridgePublish",
        "Allow",
        "events.amazonaws.com",
        ["sns:Publish"],
        [{ test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:events:eu-west-1:123456789012:rule/jenkins-*"] }],
      ],
      ["BackupNotificationsPublish", "Allow", "backup.amazonaws.com", ["sns:Publish"], undefined],
      ["DenyInsecureTransport", "Deny", "*", ["sns:Publish"], [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]],
    ]);
    for (const s of statements) expect(s.resources).toEqual([topicArn]);
    expect(only(json, "aws_sns_topic_policy").arn).toEqual(topicArn);
  });

  test("one subscription per address: e-mail, HTTPS (confirmed by the endpoint), SQS with raw delivery", () => {
    const subs = resources(json, "aws_sns_topic_subscription").map(([, s]) => s);
    expect(subs.map((s) => [s.protocol, s.endpoint, s.raw_message_delivery ?? null, s.endpoint_auto_confirms ?? null])).toEqual([
      ["email", "ops@example.com", null, null],
      ["https", "https://hooks.example.com/jenkins", null, false],
      ["sqs", "arn:aws:sqs:eu-west-1:123456789012:jenkins-alerts", true, null],
    ]);
    for (const s of subs) expect(s.topic_arn).toEqual(topicArn);
  });

  test("no alarms or rules before watch()", () => {
    expect(resources(json, "aws_cloudwatch_metric_alarm")).toHaveLength(0);
    expect(resources(json, "aws_cloudwatch_event_rule")).toHaveLength(0);
  });
});

describe("JenkinsAlerts.watch", () => {
  const { out, json } = synth();
  const alarms = alarmsByName(json);
  const rules = rulesByName(json);

  test("alarms on controller CPU, memory and running tasks, ALB 5xx and unhealthy targets, EFS clients (not bursting)", () => {
    expect(Object.keys(alarms).sort()).toEqual([
      "jenkins-alb-5xx",
      "jenkins-controller-cpu-high",
      "jenkins-controller-memory-high",
      "jenkins-controller-not-running",
      "jenkins-controller-unhealthy",
      "jenkins-efs-no-clients",
    ]);
  });

  test("every alarm notifies the topic on ALARM and on OK", () => {
    for (const a of Object.values(alarms)) expect([a.alarm_name, a.alarm_actions, a.ok_actions]).toEqual([a.alarm_name, [topicArn], [topicArn]]);
  });

  test("CPU and memory over the thresholds for 15 minutes on the controller service", () => {
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: "jenkins-controller-cpu-high",
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      dimensions: { ClusterName: "jenkins-controller", ServiceName: "jenkins-controller" },
      period: 300,
      evaluation_periods: 3,
      threshold: 85,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(alarms["jenkins-controller-memory-high"]).toMatchObject({ metric_name: "MemoryUtilization", threshold: 90 });
  });

  test("no running controller task for 5 minutes alarms, missing data counts as breaching", () => {
    expect(alarms["jenkins-controller-not-running"]).toMatchObject({
      namespace: "ECS/ContainerInsights",
      metric_name: "RunningTaskCount",
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      evaluation_periods: 5,
      treat_missing_data: "breaching",
    });
  });

  test("5xx of the ALB and of Jenkins summed over 5 minutes against the threshold", () => {
    const a = alarms["jenkins-alb-5xx"];
    expect(a.threshold).toBe(10);
    expect(a.metric_query.map((q: { id: string }) => q.id)).toEqual(["total", "elb", "target"]);
    expect(a.metric_query[0]).toMatchObject({ expression: "FILL(elb, 0) + FILL(target, 0)", return_data: true });
    expect(a.metric_query[2].metric.dimensions).toEqual({ LoadBalancer: targets.albArnSuffix, TargetGroup: targets.targetGroupArnSuffix });
  });

  test("EFS: a file system nothing mounts alarms (breaching when no data)", () => {
    expect(alarms["jenkins-efs-no-clients"]).toMatchObject({
      namespace: "AWS/EFS",
      metric_name: "ClientConnections",
      dimensions: { FileSystemId: targets.fileSystemId },
      treat_missing_data: "breaching",
    });
  });

  test("rules: the controller task stopped on the controller cluster, for unexpected stop codes only", () => {
    expect(rules["jenkins-controller-task-stopped"]).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [targets.controllerClusterArn],
        lastStatus: ["STOPPED"],
        stopCode: ["EssentialContainerExited", "TaskFailedToStart", "SpotInterruption"],
      },
    });
  });

  test("rules: agents that failed, exited non-zero or were interrupted, on the agent clusters; not the plugin's own stops", () => {
    const detail = rules["jenkins-agent-task-failed"].detail;
    expect(detail.clusterArn).toEqual(targets.agentClusterArns);
    expect(detail.$or).toEqual([
      { stopCode: ["SpotInterruption", "TaskFailedToStart"] },
      { stopCode: ["EssentialContainerExited"], containers: { exitCode: [{ "anything-but": 0 }] } },
    ]);
    expect(JSON.stringify(detail)).not.toContain("UserInitiated");
  });

  test("rules: failed, aborted or expired backup jobs of the vault", () => {
    expect(rules["jenkins-backup-failed"].detail).toEqual({ state: ["FAILED", "ABORTED", "EXPIRED"], backupVaultName: ["jenkins-jenkins-home"] });
  });

  test("every rule targets the topic", () => {
    const ruleTargets = resources(json, "aws_cloudwatch_event_target").map(([, t]) => t);
    expect(ruleTargets).toHaveLength(3);
    for (const t of ruleTargets) expect(t).toMatchObject({ arn: topicArn, target_id: "alerts-topic" });
  });
});

describe("JenkinsAlerts.watch with bursting EFS, no agent alerts, no backup", () => {
  const { json } = synth({ efsThroughputMode: "bursting", agentTaskFailures: false }, { backupVaultName: undefined });

  test("the burst-credit alarm instead of the no-clients one", () => {
    const alarms = alarmsByName(json);
    expect(alarms["jenkins-efs-burst-credits-low"]).toMatchObject({
      metric_name: "BurstCreditBalance",
      threshold: 1e12,
      comparison_operator: "LessThanThreshold",
    });
    expect(alarms).not.toHaveProperty("jenkins-efs-no-clients");
  });

  test("only the controller rule", () => {
    expect(Object.keys(rulesByName(json))).toEqual(["jenkins-controller-task-stopped"]);
  });
});

describe("JenkinsAlerts.watch with switches known only to Terraform", () => {
  const { json } = synthScope((scope) => {
    const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
    const mode = new TerraformVariable(scope, "efs_throughput_mode", { type: "string" }).stringValue;
    const agents = new TerraformVariable(scope, "alert_agent_failures", { type: "bool" }).booleanValue;
    new JenkinsAlerts(scope, "Alerts", { ...base, env, efsThroughputMode: mode, agentTaskFailures: agents }).watch(targets);
  });

  test("both EFS alarms exist, counted by the mode; the agent rule and its target by the switch", () => {
    const counted = (type: string, idPart: string) => Object.entries(json.resource[type]).find(([id]) => id.includes(idPart))![1].count;
    expect(counted("aws_cloudwatch_metric_alarm", "EfsBurstCredits")).toBe('${(var.efs_throughput_mode == "bursting") ? 1 : 0}');
    expect(counted("aws_cloudwatch_metric_alarm", "EfsNoClients")).toBe('${!(var.efs_throughput_mode == "bursting") ? 1 : 0}');
    expect(counted("aws_cloudwatch_event_rule", "AgentFailed_")).toBe("${var.alert_agent_failures ? 1 : 0}");
    expect(counted("aws_cloudwatch_event_target", "AgentFailedTarget")).toBe("${var.alert_agent_failures ? 1 : 0}");
  });
});
