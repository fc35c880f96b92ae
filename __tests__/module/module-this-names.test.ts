/**
 * `this` addresses of the registry module (issue 16, lib/module/this-names.ts): the primary
 * resource of a type is `<type>.this`, chosen by a reviewed table of construct paths; every
 * other resource keeps its construct path in snake case.
 */
import { synthesizeModule } from "../../lib/module/package-module";

type Resources = Record<string, Record<string, { "//": string }>>;
const resources = (synthesizeModule().main as { resource: Resources }).resource;
const all = Object.entries(resources).flatMap(([type, byName]) =>
  Object.entries(byName).map(([name, body]) => ({ type, name, path: body["//"].replace(/^construct: /, "") })),
);

/** The reviewed table, written out: address -> construct path. */
const THIS_ADDRESSES: Record<string, string> = {
  "aws_vpc.this": "Network/Vpc",
  "aws_internet_gateway.this": "Network/InternetGateway",
  "aws_default_security_group.this": "Network/DefaultSecurityGroup",
  "aws_flow_log.this": "Network/FlowLog",
  "aws_alb.this": "LoadBalancer/Alb",
  "aws_alb_target_group.this": "LoadBalancer/TargetGroup",
  "aws_route53_record.this": "LoadBalancer/Alias",
  "aws_ecs_service.this": "Controller/Service",
  "aws_service_discovery_private_dns_namespace.this": "Discovery/Namespace",
  "aws_service_discovery_service.this": "Discovery/Service",
  "aws_efs_file_system.this": "JenkinsHome/FileSystem",
  "aws_efs_file_system_policy.this": "JenkinsHome/FileSystemPolicy",
  "aws_efs_access_point.this": "JenkinsHome/AccessPoint",
  "aws_efs_mount_target.this": "JenkinsHome/MountTarget",
  "aws_efs_backup_policy.this": "JenkinsHome/AutomaticBackups",
  "aws_sns_topic.this": "Alerts/Topic",
  "aws_sns_topic_policy.this": "Alerts/TopicPolicy",
  "aws_backup_vault.this": "Backup/Vault",
  "aws_backup_vault_lock_configuration.this": "Backup/VaultLock",
  "aws_backup_vault_notifications.this": "Backup/Notifications",
  "aws_backup_plan.this": "Backup/Plan",
  "aws_backup_selection.this": "Backup/Selection",
};

test("the primary resource of each type in the table is <type>.this, at its construct path", () => {
  const named = Object.fromEntries(all.filter((r) => r.name === "this").map((r) => [`${r.type}.${r.name}`, r.path]));
  expect(named).toEqual(THIS_ADDRESSES);
});

test("every other resource keeps its construct path in snake case, including types with several resources", () => {
  const snake = (p: string) =>
    p
      .split("/")
      .map((s) =>
        s
          .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
          .replace(/[^A-Za-z0-9]+/g, "_")
          .replace(/^_+|_+$/g, "")
          .toLowerCase(),
      )
      .join("_");
  const others = all.filter((r) => r.name !== "this");
  expect(others.filter((r) => r.name !== snake(r.path)).map((r) => `${r.type}.${r.name} (${r.path})`)).toEqual([]);
  expect(others.length).toBeGreaterThan(100);
  // Several of a type: none is `this` (which of two clusters or task definitions would be primary is no rule).
  expect(Object.keys(resources.aws_ecs_cluster).sort()).toEqual(["agents_fargate_cluster", "agents_spot_cluster", "controller_cluster"]);
  expect(Object.keys(resources.aws_ecs_task_definition).sort()).toEqual(["controller_task_definition", "restore_task_definition"]);
  expect(Object.keys(resources.aws_kms_key).sort()).toEqual(["alerts_key_key", "data_key_key"]);
  // One of a type, not primary: keeps its name (a second parameter or cache rule would not rename it).
  expect(Object.keys(resources.aws_ssm_parameter)).toEqual(["admin_password_parameter"]);
  expect(Object.keys(resources.aws_ecr_pull_through_cache_rule)).toEqual(["agent_images_pull_through_cache"]);
});
