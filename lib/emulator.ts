/**
 * Test-only support for an AWS API emulator (moto). Everything the emulator setting changes
 * is in this file, so the difference between real and emulated output is reviewable in one
 * place. With `emulator.enabled` false (the default) none of it is used, and a test proves
 * the synthesized real output is byte-identical with and without this module's code path.
 */

/** The AWS services whose endpoints are redirected to the emulator. */
export const EMULATED_SERVICES = [
  "acm",
  "backup",
  "cloudwatch",
  "codebuild",
  "dynamodb",
  "ec2",
  "ecr",
  "ecs",
  "efs",
  "elbv2",
  "events",
  "iam",
  "kms",
  "logs",
  "route53",
  "s3",
  "servicediscovery",
  "sns",
  "sqs",
  "ssm",
  "sts",
] as const;

/**
 * Resources the emulator cannot handle, with the reason. The stack consults this list only
 * when `emulator.enabled` is true.
 */
export const EMULATOR_GAPS = {
  /** moto 5.2 answers CreateBackupSelection with HTTP 500. */
  backupSelection: "moto 5.2: aws_backup_selection -> HTTP 500 on CreateBackupSelection; left out under the emulator",
  /** moto 5.2 answers PutBackupPolicy with HTTP 500. */
  efsBackupPolicy: "moto 5.2: aws_efs_backup_policy -> HTTP 500; left out under the emulator",
  /** moto never reports ECS deployments as settled, so every re-plan shows a diff. */
  ecsServiceSettling: "moto 5.2: ECS services never reach a steady state; wait_for_steady_state off and task_definition/desired_count changes ignored under the emulator",
  /** The build step runs docker or the AWS CLI against real AWS. */
  imageBuild: "the image build step needs a Docker daemon or real CodeBuild; the emulator uses the configured base image instead",
} as const;

/** Provider arguments that point the AWS provider at the emulator. */
export function emulatorProviderSettings(endpoint: string): Record<string, unknown> {
  const endpoints: Record<string, string> = {};
  for (const s of EMULATED_SERVICES) endpoints[s] = endpoint;
  return {
    accessKey: "testing",
    secretKey: "testing",
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: "true",
    // The account id is requested (moto's STS answers 123456789012, or $MOTO_ACCOUNT_ID), so
    // the `allowed_account_ids` guard of the real output is exercised, not bypassed.
    skipRegionValidation: true,
    maxRetries: 2,
    endpoints: [endpoints],
  };
}
