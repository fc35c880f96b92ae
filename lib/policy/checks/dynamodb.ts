/** DynamoDB tables: point-in-time recovery, customer-managed encryption, capacity, deletion protection. */
import { resourceCheck, show } from "../define-check";
import { dig, hasValue, isTrue } from "../json-values";
import type { PolicyCheck } from "../types";

const TABLE = "aws_dynamodb_table";

export const DYNAMODB_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_28",
    source: "checkov",
    title: "DynamoDB table has point-in-time recovery enabled",
    severity: "error",
    resourceTypes: [TABLE],
    fix: "Set point_in_time_recovery { enabled = true }.",
    test: (r) =>
      isTrue(dig(r.body, "point_in_time_recovery.enabled"))
        ? undefined
        : `point_in_time_recovery.enabled is ${show(dig(r.body, "point_in_time_recovery.enabled"))}`,
  }),
  resourceCheck({
    id: "CKV_AWS_119",
    source: "checkov",
    title: "DynamoDB table is encrypted with a customer-managed KMS key",
    severity: "warning",
    resourceTypes: [TABLE],
    fix: 'Set server_side_encryption { enabled = true, kms_key_arn = <CMK> } (state stack: state.encryption = "aws:kms").',
    test: (r) =>
      isTrue(dig(r.body, "server_side_encryption.enabled")) && hasValue(dig(r.body, "server_side_encryption.kms_key_arn"))
        ? undefined
        : "server_side_encryption is not enabled with a kms_key_arn (AWS-owned or AWS-managed key)",
  }),
  resourceCheck({
    id: "CKV2_AWS_16",
    source: "checkov",
    title: "DynamoDB table scales its capacity (on-demand or auto scaling)",
    severity: "warning",
    resourceTypes: [TABLE],
    fix: 'Use billing_mode = "PAY_PER_REQUEST", or an aws_appautoscaling_target (service_namespace dynamodb) with a policy.',
    test: (r, tf) => {
      const mode = r.body.billing_mode;
      if (mode === "PAY_PER_REQUEST") return undefined;
      if (mode !== undefined && mode !== "PROVISIONED") return `billing_mode is ${show(mode)}`;
      const scaled = tf
        .connected(r, "aws_appautoscaling_target")
        .some((t) => t.body.service_namespace === "dynamodb" && tf.connected(t, "aws_appautoscaling_policy").length > 0);
      return scaled ? undefined : "provisioned capacity without an auto scaling target and policy";
    },
  }),
  resourceCheck({
    id: "SJ_AWS_DYNAMODB_DELETION_PROTECTION",
    source: "project",
    title: "DynamoDB table has deletion protection enabled",
    severity: "warning",
    resourceTypes: [TABLE],
    fix: "Set deletion_protection_enabled = true (state stack: keep state.forceDestroy false).",
    test: (r) => (isTrue(r.body.deletion_protection_enabled) ? undefined : `deletion_protection_enabled is ${show(r.body.deletion_protection_enabled)}`),
  }),
];
