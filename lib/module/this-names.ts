/**
 * `this` addresses of the registry module (issue 16): where the module has one primary
 * resource of a type, its address is `<type>.this` (`aws_vpc.this`, `aws_alb.this`), the
 * terraform-aws-modules convention. The rule is this reviewed table, keyed by construct path,
 * not "the only resource of its type": a second resource of a type added later keeps its own
 * snake-case name and never renames the first. Every other resource keeps its construct path in
 * snake case (`aws_ecs_cluster.agents_spot_cluster`).
 *
 * Changing an entry renames a resource in every user's state: say so in the module's CHANGELOG
 * with the `terraform state mv` pairs (package-module.ts). The module cannot ship `moved` blocks
 * for it: Terraform refuses two moves into one address, and the moves from the stack
 * (`npm run module:moves`) target the same addresses.
 */

/** Construct path below the module stack -> the resource type it must be (checked at synthesis). */
export const THIS_NAMES: Readonly<Record<string, string>> = {
  "Network/Vpc": "aws_vpc",
  "Network/InternetGateway": "aws_internet_gateway",
  "Network/DefaultSecurityGroup": "aws_default_security_group",
  "Network/FlowLog": "aws_flow_log",
  "LoadBalancer/Alb": "aws_alb",
  "LoadBalancer/TargetGroup": "aws_alb_target_group",
  "LoadBalancer/Alias": "aws_route53_record",
  "Controller/Service": "aws_ecs_service",
  "Discovery/Namespace": "aws_service_discovery_private_dns_namespace",
  "Discovery/Service": "aws_service_discovery_service",
  "JenkinsHome/FileSystem": "aws_efs_file_system",
  "JenkinsHome/FileSystemPolicy": "aws_efs_file_system_policy",
  "JenkinsHome/AccessPoint": "aws_efs_access_point",
  "JenkinsHome/MountTarget": "aws_efs_mount_target",
  "JenkinsHome/AutomaticBackups": "aws_efs_backup_policy",
  "Alerts/Topic": "aws_sns_topic",
  "Alerts/TopicPolicy": "aws_sns_topic_policy",
  "Backup/Vault": "aws_backup_vault",
  "Backup/VaultLock": "aws_backup_vault_lock_configuration",
  "Backup/Notifications": "aws_backup_vault_notifications",
  "Backup/Plan": "aws_backup_plan",
  "Backup/Selection": "aws_backup_selection",
};

/** The name `this`. */
export const THIS = "this";
