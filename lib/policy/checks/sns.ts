/** SNS topics and topic policies. */
import { resourceCheck } from "../define-check";
import { allows, awsPrincipals, policyDocument } from "../iam-document";
import { isPublicStatement, relevantConditions } from "../resource-policy";
import { hasValue } from "../json-values";
import type { PolicyCheck } from "../types";

export const SNS_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_26",
    source: "checkov",
    title: "SNS topic is encrypted with a customer-managed KMS key",
    severity: "error",
    resourceTypes: ["aws_sns_topic"],
    fix: "Set kms_master_key_id to a customer-managed key whose policy lets the publishing services (CloudWatch, EventBridge, Backup) use it.",
    deviation: 'The AWS-managed "alias/aws/sns" fails too: CloudWatch alarms and EventBridge cannot use it, so their messages are dropped silently.',
    test: (r) => {
      const key = r.body.kms_master_key_id;
      if (!hasValue(key)) return "no kms_master_key_id";
      return key === "alias/aws/sns" ? 'kms_master_key_id is the AWS-managed "alias/aws/sns"' : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_169",
    source: "checkov",
    title: "SNS topic policy is not public",
    severity: "error",
    resourceTypes: ["aws_sns_topic_policy"],
    fix: "Name the principals (accounts, roles, services), or restrict * with aws:SourceArn/aws:SourceAccount conditions.",
    test: (r) => {
      const pub = policyDocument(r.body.policy)?.statements.find(isPublicStatement);
      return pub ? `statement ${pub.sid ?? "(no sid)"} is public` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_385",
    source: "checkov",
    title: "SNS topic policy does not allow cross-account access",
    severity: "warning",
    resourceTypes: ["aws_sns_topic_policy"],
    fix: "Grant account principals (even your own account) only with a condition (aws:SourceAccount, aws:PrincipalOrgID, ...); same-account IAM principals need no topic-policy statement, their identity policies suffice.",
    test: (r) => {
      // As checkov: any account ARN counts, the deploying account's own root included.
      const doc = policyDocument(r.body.policy);
      const bad = doc?.statements.find((s) => allows(s) && relevantConditions(s).length === 0 && awsPrincipals(s).some((p) => p.startsWith("arn:aws:iam::")));
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows account principal(s) ${awsPrincipals(bad).join(", ")} without a condition` : undefined;
    },
  }),
];
