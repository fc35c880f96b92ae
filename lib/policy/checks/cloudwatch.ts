/** CloudWatch log groups and metric alarms. */
import { resourceCheck, show } from "../define-check";
import { hasValue, isFalse, toInt } from "../json-values";
import type { PolicyCheck } from "../types";

const LOG_GROUP = "aws_cloudwatch_log_group";

export const CLOUDWATCH_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_66",
    source: "checkov",
    title: "CloudWatch log group specifies a retention",
    severity: "warning",
    resourceTypes: [LOG_GROUP],
    fix: "Set retention_in_days.",
    test: (r) => (r.body.retention_in_days !== undefined && r.body.retention_in_days !== null ? undefined : "no retention_in_days (logs are kept forever)"),
  }),
  resourceCheck({
    id: "CKV_AWS_338",
    source: "checkov",
    title: "CloudWatch log group keeps logs for at least a year",
    severity: "warning",
    resourceTypes: [LOG_GROUP],
    fix: "Set retention_in_days to 365 or more (or 0, never expire).",
    test: (r) => {
      const v = r.body.retention_in_days;
      if (v === undefined || v === null) return "no retention_in_days";
      const days = toInt(v);
      if (days === undefined) return undefined;
      return days === 0 || days >= 365 ? undefined : `retention_in_days is ${days} (< 365)`;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_158",
    source: "checkov",
    title: "CloudWatch log group is encrypted with KMS",
    severity: "warning",
    resourceTypes: [LOG_GROUP],
    fix: "Set kms_key_id to a key whose policy lets logs.<region>.amazonaws.com use it.",
    test: (r) => (hasValue(r.body.kms_key_id) ? undefined : "no kms_key_id"),
  }),
  resourceCheck({
    id: "CKV_AWS_319",
    source: "checkov",
    title: "CloudWatch alarm has actions, and they are enabled",
    severity: "warning",
    resourceTypes: ["aws_cloudwatch_metric_alarm"],
    fix: "Remove actions_enabled = false and set alarm_actions (e.g. the alerts topic).",
    deviation: "An alarm without alarm_actions fails too: it notifies nobody.",
    test: (r) => {
      if (isFalse(r.body.actions_enabled)) return "actions_enabled is false";
      return hasValue(r.body.alarm_actions) ? undefined : `alarm_actions is ${show(r.body.alarm_actions)}`;
    },
  }),
];
