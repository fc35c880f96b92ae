import { CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Flag, equals, not } from "../foundation/inputs";
import type { AlertTargets, JenkinsAlertsProps } from "./jenkins-alerts-props";

/** A CloudWatch alarm of the alerts topic: construct id, settings, and the switch that creates it. */
export interface AlarmSpec {
  readonly id: string;
  readonly config: Omit<CloudwatchMetricAlarmConfig, "alarmActions" | "okActions" | "alarmName"> & { alarmName: string };
  readonly flag: Flag;
}

/** An EventBridge rule of the alerts topic. */
export interface RuleSpec {
  readonly id: string;
  readonly shortName: string;
  readonly description: string;
  readonly pattern: Record<string, unknown>;
  readonly flag: Flag;
}

const alarm = (id: string, config: AlarmSpec["config"], flag: Flag = true): AlarmSpec => ({ id, config, flag });
const rule = (id: string, shortName: string, description: string, pattern: Record<string, unknown>, flag: Flag = true): RuleSpec => ({
  id,
  shortName,
  description,
  pattern,
  flag,
});

/**
 * The alarms: controller CPU, memory and running count, ALB 5xx and unhealthy targets, and by
 * throughput mode either EFS burst credits (bursting) or EFS client connections.
 */
export function alarmSpecs(a: JenkinsAlertsProps, t: AlertTargets): AlarmSpec[] {
  const alarms: AlarmSpec[] = [];
  const service = { ClusterName: t.controllerClusterName, ServiceName: t.controllerServiceName };
  alarms.push(
    alarm("ControllerCpu", {
      alarmName: "controller-cpu-high",
      alarmDescription: `Jenkins controller CPU above ${a.controllerCpuPercent}% for 15 minutes`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: service,
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      threshold: a.controllerCpuPercent,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    }),
  );
  alarms.push(
    alarm("ControllerMemory", {
      alarmName: "controller-memory-high",
      alarmDescription: `Jenkins controller memory above ${a.controllerMemoryPercent}% for 15 minutes`,
      namespace: "AWS/ECS",
      metricName: "MemoryUtilization",
      dimensions: service,
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      threshold: a.controllerMemoryPercent,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    }),
  );
  alarms.push(
    alarm("ControllerNotRunning", {
      alarmName: "controller-not-running",
      alarmDescription: "No Jenkins controller task has been running for 5 minutes",
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: service,
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 5,
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      treatMissingData: "breaching",
    }),
  );
  alarms.push(
    alarm("Alb5xx", {
      alarmName: "alb-5xx",
      alarmDescription: `More than ${a.alb5xxPerFiveMinutes} HTTP 5xx (ALB + Jenkins) in 5 minutes`,
      evaluationPeriods: 1,
      threshold: a.alb5xxPerFiveMinutes,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      metricQuery: [
        { id: "total", expression: "FILL(elb, 0) + FILL(target, 0)", label: "5xx responses", returnData: true },
        {
          id: "elb",
          metric: {
            namespace: "AWS/ApplicationELB",
            metricName: "HTTPCode_ELB_5XX_Count",
            dimensions: { LoadBalancer: t.albArnSuffix },
            stat: "Sum",
            period: 300,
          },
        },
        {
          id: "target",
          metric: {
            namespace: "AWS/ApplicationELB",
            metricName: "HTTPCode_Target_5XX_Count",
            dimensions: { LoadBalancer: t.albArnSuffix, TargetGroup: t.targetGroupArnSuffix },
            stat: "Sum",
            period: 300,
          },
        },
      ],
    }),
  );
  alarms.push(
    alarm("UnhealthyTargets", {
      alarmName: "controller-unhealthy",
      alarmDescription: "The ALB sees the Jenkins controller as unhealthy",
      namespace: "AWS/ApplicationELB",
      metricName: "UnHealthyHostCount",
      dimensions: { LoadBalancer: t.albArnSuffix, TargetGroup: t.targetGroupArnSuffix },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 5,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    }),
  );
  const bursting = equals(a.efsThroughputMode, "bursting");
  alarms.push(
    alarm(
      "EfsBurstCredits",
      {
        alarmName: "efs-burst-credits-low",
        alarmDescription: "JENKINS_HOME EFS burst credits are running out; Jenkins will slow down",
        namespace: "AWS/EFS",
        metricName: "BurstCreditBalance",
        dimensions: { FileSystemId: t.fileSystemId },
        statistic: "Minimum",
        period: 300,
        evaluationPeriods: 3,
        threshold: a.efsBurstCreditBalanceBytes,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "notBreaching",
      },
      bursting,
    ),
  );
  alarms.push(
    alarm(
      "EfsNoClients",
      {
        alarmName: "efs-no-clients",
        alarmDescription: "Nothing has JENKINS_HOME mounted: the controller is down or cannot reach EFS",
        namespace: "AWS/EFS",
        metricName: "ClientConnections",
        dimensions: { FileSystemId: t.fileSystemId },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 3,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
      },
      not(bursting),
    ),
  );
  return alarms;
}

/** The event rules: the controller task stopped, agents failed or Spot-interrupted, backups failed. */
export function ruleSpecs(a: JenkinsAlertsProps, t: AlertTargets): RuleSpec[] {
  const rules: RuleSpec[] = [];
  rules.push(
    rule("ControllerStopped", "controller-task-stopped", "The Jenkins controller task stopped unexpectedly", {
      source: ["aws.ecs"],
      "detail-type": ["ECS Task State Change"],
      detail: {
        clusterArn: [t.controllerClusterArn],
        lastStatus: ["STOPPED"],
        stopCode: ["EssentialContainerExited", "TaskFailedToStart", "SpotInterruption"],
      },
    }),
  );
  {
    rules.push(
      rule(
        "AgentFailed",
        "agent-task-failed",
        "A Jenkins agent task failed to start, exited non-zero, or was interrupted by Spot",
        {
          source: ["aws.ecs"],
          "detail-type": ["ECS Task State Change"],
          detail: {
            clusterArn: t.agentClusterArns,
            lastStatus: ["STOPPED"],
            // Agents the plugin stops after a build are UserInitiated and never match.
            $or: [
              { stopCode: ["SpotInterruption", "TaskFailedToStart"] },
              { stopCode: ["EssentialContainerExited"], containers: { exitCode: [{ "anything-but": 0 }] } },
            ],
          },
        },
        a.agentTaskFailures,
      ),
    );
  }
  if (t.backupVaultName) {
    rules.push(
      rule(
        "BackupFailed",
        "backup-failed",
        "An AWS Backup job of JENKINS_HOME failed",
        {
          source: ["aws.backup"],
          "detail-type": ["Backup Job State Change"],
          detail: { state: ["FAILED", "ABORTED", "EXPIRED"], backupVaultName: [t.backupVaultName] },
        },
        t.backupEnabled ?? true,
      ),
    );
  }
  return rules;
}
