/**
 * Test-only support for an AWS API emulator (moto). Everything the emulator setting changes
 * is in this file, so the difference between real and emulated output is reviewable in one
 * place. With `emulator.enabled` false (the default) none of it is used, and a test
 * (__tests__/emulator.test.ts) proves the real output is byte-identical with and without an
 * `emulator` key, and differs from the emulator output only by the provider/backend settings
 * below and the effects declared in {@link EMULATOR_GAPS}.
 */
import { IConstruct } from "constructs";
import { Aspects, IAspect, TerraformResource, TerraformStack } from "../../lib/cdktf-core";

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
}

/**
 * What the emulator (moto 5.2) cannot do, with the reason and the effect on the emulator
 * output. Consulted only when `emulator.enabled` is true. `backupSelection`,
 * `efsBackupPolicy` and `imageBuild` are left out by their constructs (so nothing refers to
 * them); every other effect is applied by {@link EmulatorGapsAspect}.
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
    reason: "the image build step (terraform_data + local-exec) runs docker or CodeBuild builds that need a Docker daemon or real AWS; the ECR repository (and in codebuild mode the source bucket and object) are still created",
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

/**
 * Applies {@link EMULATOR_GAPS} to a stack: removes resources of omitted types and adds the
 * ignored arguments to `lifecycle.ignore_changes`. Added only under the emulator.
 */
export class EmulatorGapsAspect implements IAspect {
  private readonly omitted = new Set(emulatorOmittedTypes());
  private readonly ignored = emulatorIgnoredChanges();

  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const resource = node as TerraformResource;
    const type = resource.terraformResourceType;
    if (this.omitted.has(type)) {
      resource.node.scope?.node.tryRemoveChild(resource.node.id);
      return;
    }
    const ignore = this.ignored[type];
    if (!ignore) return;
    const current = resource.lifecycle?.ignoreChanges;
    const merged = current === "all" ? "all" : [...new Set([...(current ?? []), ...ignore])];
    resource.lifecycle = { ...resource.lifecycle, ignoreChanges: merged };
  }
}

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

/** The provider arguments {@link emulatorProviderSettings} adds, in Terraform's spelling. */
export const EMULATOR_PROVIDER_KEYS = [
  "access_key",
  "secret_key",
  "s3_use_path_style",
  "skip_credentials_validation",
  "skip_metadata_api_check",
  "skip_region_validation",
  "max_retries",
  "endpoints",
] as const;

/** The S3 backend arguments {@link emulatorBackendOverrides} adds. */
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

/** Applies the emulator settings that are not provider arguments to a stack. */
export function applyEmulator(stack: TerraformStack): void {
  Aspects.of(stack).add(new EmulatorGapsAspect());
}
