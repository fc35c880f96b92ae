import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsEnvironment } from "./aws-environment";

/**
 * Trust policy with the service principal only, for roles whose service does not document
 * sending `aws:SourceAccount`/`aws:SourceArn` when it assumes them (the ECS task *execution*
 * role, AWS Backup's service role): a condition there would make every assumption fail.
 * `iam:PassRole` still limits who can hand the role to the service.
 */
export function bareServiceTrustPolicy(scope: Construct, id: string, servicePrincipal: string): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [{ effect: "Allow", principals: [{ type: "Service", identifiers: [servicePrincipal] }], actions: ["sts:AssumeRole"] }],
  });
}

/**
 * Trust policy for a role that an AWS service assumes on behalf of this account only
 * (`aws:SourceAccount`, plus any extra conditions such as `aws:SourceArn`), which closes the
 * confused-deputy hole of a bare service principal.
 */
export function serviceTrustPolicy(
  scope: Construct,
  id: string,
  env: AwsEnvironment,
  servicePrincipal: string,
  extraConditions: DataAwsIamPolicyDocumentStatementCondition[] = [],
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        effect: "Allow",
        principals: [{ type: "Service", identifiers: [servicePrincipal] }],
        actions: ["sts:AssumeRole"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [env.accountId] }, ...extraConditions],
      },
    ],
  });
}
