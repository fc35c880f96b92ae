/**
 * Trust policies (lib/constructs/foundation/service-trust.ts): a service principal limited to
 * this account (confused-deputy guard) with extra conditions, and the bare form for services
 * that send no source account.
 */
import { AwsEnvironment } from "../../../lib/constructs/foundation/aws-environment";
import { bareServiceTrustPolicy, serviceTrustPolicy } from "../../../lib/constructs/foundation/service-trust";
import { policyStatements } from "../../support/project";
import { synthScope } from "../../support/scope";

describe("serviceTrustPolicy", () => {
  test("only the service may assume the role, and only for this account", () => {
    const { json } = synthScope((scope) => {
      const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
      serviceTrustPolicy(scope, "FlowLogTrust", env, "vpc-flow-logs.amazonaws.com");
    });
    expect(policyStatements(json, "FlowLogTrust")).toEqual([
      {
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
        actions: ["sts:AssumeRole"],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
      },
    ]);
  });

  test("extra conditions are added to the source-account one", () => {
    const { json } = synthScope((scope) => {
      const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1", accountId: "123456789012" });
      serviceTrustPolicy(scope, "TaskTrust", env, "ecs-tasks.amazonaws.com", [{ test: "ArnLike", variable: "aws:SourceArn", values: [env.arn("ecs", "*")] }]);
    });
    const [statement] = policyStatements(json, "TaskTrust");
    expect(statement.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
      { test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:ecs:eu-west-1:123456789012:*"] },
    ]);
  });

  test("without a configured account id the condition reads the caller identity", () => {
    const { json } = synthScope((scope) => {
      const env = new AwsEnvironment(scope, "Env", { region: "eu-west-1" });
      serviceTrustPolicy(scope, "BuildTrust", env, "codebuild.amazonaws.com");
    });
    const [statement] = policyStatements(json, "BuildTrust");
    expect(statement.condition[0].values).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\.Env_Caller_[0-9A-F]{8}\.account_id}$/)]);
  });
});

describe("bareServiceTrustPolicy", () => {
  test("the service principal and sts:AssumeRole, no condition", () => {
    const { json } = synthScope((scope) => {
      bareServiceTrustPolicy(scope, "Trust", "backup.amazonaws.com");
    });
    expect(policyStatements(json, "Trust")).toEqual([
      { effect: "Allow", principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }], actions: ["sts:AssumeRole"] },
    ]);
  });
});
