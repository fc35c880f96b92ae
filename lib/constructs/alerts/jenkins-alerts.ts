import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm, CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn, Token } from "../../cdktf-core";
import { Flag, iterateList, switchOn, when } from "../foundation/inputs";
import { EncryptionKey } from "../kms/encryption-key";
import { alarmSpecs, ruleSpecs } from "./alert-definitions";
import type { AlertTargets, JenkinsAlertsProps } from "./jenkins-alerts-props";

export type { AlertTargets, JenkinsAlertsProps } from "./jenkins-alerts-props";

/**
 * Alerts that really arrive: one SNS topic encrypted with its own customer-managed key whose
 * key policy and topic policy let CloudWatch, EventBridge and AWS Backup use it (the AWS-
 * managed `alias/aws/sns` key would silently drop their messages), subscriptions from
 * config, CloudWatch alarms on the controller, ALB and EFS, and EventBridge rules for
 * stopped controller tasks, failed or interrupted agents, and failed backups.
 */
export class JenkinsAlerts extends Construct {
  /** The topic. */
  public readonly topic: SnsTopic;
  /** The topic's key. */
  public readonly key: EncryptionKey;
  /** Alarms by short name. */
  public readonly alarms: Record<string, CloudwatchMetricAlarm> = {};
  /** Event rules by short name. */
  public readonly rules: Record<string, CloudwatchEventRule> = {};
  private readonly props: JenkinsAlertsProps;

  constructor(scope: Construct, id: string, props: JenkinsAlertsProps) {
    super(scope, id);
    this.props = props;
    const { env, namePrefix: name } = props;
    const sourceAccount = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [env.accountId] }];

    this.key = new EncryptionKey(this, "Key", {
      env,
      alias: `${name}-alerts`,
      existingKeyArn: props.kmsKeyArn,
      description: `Encrypts the ${name} alerts SNS topic`,
      statements: [
        {
          sid: "CloudWatchAlarmsPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: sourceAccount,
        },
        {
          // No aws:SourceAccount/SourceArn here: EventBridge's KMS request carries neither,
          // and such a condition would drop every event without an error.
          sid: "EventBridgePublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
        },
        {
          sid: "BackupNotificationsPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
        },
      ],
    });

    this.topic = new SnsTopic(this, "Topic", {
      name: `${name}-alerts`,
      displayName: `Jenkins (${name}) alerts`,
      kmsMasterKeyId: this.key.arn,
    });

    // Only the services that publish alerts. No statement for the account itself: within the
    // account, an IAM principal whose identity policy allows an SNS action may perform it whether
    // or not the topic policy names the account (the controller publishes through its task
    // role's sns:Publish), and an account principal without a condition is what checkov's
    // CKV_AWS_385 rejects.
    const topicPolicy = new DataAwsIamPolicyDocument(this, "TopicPolicyDocument", {
      statement: [
        {
          sid: "CloudWatchAlarmsPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: sourceAccount,
        },
        {
          sid: "EventBridgePublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [{ test: "ArnLike", variable: "aws:SourceArn", values: [env.arn("events", `rule/${name}-*`)] }],
        },
        {
          sid: "BackupNotificationsPublish",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
        },
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "TopicPolicy", { arn: this.topic.arn, policy: topicPolicy.json });

    for (const [sid, endpoints, extra] of [
      ["EmailSubscription", props.emails, { protocol: "email" }],
      ["HttpsSubscription", props.httpsEndpoints, { protocol: "https", endpointAutoConfirms: false }],
      ["SqsSubscription", props.sqsQueueArns, { protocol: "sqs", rawMessageDelivery: true }],
    ] as const) {
      const each = iterateList(endpoints ?? []);
      new SnsTopicSubscription(this, sid, { forEach: each, topicArn: this.topic.arn, endpoint: each.value, ...extra });
    }
  }

  private alarm(
    id: string,
    cfg: Omit<CloudwatchMetricAlarmConfig, "alarmActions" | "okActions" | "alarmName"> & { alarmName: string },
    flag: Flag = true,
  ): CloudwatchMetricAlarm | undefined {
    return when(flag, () => {
      const a = switchOn(
        new CloudwatchMetricAlarm(this, id, {
          ...cfg,
          alarmName: `${this.props.namePrefix}-${cfg.alarmName}`,
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
        flag,
      );
      this.alarms[cfg.alarmName] = a;
      return a;
    });
  }

  private rule(id: string, shortName: string, description: string, pattern: Record<string, unknown>, flag: Flag = true): CloudwatchEventRule | undefined {
    return when(flag, () => {
      // A list known only to Terraform (e.g. the agent clusters when the spot switch is a
      // variable) needs jsonencode; otherwise the pattern is plain JSON.
      const unresolvedList = Object.values(pattern.detail as Record<string, unknown>).some((v) => Array.isArray(v) && Token.isUnresolved(v));
      const r = switchOn(
        new CloudwatchEventRule(this, id, {
          name: `${this.props.namePrefix}-${shortName}`,
          description,
          eventPattern: unresolvedList ? Fn.jsonencode(pattern) : JSON.stringify(pattern),
        }),
        flag,
      );
      switchOn(new CloudwatchEventTarget(this, `${id}Target`, { rule: r.name, arn: this.topic.arn, targetId: "alerts-topic" }), flag);
      this.rules[shortName] = r;
      return r;
    });
  }

  /** Creates the alarms and event rules (lib/constructs/alerts/alert-definitions.ts) for the given resources. */
  public watch(t: AlertTargets): void {
    for (const a of alarmSpecs(this.props, t)) this.alarm(a.id, a.config, a.flag);
    for (const r of ruleSpecs(this.props, t)) this.rule(r.id, r.shortName, r.description, r.pattern, r.flag);
  }
}
