/** SSM parameters. */
import { resourceCheck, show } from "../define-check";
import { hasValue } from "../json-values";
import type { PolicyCheck } from "../types";

export const SSM_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_337",
    source: "checkov",
    title: "SSM SecureString parameter is encrypted with a customer-managed KMS key",
    severity: "warning",
    resourceTypes: ["aws_ssm_parameter"],
    fix: "Set key_id to a customer-managed key.",
    test: (r) => (r.body.type !== "SecureString" || hasValue(r.body.key_id) ? undefined : "SecureString without key_id (alias/aws/ssm)"),
  }),
  resourceCheck({
    id: "CKV2_AWS_34",
    source: "checkov",
    title: "SSM parameter is a SecureString",
    severity: "warning",
    resourceTypes: ["aws_ssm_parameter"],
    fix: 'Set type = "SecureString".',
    test: (r) => (r.body.type === "SecureString" ? undefined : `type is ${show(r.body.type)}`),
  }),
];
