/** CodeBuild projects. */
import { resourceCheck } from "../define-check";
import { block, dig, hasValue, isTrue } from "../json-values";
import type { PolicyCheck } from "../types";

const PROJECT = "aws_codebuild_project";

const producesArtifacts = (body: Record<string, unknown>) => {
  const a = block(body.artifacts);
  return !!a && a.type !== "NO_ARTIFACTS";
};

export const CODEBUILD_CHECKS: PolicyCheck[] = [
  resourceCheck({
    id: "CKV_AWS_78",
    source: "checkov",
    title: "CodeBuild project artifact encryption is not disabled",
    severity: "error",
    resourceTypes: [PROJECT],
    fix: "Remove artifacts.encryption_disabled = true.",
    test: (r) => (producesArtifacts(r.body) && isTrue(dig(r.body, "artifacts.encryption_disabled")) ? "artifacts.encryption_disabled is true" : undefined),
  }),
  resourceCheck({
    id: "CKV_AWS_147",
    source: "checkov",
    title: "CodeBuild project is encrypted with a customer-managed KMS key",
    severity: "warning",
    resourceTypes: [PROJECT],
    fix: "Set encryption_key to a customer-managed key.",
    test: (r) => (producesArtifacts(r.body) && !hasValue(r.body.encryption_key) ? "no encryption_key" : undefined),
  }),
  resourceCheck({
    id: "CKV_AWS_311",
    source: "checkov",
    title: "CodeBuild S3 logs are encrypted",
    severity: "error",
    resourceTypes: [PROJECT],
    fix: "Remove logs_config.s3_logs.encryption_disabled = true.",
    test: (r) => (isTrue(dig(r.body, "logs_config.s3_logs.encryption_disabled")) ? "s3_logs.encryption_disabled is true" : undefined),
  }),
  resourceCheck({
    id: "CKV_AWS_314",
    source: "checkov",
    title: "CodeBuild project has a logging configuration",
    severity: "warning",
    resourceTypes: [PROJECT],
    fix: "Add logs_config { cloudwatch_logs { group_name = ... } }.",
    test: (r) => {
      const lc = block(r.body.logs_config);
      return lc && (hasValue(block(lc.cloudwatch_logs)) || hasValue(block(lc.s3_logs))) ? undefined : "no logs_config";
    },
  }),
  resourceCheck({
    id: "CKV_AWS_316",
    source: "checkov",
    title: "CodeBuild project does not run in privileged mode",
    severity: "error",
    resourceTypes: [PROJECT],
    fix: "Set environment.privileged_mode = false (or build images without Docker-in-Docker).",
    test: (r) => (isTrue(dig(r.body, "environment.privileged_mode")) ? "environment.privileged_mode is true" : undefined),
  }),
];
