/**
 * Issue 14: no rule of the stack's schema is missing from the registry module. Every rule of
 * lib/config/rules/index.ts RULES has an entry here: the module variables whose validations
 * carry it (and words of their message, which the test looks for), or the reason the module
 * needs none, or "pending" with what is missing. __tests__/module/module-rule-parity.test.ts
 * fails when a stack rule has no entry or an entry names a validation the module lacks.
 */
import type { RULES } from "../config/rules";

/** How the module carries one stack rule. */
export type Parity =
  /** Validations of these variables; `message` is part of one of their error messages. */
  | { readonly module: readonly string[]; readonly message: string }
  /** The module cannot get this wrong (its inputs differ), with the reason. */
  | { readonly notApplicable: string }
  /** Not in the module yet, with the reason (e.g. the variables are another change's work). */
  | { readonly pending: string };

/** Every stack rule -> the module. */
export const MODULE_RULE_PARITY: Readonly<Record<keyof typeof RULES, Parity>> = {
  auth: { module: ["auth"], message: "give at least one group of administrators" },
  // The wildcard check is the prefix's own pattern (no * or ?); the key region and account checks are credentials_kms_key_arns validations.
  credentials: { module: ["credentials_secret_name_prefix", "credentials_kms_key_arns"], message: "must be keys in the provider's region" },
  jobs: { module: ["jobs"], message: "duplicate job name" },
  agentImages: { pending: "the module has no agent-image mirror or pull-through-cache variables yet (issue 13)" },
  vpcEndpoints: { pending: "the module has no VPC endpoint variables yet (issue 13); it uses the caller's VPC" },
  iam: { module: ["iam_role_permissions_boundary"], message: "policy of account_id or AWS managed" },
  kmsKeyRegion: { module: ["kms_key_arn"], message: "key in the provider's region" },
  region: { notApplicable: "the module has no region variable: the caller's provider sets it, and the AWS provider rejects a region it does not know" },
  arnPartitions: {
    module: ["certificate_arn", "alert_sqs_queue_arns", "iam_role_permissions_boundary", "kms_key_arn"],
    message: "of the provider's partition",
  },
  certificateRegion: { module: ["certificate_arn"], message: "in the provider's region" },
  certificateAccount: { module: ["certificate_arn"], message: "certificate of account_id" },
  names: { module: ["name_prefix", "admin_password_parameter_name", "cloud_map_namespace", "alb_access_logs_bucket"], message: "internal-" },
  tags: { module: ["tags"], message: "at most 45 tags" },
  byoSubnets: { module: ["private_subnet_ids", "public_subnet_ids"], message: "must not share or repeat a subnet" },
  // vpc_cidr, nat_gateways and vpc_flow_logs have defaults, so only zones given with vpc_id are detectable.
  byoIgnoresNewVpcSettings: { module: ["availability_zones"], message: "is only for a new VPC" },
  securityGroupsWithoutVpc: { module: ["additional_security_group_ids"], message: "can only be attached in your own VPC" },
  subnetsWithoutVpc: { module: ["public_subnet_ids", "private_subnet_ids"], message: "is only for your own VPC" },
  newVpcZones: { module: ["availability_zones"], message: "zones of the provider's region" },
  newVpcCidrRange: { module: ["vpc_cidr"], message: "/16 to /24" },
  newVpcLayout: {
    pending:
      "the new VPC's room check (subnet sizes against agent_max_agents and the zone count, lib/config/rules/network.ts newVpcIssues) is not a module validation yet",
  },
  allowedCidrs: { module: ["allowed_cidrs"], message: "host bits" },
  controllerSize: { module: ["controller_memory"], message: "Fargate accepts" },
  templateSizes: { module: ["agent_templates"], message: "memory value Fargate accepts" },
  templateSpot: { module: ["spot_cluster"], message: "spot" },
  templateLabels: { notApplicable: "agent_templates is a map keyed by label, so a label cannot repeat" },
  templatePolicies: { module: ["agent_templates"], message: "service prefix" },
  certificateSource: { notApplicable: "certificate_arn is a required variable of the module" },
  zoneWithoutHost: { module: ["route53_zone_id"], message: "needs hostname" },
  provisionedThroughput: { module: ["efs_provisioned_throughput_mibps"], message: "required when" },
  maxIoElastic: { module: ["efs_throughput_mode"], message: "maxIO" },
  prebuiltUri: { notApplicable: "the module has no image mode: setting controller_image is the prebuilt mode, leaving it null builds" },
  backupSchedule: { module: ["backup_schedule"], message: "at most one backup an hour" },
  backupRetention: { module: ["backup_delete_after_days"], message: "cold_storage_after_days + 90" },
  backupRules: { module: ["backup_additional_rules"], message: "rule names must be unique" },
  vaultLock: { module: ["backup_vault_lock_min_retention_days"], message: "deletion age of every backup rule" },
};
