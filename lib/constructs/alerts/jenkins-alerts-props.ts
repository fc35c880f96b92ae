/**
 * The props of {@link JenkinsAlerts} and the resources it watches: what the construct
 * (jenkins-alerts.ts) and its alarm and rule definitions (alert-definitions.ts) both read.
 */
import type { AwsEnvironment } from "../foundation/aws-environment";
import type { Flag } from "../foundation/inputs";

/** Props of {@link JenkinsAlerts}. */
export interface JenkinsAlertsProps {
  /** E-mail addresses subscribed to the topic (each confirms by mail). @default [] */
  readonly emails?: string[];
  /** HTTPS endpoints subscribed to the topic. @default [] */
  readonly httpsEndpoints?: string[];
  /** SQS queue ARNs subscribed to the topic (raw message delivery). @default [] */
  readonly sqsQueueArns?: string[];
  /** Alarm threshold of the controller's CPU utilization in percent. */
  readonly controllerCpuPercent: number;
  /** Alarm threshold of the controller's memory utilization in percent. */
  readonly controllerMemoryPercent: number;
  /** Alarm threshold of HTTP 5xx responses per five minutes. */
  readonly alb5xxPerFiveMinutes: number;
  /** Alarm threshold of the EFS burst credit balance in bytes (bursting throughput only). */
  readonly efsBurstCreditBalanceBytes: number;
  /** Throughput mode of JENKINS_HOME: `bursting` gets a burst-credit alarm, the others a no-clients alarm. */
  readonly efsThroughputMode: string;
  /** Alert on failed or Spot-interrupted agent tasks. */
  readonly agentTaskFailures: Flag;
  /** Prefix of names. */
  readonly namePrefix: string;
  /** Account/region of the stack. */
  readonly env: AwsEnvironment;
  /**
   * A customer-provided KMS key for the topic instead of its own key (its key policy must let
   * CloudWatch, EventBridge and AWS Backup use it: docs/security.md).
   * @default - the topic's own key
   */
  readonly kmsKeyArn?: string;
}

/** What the alarms and event rules watch; set with {@link JenkinsAlerts.watch}. */
export interface AlertTargets {
  readonly controllerClusterName: string;
  readonly controllerClusterArn: string;
  readonly controllerServiceName: string;
  readonly albArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly fileSystemId: string;
  readonly agentClusterArns: string[];
  /** Backup vault name, when backups may be on. */
  readonly backupVaultName?: string;
  /** Whether backups are on (the backup-failed rule). @default true when a vault name is given */
  readonly backupEnabled?: Flag;
}
