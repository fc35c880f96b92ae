/**
 * Test tooling for an AWS API emulator (moto): what the emulator output differs by, in one
 * reviewable place. The product knows nothing of it: the emulator output is derived from the
 * real, policy-checked synth output by tools/emulator/emulator-output.ts, which applies
 * {@link EMULATOR_GAPS} to each stack's cdk.tf.json and writes the provider and backend
 * settings below into an override file next to it. __tests__/emulator.test.ts proves the
 * result equals the real output but for exactly these.
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

/** One thing the emulator cannot do, and what the emulator output does about it. */
export interface EmulatorGap {
  /** Why: the emulator's behaviour that differs from AWS. */
  readonly reason: string;
  /** Resource types left out of the emulator output. */
  readonly omits?: readonly string[];
  /** Arguments added to `lifecycle.ignore_changes` in the emulator output, per resource type. */
  readonly ignoreChanges?: Readonly<Record<string, readonly string[]>>;
  /** Arguments given another value in the emulator output, per resource type (argument -> value). */
  readonly sets?: Readonly<Record<string, Readonly<Record<string, boolean | string | number>>>>;
}

/**
 * What the emulator (moto 5.2) cannot do, with the reason and the effect on the emulator
 * output. Applied by `emulateTerraformJson` (tools/emulator/emulator-output.ts) to the real
 * output: omitted resources go, with the `depends_on` entries naming them; `sets` overwrite
 * arguments of every resource of the type.
 */
export const EMULATOR_GAPS = {
  backupSelection: {
    reason: "moto 5.2 answers CreateBackupSelection with HTTP 500",
    omits: ["aws_backup_selection"],
  },
  efsBackupPolicy: {
    reason: "moto 5.2 answers PutBackupPolicy (EFS) with HTTP 500",
    omits: ["aws_efs_backup_policy"],
  },
  efsFileSystemPolicy: {
    reason: "moto 5.2 has no DeleteFileSystemPolicy (HTTP 500), so destroy fails and leaves the file system behind",
    omits: ["aws_efs_file_system_policy"],
  },
  ecsServiceSettling: {
    reason: "moto 5.2 never settles an ECS deployment, so every re-plan of the service shows task_definition/desired_count changes",
    ignoreChanges: { aws_ecs_service: ["task_definition", "desired_count"] },
  },
  ecsServiceAttributes: {
    reason:
      "moto 5.2 drops a service's capacityProviderStrategy (reports launch type EC2), enableECSManagedTags, healthCheckGracePeriodSeconds and availabilityZoneRebalancing, so every re-plan replaces the service",
    ignoreChanges: {
      aws_ecs_service: ["availability_zone_rebalancing", "capacity_provider_strategy", "enable_ecs_managed_tags", "health_check_grace_period_seconds"],
    },
  },
  securityGroupRuleDescription: {
    reason: "moto 5.2 drops the description of security group rules that reference another security group, so every re-plan sets it again",
    ignoreChanges: { aws_vpc_security_group_ingress_rule: ["description"], aws_vpc_security_group_egress_rule: ["description"] },
  },
  imageBuild: {
    reason:
      "the image build step (terraform_data + local-exec) runs docker or CodeBuild builds that need a Docker daemon or real AWS; the ECR repository (and in codebuild mode the source bucket and object) are still created",
    omits: ["terraform_data"],
  },
  s3BucketPolicy: {
    reason:
      "moto 5.2 evaluates bucket-policy conditions against an empty request context, so every conditioned Deny matches: the TLS-only statements of PrivateBucket (aws:SecureTransport, s3:TlsVersion) refuse every object read and write (403), the S3 backend's included",
    omits: ["aws_s3_bucket_policy"],
  },
  backupVaultNotifications: {
    reason: "moto 5.2 does not implement PutBackupVaultNotifications (HTTP 404)",
    omits: ["aws_backup_vault_notifications"],
  },
  backupVaultForceDestroy: {
    reason:
      "moto 5.2 does not serve ListRecoveryPointsByBackupVault (HTTP 404), which the provider calls to empty a vault with force_destroy (teardown mode) before deleting it; moto's vaults never hold recovery points, so the emulator's vault is deleted without emptying (that the stack sets force_destroy in teardown mode is a synthesis test: __tests__/constructs/storage/data-protection.test.ts)",
    sets: { aws_backup_vault: { force_destroy: false } },
  },
  backupTags: {
    reason: "moto 5.2 ListTags (AWS Backup) reads the ARN from the wrong path segment and returns no tags, so every re-plan re-adds the default tags",
    ignoreChanges: { aws_backup_vault: ["tags_all"], aws_backup_plan: ["tags_all"] },
  },
  codebuildProject: {
    reason:
      "moto 5.2 DeleteProject looks the project up by name while the provider passes its ARN, so destroy leaves it behind; moto also ignores its encryptionKey and has no UpdateProject (HTTP 500)",
    omits: ["aws_codebuild_project"],
  },
  kmsRotationPeriod: {
    reason: "moto 5.2 ignores RotationPeriodInDays and reports 0, so every re-plan shows rotation_period_in_days 0 -> 365",
    ignoreChanges: { aws_kms_key: ["rotation_period_in_days"] },
  },
} as const satisfies Record<string, EmulatorGap>;

/** Resource types the emulator output leaves out (union of every gap's `omits`). */
export function emulatorOmittedTypes(): string[] {
  return [...new Set(Object.values(EMULATOR_GAPS).flatMap((g: EmulatorGap) => g.omits ?? []))].sort();
}

/** Arguments the emulator output ignores, per resource type (union over the gaps). */
export function emulatorIgnoredChanges(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of Object.values(EMULATOR_GAPS) as EmulatorGap[]) {
    for (const [type, attrs] of Object.entries(g.ignoreChanges ?? {})) out[type] = [...new Set([...(out[type] ?? []), ...attrs])];
  }
  return out;
}

/** Arguments the emulator output overwrites, per resource type (union over the gaps). */
export function emulatorSetArguments(): Record<string, Record<string, boolean | string | number>> {
  const out: Record<string, Record<string, boolean | string | number>> = {};
  for (const g of Object.values(EMULATOR_GAPS) as EmulatorGap[]) {
    for (const [type, args] of Object.entries(g.sets ?? {})) out[type] = { ...(out[type] ?? {}), ...args };
  }
  return out;
}

/**
 * Arguments of the AWS provider that point it at the emulator, in Terraform's spelling (they
 * go into an override file). The account id is still requested (moto's STS answers
 * 123456789012, or $MOTO_ACCOUNT_ID), so the real output's `allowed_account_ids` guard is
 * exercised, not bypassed.
 */
export function emulatorProviderSettings(endpoint: string): Record<string, unknown> {
  const endpoints: Record<string, string> = {};
  for (const s of EMULATED_SERVICES) endpoints[s] = endpoint;
  return {
    access_key: "testing",
    secret_key: "testing",
    s3_use_path_style: true,
    skip_credentials_validation: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
    max_retries: 2,
    endpoints: [endpoints],
  };
}

/** Arguments added to an S3 backend so that it keeps its state in the emulator. */
export function emulatorBackendOverrides(endpoint: string): Record<string, unknown> {
  return {
    endpoints: { s3: endpoint, dynamodb: endpoint, sts: endpoint, iam: endpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    access_key: "testing",
    secret_key: "testing",
  };
}

/** The rule an emulator endpoint must follow: plain HTTP on this machine. */
export const EMULATOR_ENDPOINT_RULE = "must be http://127.0.0.1:<port> or http://localhost:<port> (an emulator on this machine, never a real AWS endpoint)";

/**
 * Returns `endpoint` if it names an emulator on this machine, else throws an error naming
 * `what` (where the value came from), the value and the rule.
 */
export function checkEmulatorEndpoint(endpoint: string | undefined, what = "emulator endpoint"): string {
  const m = /^http:\/\/(127\.0\.0\.1|localhost):(\d{1,5})$/.exec(endpoint ?? "");
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`${what}: ${JSON.stringify(endpoint ?? null)} ${EMULATOR_ENDPOINT_RULE}`);
  return endpoint!;
}
