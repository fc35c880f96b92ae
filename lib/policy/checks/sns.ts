/** SNS topics and topic policies. */
import { resourceCheck } from "../define-check";
import { allows, awsPrincipals, policyDocument } from "../iam-document";
import { isPublicStatement, relevantConditions } from "../resource-policy";
import { hasValue, TerraformConfig } from "../terraform-config";
import type { PolicyCheck } from "../types";

const RESOLVES = "A `${data.aws_iam_policy_document.X.json}` policy is resolved and evaluated (checkov reports UNKNOWN).";

/** A principal of the deploying account: its id is the provider's allowed account, or comes from aws_caller_identity. */
function ownAccountPrincipal(tf: TerraformConfig, arn: string): boolean {
  const account = arn.split(":")[4] ?? "";
  return tf.ownAccountIds().includes(account) || account.includes("${data.aws_caller_identity.");
}

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
    deviation: RESOLVES,
    test: (r, tf) => {
      const pub = policyDocument(tf, r.body.policy, { resolveData: true })?.statements.find(isPublicStatement);
      return pub ? `statement ${pub.sid ?? "(no sid)"} is public` : undefined;
    },
  }),
  resourceCheck({
    id: "CKV_AWS_385",
    source: "checkov",
    title: "SNS topic policy does not allow cross-account access",
    severity: "warning",
    resourceTypes: ["aws_sns_topic_policy"],
    fix: "Grant other accounts only with a condition (aws:SourceAccount, aws:PrincipalOrgID, ...).",
    deviation: `${RESOLVES} Principals of the deploying account (provider allowed_account_ids, or an aws_caller_identity reference) are not cross-account.`,
    test: (r, tf) => {
      const doc = policyDocument(tf, r.body.policy, { resolveData: true });
      const bad = doc?.statements.find(
        (s) => allows(s) && relevantConditions(s).length === 0 && awsPrincipals(s).some((p) => p.startsWith("arn:aws:iam::") && !ownAccountPrincipal(tf, p)),
      );
      return bad ? `statement ${bad.sid ?? "(no sid)"} allows another account without a condition` : undefined;
    },
  }),
];
