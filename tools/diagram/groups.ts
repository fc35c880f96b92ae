/**
 * How the diagram groups the stack's resources: the groups and their titles, the top-level
 * constructs and resource types of each, and the "satellite" resources that fold into the one
 * parent they configure.
 */

/** Groups of the diagram, in drawing order. */
export const GROUPS = ["edge", "alerts", "controller", "image", "agents", "storage", "network", "keys", "other"] as const;
export type GroupId = (typeof GROUPS)[number];

/** Titles of the groups. */
export const GROUP_TITLES: Readonly<Record<GroupId, string>> = {
  edge: "Edge: ALB, TLS certificate, DNS",
  alerts: "Alerts: SNS, alarms, events",
  controller: "Controller: ECS service, roles, Cloud Map",
  image: "Images: controller and agent images, ECR, CodeBuild",
  agents: "Agents: FARGATE / FARGATE_SPOT clusters",
  storage: "Storage & backup: EFS, AWS Backup",
  network: "Network: VPC, subnets, NAT, security groups",
  keys: "Encryption: KMS",
  other: "Other",
};

/** Top-level construct ids of the Jenkins stack -> group. */
const CONSTRUCT_GROUPS: Readonly<Record<string, GroupId>> = {
  Network: "network",
  SecurityGroups: "network",
  LoadBalancer: "edge",
  Controller: "controller",
  ControllerRoles: "controller",
  ControllerLogs: "controller",
  Team: "controller",
  Discovery: "controller",
  AdminPassword: "controller",
  Agents: "agents",
  JenkinsHome: "storage",
  Backup: "storage",
  Restore: "storage",
  Alerts: "alerts",
  Image: "image",
  AgentImages: "image",
  VpcEndpoints: "network",
  DataKey: "keys",
};

/** Resource type prefixes -> group, for resources of constructs not listed above. */
const TYPE_GROUPS: ReadonlyArray<[RegExp, GroupId]> = [
  [
    /^aws_(vpc|subnet|route|route_table|internet_gateway|nat_gateway|eip|flow_log|security_group|default_security_group|network_acl|vpc_endpoint)(_|$)/,
    "network",
  ],
  [/^aws_(lb|alb|acm_|route53_|wafv2_)/, "edge"],
  [/^aws_(efs_|backup_)/, "storage"],
  [/^aws_(sns_|cloudwatch_metric_alarm|cloudwatch_event_)/, "alerts"],
  [/^aws_(ecr_|codebuild_)/, "image"],
  [/^aws_kms_/, "keys"],
  [/^aws_(ecs_|service_discovery_)/, "controller"],
];

/**
 * Satellites whose parent is not the type their name starts with: type -> [parent type, attribute
 * holding the parent]. Otherwise a resource `aws_X_Y` referencing one `aws_X` is a satellite of it.
 */
export const SATELLITES: Readonly<Record<string, [string, string]>> = {
  aws_vpc_security_group_ingress_rule: ["aws_security_group", "security_group_id"],
  aws_vpc_security_group_egress_rule: ["aws_security_group", "security_group_id"],
  aws_security_group_rule: ["aws_security_group", "security_group_id"],
  aws_route: ["aws_route_table", "route_table_id"],
  aws_route_table_association: ["aws_route_table", "route_table_id"],
  aws_cloudwatch_event_target: ["aws_cloudwatch_event_rule", "rule"],
  aws_ecr_lifecycle_policy: ["aws_ecr_repository", "repository"],
  aws_kms_alias: ["aws_kms_key", "target_key_id"],
  aws_alb_listener: ["aws_alb", "load_balancer_arn"],
  aws_lb_listener: ["aws_lb", "load_balancer_arn"],
  aws_efs_mount_target: ["aws_efs_file_system", "file_system_id"],
  aws_default_security_group: ["aws_vpc", "vpc_id"],
};

/** Types never folded into another resource even if their name suggests it. */
export const NEVER_SATELLITE = new Set(["aws_efs_access_point", "aws_backup_selection", "aws_service_discovery_service", "aws_s3_object"]);

/** The group of a resource: by the top-level construct that created it, else by its type. */
export function groupOf(type: string, path: string): GroupId {
  const top = path.split("/")[0];
  if (CONSTRUCT_GROUPS[top]) return CONSTRUCT_GROUPS[top];
  for (const [re, g] of TYPE_GROUPS) if (re.test(type)) return g;
  return "other";
}
